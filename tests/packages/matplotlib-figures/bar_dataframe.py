# A bar chart drawn by pandas from a DataFrame.
import matplotlib.pyplot as plt
import pandas as pd

df = pd.DataFrame({"2023": [3, 7, 5, 2], "2024": [4, 6, 8, 3]}, index=["north", "south", "east", "west"])
fig, ax = plt.subplots(figsize=(5, 3.5), dpi=80)
df.plot.bar(ax=ax, rot=0, title="Sales by region")
ax.set_ylabel("units")
