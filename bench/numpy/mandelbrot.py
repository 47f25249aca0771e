# The Mandelbrot set on a 200x300 complex grid, 20 iterations, masked
# updates of the points that have not escaped.
import numpy as np

y, x = np.ogrid[-1.2:1.2:200j, -2.0:1.0:300j]
c0 = x + 1j * y


def run():
    z = np.zeros_like(c0)
    count = np.zeros(c0.shape, dtype=np.int32)
    live = np.ones(c0.shape, dtype=bool)
    for _ in range(20):
        z[live] = z[live] * z[live] + c0[live]
        live &= np.abs(z) <= 2.0
        count += live
    return int(count.sum())
