"""Fixture and expected key-driver values for DriverTests.swift (research/methods.md §9.13).

Pearson r with scipy.stats.pearsonr; Johnson's (2000) relative weights with numpy: Λ = R^½ of
the predictors' correlation matrix, β = R^-½ r_xy, raw weights = (Λ²) β². Performance is the
0–100 index of each attribute's mean on its 1..5 scale; quadrants split at the means.
Run from this folder: python3 make_expected.py (writes drivers.csv, drivers-sections.csv and
expected.json). drivers-sections.csv adds a staff group asked a fourth dimension the learners
are never asked: the learners' relative weights stay those of their own three dimensions.
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


def relative_weights(predictors, outcome):
    R = np.corrcoef(np.array(predictors, dtype=float))
    rxy = np.array([stats.pearsonr(p, outcome)[0] for p in predictors])
    vals, vecs = np.linalg.eigh(R)
    lam = vecs @ np.diag(np.sqrt(vals)) @ vecs.T
    return (lam ** 2) @ (np.linalg.solve(lam, rxy) ** 2)


staff_y = [4, 5, 3, 4, 2, 5, 3, 4, 4, 2, 3, 5]
staff = {"X1": [4, 5, 3, 4, 2, 4, 3, 3, 5, 2, 3, 4], "X2": [3, 4, 4, 5, 2, 5, 2, 4, 4, 1, 3, 4],
         "X3": [4, 4, 2, 3, 3, 5, 3, 5, 3, 2, 2, 5], "X4": [5, 4, 3, 4, 1, 5, 4, 4, 3, 2, 4, 5]}
with open("drivers-sections.csv", "w") as f:
    f.write("respondent,group,X1,X2,X3,X4,OVERALL\n")
    for i in range(12):
        f.write(f"L{i + 1},learner,{x['X1'][i]},{x['X2'][i]},{x['X3'][i]},,{y[i]}\n")
    for i in range(12):
        f.write(f"S{i + 1},staff,{staff['X1'][i]},{staff['X2'][i]},{staff['X3'][i]},{staff['X4'][i]},{staff_y[i]}\n")
staff_rw = relative_weights([staff[k] for k in ["X1", "X2", "X3", "X4"]], staff_y)
with open("expected.json", "w") as f:
    f.write(json.dumps({"r": r, "performance": perf, "relativeWeights": dict(zip(["d1", "d2", "d3"], map(float, rw))),
                        "staffRelativeWeights": dict(zip(["d1", "d2", "d3", "d4"], map(float, staff_rw))),
                        "quadrant": quad}, indent=2, sort_keys=True) + "\n")
