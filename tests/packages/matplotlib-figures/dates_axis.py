# Dates on the x axis (locators and formatters for datetime64).
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np

days = np.arange("2024-01-01", "2024-04-01", dtype="datetime64[D]")
values = np.cumsum(np.random.default_rng(3).normal(size=days.size))
fig, ax = plt.subplots(figsize=(6, 3), dpi=80)
ax.plot(days, values)
ax.xaxis.set_major_locator(mdates.MonthLocator())
ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
ax.set_title("A random walk in 2024")
fig.autofmt_xdate()
