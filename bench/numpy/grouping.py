# Group-by with numpy alone: 10^5 integer keys made dense with np.unique,
# then per-group sums and counts with np.bincount.
import numpy as np

rng = np.random.default_rng(7)
keys = rng.integers(0, 1000, 100_000) * 7
values = rng.random(100_000)


def run():
    uniq, inverse = np.unique(keys, return_inverse=True)
    sums = np.bincount(inverse, weights=values)
    counts = np.bincount(inverse)
    return float((sums / counts).sum()) + len(uniq)
