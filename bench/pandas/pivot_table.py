# pivot_table of 1M rows: mean of a value by 100 row keys x 12 column keys.
import numpy as np
import pandas as pd

rng = np.random.default_rng(5)
n = 1_000_000
df = pd.DataFrame({"r": rng.integers(0, 100, n), "c": rng.integers(0, 12, n), "v": rng.random(n)})


def run():
    return pd.pivot_table(df, index="r", columns="c", values="v", aggfunc="mean").shape
