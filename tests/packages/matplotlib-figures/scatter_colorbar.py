# A scatter plot coloured by a third value, with a colorbar.
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(1)
x, y = rng.normal(size=(2, 150))
fig, ax = plt.subplots(figsize=(5, 3.5), dpi=80)
points = ax.scatter(x, y, c=np.hypot(x, y), s=25, cmap="viridis")
fig.colorbar(points, ax=ax, label="distance")
ax.set_title("Scatter")
