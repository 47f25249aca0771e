# read_csv of a generated 10 MB CSV (ints, floats, strings, dates), from memory.
import io

import numpy as np
import pandas as pd

rng = np.random.default_rng(1)
n = 200_000
frame = pd.DataFrame(
    {
        "id": np.arange(n),
        "value": rng.normal(size=n),
        "count": rng.integers(0, 1000, n),
        "name": rng.choice(["alpha", "beta", "gamma", "delta"], n),
        "day": pd.date_range("2020-01-01", periods=n, freq="min").strftime("%Y-%m-%d %H:%M"),
    }
)
text = frame.to_csv(index=False)
assert 9e6 < len(text) < 11e6, len(text)


def run():
    df = pd.read_csv(io.StringIO(text), parse_dates=["day"])
    return len(df)
