"""Fixtures and expected values for WeightingTests.swift, computed independently of SurveyKPI.

1. Weighted estimates, research/methods.md §9.9 (weights w, outcome y, binary agree b):
   samplics gives the linearized (Taylor) SE and t interval of the weighted mean; statsmodels
   gives the Wilson interval on Kish's effective n.
2. Raking, methods.md §9.10 (sex F/M × level UG/PG over cells of 30, 20, 10, 40 respondents to
   margins F 55 / M 45 and UG 70 / PG 30): iterative proportional fitting in numpy to
   |total − target| < 1e-13, weights scaled to add up to n, and the raked mean of Y; samplics'
   SampleWeight.rake on the same margins gives the same weights (asserted to 1e-12, and
   stored as samplicsWeights).
Run from this folder: python3 make_expected.py  (writes weighted.csv, raking.csv, expected.json)
"""
import json
import numpy as np
from samplics.estimation import TaylorEstimator
from samplics.weighting import SampleWeight
from samplics.utils.types import PopParam
from statsmodels.stats.proportion import proportion_confint

w = np.array([1, 1, 1, 2, 2, 3, 0.5, 0.5, 1.5, 2.5])
y = np.array([4, 5, 3, 4, 2, 5, 3, 4, 4, 5], dtype=float)
b = np.array([1, 1, 0, 1, 0, 1, 1, 0, 1, 1], dtype=float)
with open("weighted.csv", "w") as f:
    f.write("respondent,w,Y,B\n")
    for i in range(10):
        f.write(f"R{i + 1},{w[i]},{int(y[i])},{int(b[i])}\n")

est = TaylorEstimator(PopParam.mean)
est.estimate(y=y, samp_weight=w, remove_nan=True)
n_eff = w.sum() ** 2 / (w ** 2).sum()
p = float((w * b).sum() / w.sum())
lo, hi = proportion_confint(p * n_eff, n_eff, alpha=0.05, method="wilson")
expected = {
    "mean": float(est.point_est), "se": float(est.stderror),
    "ci": [float(est.lower_ci), float(est.upper_ci)], "nEff": float(n_eff),
    "favourable": {"p": p, "ci": [float(lo), float(hi)]},
}

cells = [("F", "UG", 30, 5), ("F", "PG", 20, 4), ("M", "UG", 10, 2), ("M", "PG", 40, 3)]
rows = []
for s, l, count, base in cells:
    for i in range(count):
        rows.append((f"R{len(rows) + 1}", s, l, base - (i % 2)))
with open("raking.csv", "w") as f:
    f.write("respondent,sex,level,Y\n")
    f.writelines(f"{r},{s},{l},{v}\n" for r, s, l, v in rows)
sex = np.array([0 if r[1] == "F" else 1 for r in rows])
lev = np.array([0 if r[2] == "UG" else 1 for r in rows])
wr = np.ones(len(rows))
n = len(rows)
t_sex, t_lev = np.array([55, 45]) / 100 * n, np.array([70, 30]) / 100 * n
for _ in range(1000):
    for cat, t in ((sex, t_sex), (lev, t_lev)):
        wr = wr * (t / np.bincount(cat, weights=wr))[cat]
    if max(abs(np.bincount(sex, weights=wr) - t_sex).max(), abs(np.bincount(lev, weights=wr) - t_lev).max()) < 1e-13:
        break
yr = np.array([r[3] for r in rows], dtype=float)
first = {f"{s}/{l}": next(i for i, r in enumerate(rows) if r[1] == s and r[2] == l) for s, l, _, _ in cells}
# samplics' rake() on the same data and margins must agree with the numpy IPF.
rs = SampleWeight().rake(
    samp_weight=np.ones(n), margins={"sex": np.array([r[1] for r in rows]), "level": np.array([r[2] for r in rows])},
    control={"sex": {"F": 55, "M": 45}, "level": {"UG": 70, "PG": 30}}, tol=1e-15, ctrl_tol=1e-15, max_iter=1000)
assert np.allclose(rs, wr, rtol=1e-12, atol=0), "samplics and numpy IPF disagree"
expected["raking"] = {"weights": {k: float(wr[i]) for k, i in first.items()}, "mean": float((wr * yr).sum() / wr.sum()),
                      "samplicsWeights": {k: float(rs[i]) for k, i in first.items()}}
with open("expected.json", "w") as f:
    f.write(json.dumps(expected, indent=2, sort_keys=True) + "\n")
