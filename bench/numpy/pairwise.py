# Pairwise Euclidean distances of 1000 points in 3-D, by broadcasting.
import numpy as np

pts = np.random.default_rng(2).random((1000, 3))


def run():
    diff = pts[:, None, :] - pts[None, :, :]
    d = np.sqrt((diff * diff).sum(axis=-1))
    return float(d.sum())
