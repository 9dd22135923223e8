"""The grouped work of `surveykpi analyze`, in polars (see duckdb_grouped.py)."""
import sys
import polars as pl

path = sys.argv[1]
items = [f"Q{i}" for i in range(1, 31)]
df = pl.read_csv(path, schema_overrides={q: pl.Int16 for q in items} | {"wave": pl.Utf8})
aggs = []
for q in items:
    v = pl.when(pl.col(q).is_between(1, 5)).then(pl.col(q))
    aggs += [v.count().alias(f"{q}_n"), v.mean().alias(f"{q}_mean"), v.std().alias(f"{q}_sd"),
             (v >= 4).cast(pl.Float64).mean().alias(f"{q}_fav")]
out = df.group_by(["wave", "group"]).agg(aggs).sort(["wave", "group"])
print(f"polars: {out.height} cells, Q1 mean of first cell {out['Q1_mean'][0]:.6f}")
