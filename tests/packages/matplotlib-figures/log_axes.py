# Log and symlog scales.
import matplotlib.pyplot as plt
import numpy as np

x = np.logspace(0, 4, 50)
fig, (a, b) = plt.subplots(1, 2, figsize=(6, 3), dpi=80)
a.loglog(x, x**1.5, label="x^1.5")
a.loglog(x, 10 * x**0.5, label="10 sqrt(x)")
a.legend()
b.plot(np.linspace(-50, 50, 101), np.linspace(-50, 50, 101) ** 3)
b.set_yscale("symlog")
fig.tight_layout()
