# Filled contours with contour lines and their labels.
import matplotlib.pyplot as plt
import numpy as np

x, y = np.meshgrid(np.linspace(-2, 2, 80), np.linspace(-2, 2, 80))
z = np.exp(-(x**2 + y**2)) - 0.5 * np.exp(-((x - 1) ** 2 + (y - 1) ** 2))
fig, ax = plt.subplots(figsize=(5, 3.5), dpi=80)
ax.contourf(x, y, z, levels=12, cmap="coolwarm")
lines = ax.contour(x, y, z, levels=6, colors="k", linewidths=0.7)
ax.clabel(lines, fontsize=7)
ax.set_title("Contours")
