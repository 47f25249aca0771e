# Random numbers: 10^5 normal draws from a Generator, their cumulative sum
# and its running maximum.
import numpy as np

rng = np.random.default_rng(13)


def run():
    steps = rng.standard_normal(100_000)
    walk = np.cumsum(steps)
    return float(np.maximum.accumulate(walk)[-1])
