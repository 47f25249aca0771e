# Local maxima of a 2-D field (512x512): each interior point compared with
# its eight neighbours through shifted views, then the peaks' coordinates.
import numpy as np

field = np.random.default_rng(6).random((512, 512))


def run():
    c = field[1:-1, 1:-1]
    peak = np.ones(c.shape, dtype=bool)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dy or dx:
                peak &= c > field[1 + dy : field.shape[0] - 1 + dy, 1 + dx : field.shape[1] - 1 + dx]
    ys, xs = np.nonzero(peak)
    return int(ys.sum() + xs.sum())
