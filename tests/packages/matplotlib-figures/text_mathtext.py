# Text: sizes, weights, rotation, alignment, a box, and mathtext.
import matplotlib.pyplot as plt

fig = plt.figure(figsize=(5, 3.5), dpi=80)
fig.text(0.05, 0.85, "Plain text", fontsize=14)
fig.text(0.05, 0.7, "Bold and italic", fontsize=12, weight="bold", style="italic")
fig.text(0.6, 0.5, "Rotated", rotation=30, fontsize=12)
fig.text(0.05, 0.45, r"$\alpha^2 + \beta_i = \frac{\sqrt{x}}{\sum_{n=1}^\infty y_n}$", fontsize=14)
fig.text(0.05, 0.2, "In a box", fontsize=12, bbox={"boxstyle": "round", "facecolor": "wheat"})
fig.text(0.95, 0.05, "right aligned", ha="right", fontsize=10, family="monospace")
