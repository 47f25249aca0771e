# Harris corner detector on a 512x512 image: gradients, box-filtered structure
# tensor, corner response (the classic numpy benchmark kernel).
import numpy as np

rng = np.random.default_rng(0)
img = rng.random((512, 512))


def box3(a):
    out = a[:-2, :-2] + a[1:-1, :-2] + a[2:, :-2]
    out += a[:-2, 1:-1] + a[1:-1, 1:-1] + a[2:, 1:-1]
    out += a[:-2, 2:] + a[1:-1, 2:] + a[2:, 2:]
    return out


def run():
    dx = img[1:-1, 2:] - img[1:-1, :-2]
    dy = img[2:, 1:-1] - img[:-2, 1:-1]
    a, b, c = box3(dx * dx), box3(dx * dy), box3(dy * dy)
    r = (a * c - b * b) - 0.04 * (a + c) ** 2
    return int((r > r.mean() + 2 * r.std()).sum())
