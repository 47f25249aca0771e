# Sorting: 10^5 floats with np.sort and an argsort of 10^5 integers.
import numpy as np

rng = np.random.default_rng(12)
floats = rng.random(100_000)
ints = rng.integers(0, 1_000_000, 100_000)


def run():
    s = np.sort(floats)
    order = np.argsort(ints, kind="stable")
    return float(s[50_000]) + int(order[0])
