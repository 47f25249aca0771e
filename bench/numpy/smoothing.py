# Exponential smoothing of a 10^4-element series in a Python loop over the
# array's elements (numpy scalars, item reads and writes).
import numpy as np

series = np.random.default_rng(8).random(10_000)


def run(alpha=0.3):
    out = np.empty_like(series)
    out[0] = series[0]
    for i in range(1, len(series)):
        out[i] = alpha * series[i] + (1 - alpha) * out[i - 1]
    return float(out[-1])
