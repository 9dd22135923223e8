"""The grouped work of `surveykpi analyze`, in pandas (see duckdb_grouped.py)."""
import sys
import pandas as pd

path = sys.argv[1]
items = [f"Q{i}" for i in range(1, 31)]
df = pd.read_csv(path, usecols=["wave", "group"] + items, dtype={"wave": str, "group": str})
valid = df[items].where((df[items] >= 1) & (df[items] <= 5))
fav = (valid >= 4).astype(float).where(valid.notna())
keys = [df["wave"], df["group"]]
g = valid.groupby(keys)
out = pd.concat([g.count().add_suffix("_n"), g.mean().add_suffix("_mean"), g.std().add_suffix("_sd"),
                 fav.groupby(keys).mean().add_suffix("_fav")], axis=1)
print(f"pandas: {len(out)} cells, Q1 mean of first cell {out['Q1_mean'].iloc[0]:.6f}")
