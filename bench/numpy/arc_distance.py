# Great-circle distances between 10^5 pairs of points (haversine): sin,
# cos, sqrt and arctan2 on float arrays.
import numpy as np

rng = np.random.default_rng(11)
lat1, lon1, lat2, lon2 = rng.random((4, 100_000)) * np.pi


def run():
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    d = 2 * np.arctan2(np.sqrt(a), np.sqrt(1 - a))
    return float(d.sum())
