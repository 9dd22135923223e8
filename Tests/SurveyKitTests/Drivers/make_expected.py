"""Fixture and expected key-driver values for DriverTests.swift (research/methods.md §9.13).

Pearson r with scipy.stats.pearsonr; Johnson's (2000) relative weights with numpy: Λ = R^½ of
the predictors' correlation matrix, β = R^-½ r_xy, raw weights = (Λ²) β². Performance is the
0–100 index of each attribute's mean on its 1..5 scale; quadrants split at the means.
Run from this folder: python3 make_expected.py (writes drivers.csv and expected.json).
"""
import json
import numpy as np
from scipy import stats

y = [5, 4, 4, 3, 5, 2, 4, 3, 5, 2, 3, 4]
x = {"X1": [5, 4, 5, 3, 5, 2, 4, 3, 4, 1, 3, 4], "X2": [4, 4, 3, 3, 5, 3, 4, 2, 5, 2, 2, 3], "X3": [3, 5, 4, 2, 4, 3, 3, 4, 5, 3, 2, 4]}
with open("drivers.csv", "w") as f:
    f.write("respondent,X1,X2,X3,OVERALL\n")
    for i in range(12):
        f.write(f"R{i + 1},{x['X1'][i]},{x['X2'][i]},{x['X3'][i]},{y[i]}\n")
r = {k: float(stats.pearsonr(v, y)[0]) for k, v in x.items()}
perf = {k: (np.mean(v) - 1) / 4 * 100 for k, v in x.items()}
X = np.array([x[k] for k in ["X1", "X2", "X3"]], dtype=float)
R = np.corrcoef(X)
rxy = np.array([r[k] for k in ["X1", "X2", "X3"]])
vals, vecs = np.linalg.eigh(R)
lam = vecs @ np.diag(np.sqrt(vals)) @ vecs.T
beta = np.linalg.solve(lam, rxy)
rw = (lam ** 2) @ (beta ** 2)
mr, mp = np.mean(list(r.values())), np.mean(list(perf.values()))
quad = {k: ("strength" if perf[k] >= mp else "priority") if r[k] >= mr else ("maintain" if perf[k] >= mp else "low-priority") for k in x}
with open("expected.json", "w") as f:
    f.write(json.dumps({"r": r, "performance": perf, "relativeWeights": dict(zip(["d1", "d2", "d3"], map(float, rw))), "quadrant": quad}, indent=2, sort_keys=True) + "\n")
