# A 2x2 grid of subplots of different kinds, with a shared x axis.
import matplotlib.pyplot as plt
import numpy as np

x = np.arange(10)
fig, axes = plt.subplots(2, 2, figsize=(6, 4.5), dpi=80, sharex=True)
axes[0, 0].plot(x, x**2, "o-")
axes[0, 1].step(x, np.sqrt(x))
axes[1, 0].fill_between(x, x, x * 1.5, alpha=0.4)
axes[1, 1].errorbar(x, np.sin(x), yerr=0.2, fmt="s")
for ax, title in zip(axes.flat, "abcd"):
    ax.set_title(title)
fig.tight_layout()
