# The Rosenbrock function and its gradient on a 1e6-element vector.
import numpy as np

x = np.linspace(-1.5, 1.5, 1_000_000)


def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def rosen_grad(x):
    xm, xm_m1, xm_p1 = x[1:-1], x[:-2], x[2:]
    g = np.zeros_like(x)
    g[1:-1] = 200 * (xm - xm_m1**2) - 400 * (xm_p1 - xm**2) * xm - 2 * (1 - xm)
    g[0] = -400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0])
    g[-1] = 200 * (x[-1] - x[-2] ** 2)
    return g


def run():
    return float(rosen(x)) + float(rosen_grad(x).sum())
