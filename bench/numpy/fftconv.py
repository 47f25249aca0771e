# Convolution of a 2**18-sample signal with a 4096-tap kernel through rfft.
import numpy as np

rng = np.random.default_rng(4)
sig = rng.standard_normal(2**18)
ker = rng.standard_normal(4096)


def run():
    n = len(sig) + len(ker) - 1
    size = 1 << (n - 1).bit_length()
    out = np.fft.irfft(np.fft.rfft(sig, size) * np.fft.rfft(ker, size), size)[:n]
    return float(out[:10].sum())
