# imshow of an array, with a colormap and a colorbar.
import matplotlib.pyplot as plt
import numpy as np

y, x = np.mgrid[-3:3:60j, -3:3:80j]
z = np.sin(x) * np.cos(y) * np.exp(-(x**2 + y**2) / 6)
fig, ax = plt.subplots(figsize=(5, 3.5), dpi=80)
im = ax.imshow(z, cmap="RdBu_r", origin="lower", extent=(-3, 3, -3, 3))
fig.colorbar(im, ax=ax)
ax.set_title("imshow")
