# groupby().agg() of 1M rows over 1000 keys: sum, mean, max, count.
import numpy as np
import pandas as pd

rng = np.random.default_rng(2)
n = 1_000_000
df = pd.DataFrame({"key": rng.integers(0, 1000, n), "x": rng.normal(size=n), "y": rng.random(n)})


def run():
    out = df.groupby("key").agg(xs=("x", "sum"), xm=("x", "mean"), ym=("y", "max"), n=("y", "count"))
    return len(out)
