# One step of a 1000-body gravity simulation (all-pairs accelerations).
import numpy as np

rng = np.random.default_rng(3)
pos = rng.standard_normal((1000, 3))
vel = np.zeros((1000, 3))
mass = rng.random(1000) + 0.5


def run():
    global pos, vel
    d = pos[None, :, :] - pos[:, None, :]
    r2 = (d * d).sum(-1) + 1e-3
    inv = r2**-1.5
    acc = (d * (inv * mass[None, :])[:, :, None]).sum(1)
    vel = vel + 0.001 * acc
    pos = pos + 0.001 * vel
    return float(pos.sum())
