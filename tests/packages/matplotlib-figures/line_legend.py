# A line plot with a legend, axis labels and a title.
import matplotlib.pyplot as plt
import numpy as np

x = np.linspace(0, 2 * np.pi, 200)
fig, ax = plt.subplots(figsize=(5, 3.5), dpi=80)
ax.plot(x, np.sin(x), label="sin(x)")
ax.plot(x, np.cos(x), "--", label="cos(x)")
ax.set_xlabel("x (radians)")
ax.set_ylabel("value")
ax.set_title("Two waves")
ax.legend(loc="upper right")
ax.grid(True)
