# rolling(100).mean() of 1M floats (pandas' C++ window aggregations).
import numpy as np
import pandas as pd

s = pd.Series(np.random.default_rng(4).normal(size=1_000_000))


def run():
    return float(s.rolling(100).mean().iloc[-1])
