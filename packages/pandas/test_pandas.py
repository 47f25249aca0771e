"""pandas' checks in pyxis (run inside the runtime by tests/packages): the
data-analysis workflow a user starts with, each step against values worked
out by hand. pandas' own suite is `make pandas-tests`."""

import io
import json

import numpy as np
import pytest

import pandas as pd

CSV = """city,when,temp,rain,kind
Oslo,2024-01-01 08:00,-3.5,1,cold
Oslo,2024-01-01 20:00,-6.0,,cold
Lima,2024-01-01 08:00,21.0,0,warm
Lima,2024-01-02 08:00,23.5,0,warm
Oslo,2024-01-02 08:00,-1.0,4,cold
"""


@pytest.fixture
def df():
    return pd.read_csv(
        io.StringIO(CSV),
        parse_dates=["when"],
        dtype={"rain": "Int64", "kind": "category"},
    )


def test_read_csv_dtypes(df):
    assert list(df.columns) == ["city", "when", "temp", "rain", "kind"]
    assert df["when"].dtype.kind == "M"
    assert str(df["rain"].dtype) == "Int64"
    assert df["rain"].isna().tolist() == [False, True, False, False, False]
    assert isinstance(df["kind"].dtype, pd.CategoricalDtype)
    assert sorted(df["kind"].cat.categories) == ["cold", "warm"]
    assert df["temp"].sum() == pytest.approx(34.0)


def test_time_zones(df):
    utc = df["when"].dt.tz_localize("Europe/Oslo").dt.tz_convert("UTC")
    assert str(utc.dt.tz) == "UTC"
    assert utc.iloc[0] == pd.Timestamp("2024-01-01 07:00", tz="UTC")
    ts = pd.Timestamp("2024-07-01 12:00", tz="America/Lima")
    assert ts.utcoffset() == pd.Timedelta(hours=-5)


def test_groupby_agg(df):
    agg = df.groupby("city").agg(mean_temp=("temp", "mean"), rain=("rain", "sum"), n=("temp", "size"))
    assert agg.loc["Oslo", "mean_temp"] == pytest.approx(-3.5)
    assert agg.loc["Lima", "mean_temp"] == pytest.approx(22.25)
    assert agg.loc["Oslo", "rain"] == 5
    assert agg["n"].to_dict() == {"Lima": 2, "Oslo": 3}
    by_kind = df.groupby("kind", observed=True)["temp"].max()
    assert by_kind.to_dict() == {"cold": -1.0, "warm": 23.5}


def test_merge_join_pivot(df):
    countries = pd.DataFrame({"city": ["Oslo", "Lima"], "country": ["NO", "PE"]})
    merged = df.merge(countries, on="city", how="left")
    assert merged["country"].tolist() == ["NO", "NO", "PE", "PE", "NO"]
    joined = df.set_index("city").join(countries.set_index("city"))
    assert joined.loc["Lima", "country"].tolist() == ["PE", "PE"]
    table = df.assign(day=df["when"].dt.day).pivot_table(
        index="city", columns="day", values="temp", aggfunc="mean"
    )
    assert table.loc["Oslo", 1] == pytest.approx(-4.75)
    assert table.loc["Lima", 2] == pytest.approx(23.5)


def test_rolling_and_expanding_windows():
    # pandas' window aggregations are C++ (pandas/_libs/window/aggregations).
    s = pd.Series([1.0, 2.0, 4.0, np.nan, 8.0, 16.0])
    assert s.rolling(2).sum().tolist()[1:3] == [3.0, 6.0]
    assert s.rolling(2, min_periods=1).mean().tolist() == [1.0, 1.5, 3.0, 4.0, 8.0, 12.0]
    assert s.expanding().max().tolist() == [1.0, 2.0, 4.0, 4.0, 8.0, 16.0]
    med = pd.Series(range(10), dtype=float).rolling(3).median()
    assert med.tolist()[2:] == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    q = pd.Series(range(5), dtype=float).rolling(5).quantile(0.5)
    assert q.iloc[-1] == 2.0
    ewm = pd.Series([1.0, 1.0, 1.0]).ewm(alpha=0.5).mean()
    assert ewm.tolist() == [1.0, 1.0, 1.0]


def test_resample():
    idx = pd.date_range("2024-01-01", periods=48, freq="h", tz="UTC")
    s = pd.Series(np.arange(48.0), index=idx)
    daily = s.resample("D").sum()
    assert daily.tolist() == [sum(range(24)), sum(range(24, 48))]
    assert str(daily.index.tz) == "UTC"


def test_string_methods(df):
    assert df["city"].str.upper().tolist()[:3] == ["OSLO", "OSLO", "LIMA"]
    assert df["city"].str.contains("s").sum() == 3
    assert df["city"].str.len().tolist() == [4, 4, 4, 4, 4]
    s = pd.Series(["a,b", None, "c"], dtype="string")
    assert s.str.split(",").tolist()[0] == ["a", "b"]
    assert s.isna().tolist() == [False, True, False]


def test_output_formats(df):
    out = df[["city", "temp"]].head(2).to_csv(index=False)
    assert out == "city,temp\nOslo,-3.5\nOslo,-6.0\n"
    records = json.loads(df[["city", "rain"]].to_json(orient="records"))
    assert records[1] == {"city": "Oslo", "rain": None}
    assert df[["city"]].tail(1).to_dict(orient="list") == {"city": ["Oslo"]}
    back = pd.read_json(io.StringIO(df[["temp"]].to_json()))
    assert back["temp"].tolist() == df["temp"].tolist()


def test_to_numpy_shares_memory():
    df = pd.DataFrame({"x": np.arange(5, dtype=np.float64)})
    arr = df["x"].to_numpy()
    assert np.shares_memory(arr, df["x"].array.to_numpy())
    assert arr.dtype == np.float64


def test_describe_and_html(df):
    d = df["temp"].describe()
    assert d["count"] == 5
    html = df.head(2).to_html()
    assert html.startswith("<table") and "Oslo" in html


def test_errors_are_python_exceptions():
    with pytest.raises(KeyError):
        pd.DataFrame({"a": [1]})["missing"]
    with pytest.raises(pd.errors.ParserError):
        pd.read_csv(io.StringIO('a,b\n1,"2\n'), engine="c")
    with pytest.raises(ValueError):
        pd.to_datetime(["not a date"], format="%Y-%m-%d")
    # The runtime goes on.
    assert pd.DataFrame({"a": [1, 2]})["a"].sum() == 3
