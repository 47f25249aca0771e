# RGB to grayscale (ITU-R 601 weights) of a 1024x1024 uint8 image.
import numpy as np

rgb = np.random.default_rng(1).integers(0, 256, (1024, 1024, 3), dtype=np.uint8)
weights = np.array([0.299, 0.587, 0.114])


def run():
    gray = (rgb @ weights).astype(np.uint8)
    return int(gray.sum())
