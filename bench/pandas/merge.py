# merge (inner join on an int key) of two 1M-row frames.
import numpy as np
import pandas as pd

rng = np.random.default_rng(3)
n = 1_000_000
left = pd.DataFrame({"key": rng.permutation(n), "a": rng.random(n)})
right = pd.DataFrame({"key": rng.permutation(n), "b": rng.random(n)})


def run():
    return len(left.merge(right, on="key"))
