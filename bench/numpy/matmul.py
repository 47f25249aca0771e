# Matrix products: 200x200 @ 200x200 and a matrix-vector product.
import numpy as np

rng = np.random.default_rng(9)
a = rng.random((200, 200))
b = rng.random((200, 200))
v = rng.random(200)


def run():
    c = a @ b
    return float(c.sum() + (a @ v).sum())
