"""The grouped work of `surveykpi analyze`, in DuckDB: per wave × group, for every item, n, mean,
SD and favourable share over the valid codes (1..5; 9 is "not applicable", blanks are missing)."""
import sys
import duckdb

path = sys.argv[1]
items = [f"Q{i}" for i in range(1, 31)]
con = duckdb.connect()
con.execute("SET threads TO 2")
parts = []
for q in items:
    v = f'CASE WHEN "{q}" BETWEEN 1 AND 5 THEN "{q}" END'
    parts.append(f"count({v}) AS {q}_n, avg({v}) AS {q}_mean, stddev_samp({v}) AS {q}_sd, "
                 f"avg(CASE WHEN {v} >= 4 THEN 1.0 WHEN {v} IS NOT NULL THEN 0.0 END) AS {q}_fav")
types = ", ".join(f"'{q}': 'SMALLINT'" for q in items)
sql = (f"SELECT wave, \"group\", {', '.join(parts)} FROM read_csv('{path}', header=true, "
       f"types={{{types}, 'wave': 'VARCHAR'}}) GROUP BY wave, \"group\" ORDER BY wave, \"group\"")
rows = con.execute(sql).fetchall()
print(f"duckdb: {len(rows)} cells, Q1 mean of first cell {rows[0][3]:.6f}")
