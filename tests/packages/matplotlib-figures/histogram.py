# A histogram of normal samples, two overlapping series.
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(2)
fig, ax = plt.subplots(figsize=(5, 3.5), dpi=80)
ax.hist(rng.normal(0, 1, 2000), bins=40, alpha=0.6, label="a")
ax.hist(rng.normal(1.5, 0.7, 2000), bins=40, alpha=0.6, label="b")
ax.legend()
ax.set_title("Histogram")
