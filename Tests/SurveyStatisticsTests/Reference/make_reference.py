#!/usr/bin/env python3
"""Expected values for SurveyStatisticsTests, computed independently of the Swift code.

Run from anywhere:  python3 Tests/SurveyStatisticsTests/Reference/make_reference.py
It rewrites reference.json next to this file. Tools (pin these when regenerating):
numpy, scipy, statsmodels, pingouin, pandas, samplics, mpmath (see "versions" in the output).

Every value comes from a library call where one exists (scipy, statsmodels, pingouin,
samplics, pandas). Closed forms without a library (adjusted-Wald NPS, Johnson's relative
weights, IPF raking) are computed here in numpy straight from research/methods.md.
The `methods` section copies the worked numbers of research/methods.md section 9 verbatim.
Missing answers are written as null.

Deliberate departures from the libraries (the Swift contract, documented in the kernels):
- Student t: 50-digit mpmath replaces scipy where scipy overflows (t.ppf(1e-300, 3.5) = inf)
  or is inaccurate (t.cdf(+-1e-8, 1) off by 5e-10); listed under *FromMpmath.
- t interval of a constant sample: [mean, mean] (scipy: NaN for scale 0).
- adjusted-Wald NPS bounds are clamped to [-100, 100].
- linregress with constant y: scipy gives NaN p; the Swift contract is p = 1 (tested in Swift).
- Cronbach pairwise n: rows with at least one answer (pingouin reports no n).
- alpha-if-item-deleted, listwise: the same complete rows as alpha (the covariance submatrix).
The output is deterministic (numpy Generator seed 7); rerunning gives identical bytes.
"""
import json
import math
import os
import warnings

import mpmath
import numpy as np
import pandas as pd
import pingouin
import scipy
import scipy.special as sps
import scipy.stats as st
import statsmodels
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

warnings.filterwarnings("ignore")
import samplics  # noqa: E402
from samplics import PopParam, TaylorEstimator  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = {}

OUT["versions"] = {
    "numpy": np.__version__, "scipy": scipy.__version__, "statsmodels": statsmodels.__version__,
    "pingouin": pingouin.__version__, "pandas": pd.__version__, "samplics": samplics.__version__,
    "mpmath": mpmath.__version__,
}


def f(x):
    """Plain float (None for NaN) so json stays standard."""
    x = float(x)
    return None if math.isnan(x) else x


# ---------------------------------------------------------------- distributions
norm_x = [-37.5, -30.0, -20.0, -10.0, -5.0, -1.959963984540054, -1.0, -1e-10, 0.0, 0.5, 1.0, 3.0, 8.0]
norm_p = [1e-300, 1e-200, 1e-50, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.975,
          0.999999, 1 - 1e-12]
OUT["normalCDF"] = [[x, f(st.norm.cdf(x))] for x in norm_x]
OUT["normalQuantile"] = [[p, f(st.norm.ppf(p))] for p in norm_p]

t_df = [1.0, 2.0, 3.5, 10.0, 18.949200757377106, 100.0, 1e6]
t_x = [-1e6, -50.0, -10.0, -3.0, -1.959963984540054, -0.5, -1e-8, 0.0, 1e-8, 0.3, 1.0, 2.5, 7.0, 40.0]
t_p = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.05, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9,
       0.975, 0.999, 1 - 1e-10]


def t_cdf_mp(x, df):
    """50-digit mpmath Student t CDF."""
    mpmath.mp.dps = 50
    x, df = mpmath.mpf(x), mpmath.mpf(df)
    if x == 0:
        return 0.5
    tail = mpmath.betainc(df / 2, mpmath.mpf(1) / 2, 0, df / (df + x * x), regularized=True) / 2
    return float(tail if x < 0 else 1 - tail)


# scipy's value, unless 50-digit mpmath disagrees beyond 1e-13 relative (scipy 1.17 is off by
# 5e-10 for df = 1 at |t| = 1e-8); those rows are listed in studentTCDFFromMpmath.
OUT["studentTCDF"] = []
for df in t_df:
    for x in t_x:
        v = st.t.cdf(x, df)
        if not v > 1e-300:
            continue
        exact = t_cdf_mp(x, df)
        if abs(v - exact) > 1e-13 * abs(exact):
            v = exact
            OUT.setdefault("studentTCDFFromMpmath", []).append([x, df])
        OUT["studentTCDF"].append([x, df, f(v)])


def t_quantile_mp(p, df):
    """50-digit mpmath root of the t CDF, for the few (p, df) where scipy overflows to inf."""
    mpmath.mp.dps = 50
    p, df = mpmath.mpf(p), mpmath.mpf(df)
    def tail(t):  # P(T < t) for t < 0
        return mpmath.betainc(df / 2, mpmath.mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2
    # work in log|t| so the root finder sees a nearly linear function in the far tail
    g = lambda u: mpmath.log(tail(-mpmath.exp(u))) - mpmath.log(p)
    u0 = (mpmath.log(1 / (mpmath.sqrt(df) * mpmath.beta(df / 2, 0.5))) + (df - 1) / 2 * mpmath.log(df)
          - mpmath.log(p)) / df
    return float(-mpmath.exp(mpmath.findroot(g, u0)))


OUT["studentTQuantile"] = []
for df in t_df:
    for p in t_p:
        q = st.t.ppf(p, df)
        source = "scipy"
        if not math.isfinite(q):
            q, source = t_quantile_mp(p, df), "mpmath"
        OUT["studentTQuantile"].append([p, df, f(q)])
        if source == "mpmath":
            OUT.setdefault("studentTQuantileFromMpmath", []).append([p, df])

beta_ab = [(0.5, 0.5), (1.0, 1.0), (2.0, 3.0), (0.5, 10.0), (10.0, 0.5), (50.0, 50.0), (500.0, 0.5),
           (5e5, 0.5), (0.1, 20.0), (30.0, 2.5), (3.25, 1e3)]
beta_x = [1e-10, 0.001, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999, 0.999999]
OUT["incompleteBeta"] = [[x, a, b, f(sps.betainc(a, b, x))] for (a, b) in beta_ab for x in beta_x
                         if sps.betainc(a, b, x) > 1e-280]

# ---------------------------------------------------------------- descriptive (from counts)
def hist_case(values, lower, upper):
    values = np.asarray(values, dtype=float)
    counts = [int((values == v).sum()) for v in range(lower, upper + 1)]
    n = len(values)
    case = {"counts": counts, "lower": lower, "n": n,
            "mean": f(np.mean(values)) if n else None,
            "sd": f(np.std(values, ddof=1)) if n > 1 else None,
            "median": f(np.median(values)) if n else None}
    for conf in (0.95, 0.9):
        if n > 1 and np.std(values) == 0:
            # scipy returns NaN for scale 0; the contract is the degenerate interval [mean, mean]
            case[f"ci{int(conf * 100)}"] = [f(values[0]), f(values[0])]
        elif n > 1:
            lo, hi = st.t.interval(conf, n - 1, loc=np.mean(values), scale=st.sem(values))
            case[f"ci{int(conf * 100)}"] = [f(lo), f(hi)]
        else:
            case[f"ci{int(conf * 100)}"] = None
    return case


rng = np.random.default_rng(7)
OUT["descriptive"] = [
    hist_case([5, 4, 4, 3, 5, 2, 4, 5, 3, 4], 1, 5),  # methods 9.1
    hist_case(rng.integers(1, 6, size=537), 1, 5),
    hist_case(rng.integers(0, 11, size=1000), 0, 10),   # even n, 0..10
    hist_case(rng.integers(-2, 3, size=41), -2, 2),     # negative codes
    hist_case([3, 3, 3, 3], 1, 5),                      # constant: sd 0
    hist_case([2], 1, 5),                               # n = 1
    hist_case([], 1, 5),                                # n = 0
]

# ---------------------------------------------------------------- Wilson
wilson_cases = [(37, 50, 0.95), (10, 10, 0.95), (0, 12, 0.95), (9, 10, 0.95), (1, 1, 0.95),
                (37, 50, 0.9), (37, 50, 0.99), (512, 1013, 0.95),
                (0.7666666666666667 * 7.758620689655173, 7.758620689655173, 0.95),  # weighted, 9.9
                (3.3, 4.7, 0.95)]
OUT["wilson"] = []
for c, n, conf in wilson_cases:
    lo, hi = proportion_confint(c, n, alpha=1 - conf, method="wilson")
    OUT["wilson"].append({"count": c, "n": n, "confidence": conf, "low": f(lo), "high": f(hi)})

# ---------------------------------------------------------------- NPS (closed form, SPEC 5.1)
def nps_case(P, passives, D, conf):
    n = P + passives + D
    z = st.norm.ppf(1 - (1 - conf) / 2)
    p, d = P / n, D / n
    se = 100 * math.sqrt((p + d - (p - d) ** 2) / n)
    n2 = n + 3
    p2, d2 = (P + 0.75) / n2, (D + 0.75) / n2
    centre = 100 * (p2 - d2)
    se2 = 100 * math.sqrt((p2 + d2 - (p2 - d2) ** 2) / n2)
    return {"promoters": P, "passives": passives, "detractors": D, "confidence": conf,
            "score": 100 * (P - D) / n, "standardError": se,
            "low": max(-100.0, centre - z * se2), "high": min(100.0, centre + z * se2)}


OUT["nps"] = [nps_case(45, 30, 25, 0.95), nps_case(7, 4, 4, 0.95), nps_case(7, 4, 4, 0.9),
              nps_case(130, 410, 77, 0.95), nps_case(0, 0, 9, 0.95), nps_case(5, 0, 0, 0.95)]

# ---------------------------------------------------------------- moments
mom = rng.normal(3.7, 0.9, size=333)
OUT["moments"] = {"data": [float(v) for v in mom], "mean": f(np.mean(mom)), "sd": f(np.std(mom, ddof=1))}

# ---------------------------------------------------------------- Cronbach's alpha
def alpha_block(df, policy):
    k = df.shape[1]
    if policy == "listwise":
        rows = df.dropna(axis=0, how="any")
        n = rows.shape[0]
        C = rows.cov().to_numpy()
    else:
        rows = df
        n = int(df.notna().any(axis=1).sum())
        C = df.cov().to_numpy()
    value = pingouin.cronbach_alpha(df, nan_policy=policy)[0]
    drop, citc = [], []
    for j, col in enumerate(df.columns):
        if k - 1 < 2:
            drop.append(None)
        else:
            base = rows if policy == "listwise" else df
            drop.append(f(pingouin.cronbach_alpha(base.drop(columns=col), nan_policy=policy)[0]))
        if policy == "listwise":
            x = rows[col].to_numpy()
            rest = rows.drop(columns=col).sum(axis=1).to_numpy()
            r = np.corrcoef(x, rest)[0, 1] if np.std(x) > 0 and np.std(rest) > 0 else float("nan")
        else:
            cj = C[j].sum() - C[j, j]
            vrest = C.sum() - 2 * C[j].sum() + C[j, j]
            r = cj / math.sqrt(C[j, j] * vrest) if C[j, j] > 0 and vrest > 0 else float("nan")
        citc.append(f(r))
    return {"value": f(value), "n": n, "k": k, "ifItemDeleted": drop, "correctedItemTotal": citc}


def alpha_case(name, matrix):
    df = pd.DataFrame(np.asarray(matrix, dtype=float), columns=[f"q{i + 1}" for i in range(len(matrix[0]))])
    rows = [[None if math.isnan(v) else int(v) for v in r] for r in df.to_numpy()]
    corr = df.corr()
    pearson = []
    for i in range(df.shape[1]):
        for j in range(i + 1, df.shape[1]):
            nij = int((df.iloc[:, i].notna() & df.iloc[:, j].notna()).sum())
            pearson.append([i, j, f(corr.iloc[i, j]), nij])
    return {"name": name, "rows": rows, "listwise": alpha_block(df, "listwise"),
            "pairwise": alpha_block(df, "pairwise"), "pearson": pearson}


m96 = [[4, 5, 4, 5], [3, 4, 3, 4], [5, 5, 4, 5], [2, 3, 2, 3], [4, 4, 5, 4], [3, 3, 3, 2]]
latent = rng.normal(0, 1, size=200)
likert = np.clip(np.rint(3 + 0.9 * latent[:, None] + rng.normal(0, 0.8, size=(200, 5))), 1, 5)
mask = rng.random(size=likert.shape) < 0.10
likert_nan = likert.copy()
likert_nan[mask] = np.nan
likert_nan[17, :] = np.nan  # one row with no answer at all
const = [[4, 3, 5], [4, 2, 4], [4, 4, 4], [4, 5, 5], [4, 3, 2]]
OUT["alpha"] = [alpha_case("methods-9.6", m96), alpha_case("seed7-200x5-nan", likert_nan.tolist()),
                alpha_case("constant-column", const)]

# ---------------------------------------------------------------- comparisons
def two_groups(a, b):
    """a earlier, b later."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    t = st.ttest_ind(b, a, equal_var=False)
    return {"mean1": f(a.mean()), "sd1": f(a.std(ddof=1)), "n1": len(a),
            "mean2": f(b.mean()), "sd2": f(b.std(ddof=1)), "n2": len(b),
            "t": f(t.statistic), "df": f(t.df), "p": f(t.pvalue),
            "hedges": f(pingouin.compute_effsize(b, a, paired=False, eftype="hedges"))}


A = [4, 5, 3, 4, 5, 4, 3, 5, 4, 4]
B = [3, 2, 4, 3, 3, 2, 4, 3, 2, 3, 4]
OUT["welch"] = [two_groups(A, B), two_groups(B, A),
                two_groups(rng.integers(1, 6, 57), rng.integers(2, 6, 211)),
                two_groups(rng.normal(70, 12, 30), rng.normal(71, 3, 9)),
                two_groups([1, 2], [2, 3, 4])]

OUT["twoProportion"] = []
for c1, n1, c2, n2 in [(95, 190, 120, 200), (120, 200, 95, 190), (3, 17, 14, 18),
                       (41.37, 63.2, 52.9, 70.05), (0, 10, 4, 12)]:
    z, p = proportions_ztest([c2, c1], [n2, n1])
    OUT["twoProportion"].append({"count1": c1, "n1": n1, "count2": c2, "n2": n2, "z": f(z), "p": f(p)})

OUT["npsDifference"] = []
for s1, se1, s2, se2 in [(20.0, 8.124038404635959, 35.5, 6.1), (12.0, 10.0, -4.0, 9.0), (1.0, 0.0, 1.0, 2.0)]:
    z = (s2 - s1) / math.sqrt(se1 ** 2 + se2 ** 2)
    OUT["npsDifference"].append({"score1": s1, "se1": se1, "score2": s2, "se2": se2, "z": z,
                                 "p": f(2 * st.norm.sf(abs(z)))})

bh_lists = [[0.001, 0.008, 0.039, 0.041, 0.042, 0.060, 0.074, 0.205, 0.212, 0.216],
            [0.04, 0.01, 0.04, 0.9, 0.04, 0.3, 0.0, 1.0],
            [0.2],
            [float(v) for v in rng.random(37) ** 3]]
OUT["benjaminiHochberg"] = [{"p": ps, "q": [f(v) for v in multipletests(ps, method="fdr_bh")[1]]}
                            for ps in bh_lists]

# ---------------------------------------------------------------- regression
def lin_case(x, y, conf):
    r = st.linregress(x, y)
    tq = st.t.ppf(1 - (1 - conf) / 2, len(x) - 2)
    return {"x": [float(v) for v in x], "y": [float(v) for v in y], "confidence": conf,
            "slope": f(r.slope), "intercept": f(r.intercept), "p": f(r.pvalue), "standardError": f(r.stderr),
            "slopeCI": [f(r.slope - tq * r.stderr), f(r.slope + tq * r.stderr)]}


OUT["linregress"] = [
    lin_case([1, 2, 3, 4, 5, 6], [68.2, 70.1, 69.5, 72.3, 73.0, 74.1], 0.95),
    lin_case(list(range(1, 11)), [3.9, 4.1, 4.0, 4.3, 4.2, 4.4, 4.6, 4.5, 4.7, 4.8], 0.95),
    lin_case(list(range(1, 11)), [3.9, 4.1, 4.0, 4.3, 4.2, 4.4, 4.6, 4.5, 4.7, 4.8], 0.9),
    lin_case(rng.normal(0, 3, 25).tolist(), rng.normal(10, 2, 25).tolist(), 0.95),
    lin_case([1, 2, 3, 4], [5.0, 5.0, 5.0, 5.0], 0.95),
]


def johnson(R, rxy):
    ev, V = np.linalg.eigh(R)
    lam = V @ np.diag(np.sqrt(ev)) @ V.T
    beta = np.linalg.solve(lam, rxy)
    return (lam ** 2) @ (beta ** 2)


def rw_case(X, y):
    X, y = np.asarray(X, float), np.asarray(y, float)
    R = np.corrcoef(X, rowvar=False)
    rxy = np.array([np.corrcoef(X[:, j], y)[0, 1] for j in range(X.shape[1])])
    rw = johnson(R, rxy)
    r2 = float(rxy @ np.linalg.solve(R, rxy))
    return {"correlations": R.tolist(), "outcomeCorrelations": rxy.tolist(), "weights": rw.tolist(), "rSquared": r2}


y913 = [5, 4, 4, 3, 5, 2, 4, 3, 5, 2, 3, 4]
X913 = np.array([[5, 4, 5, 3, 5, 2, 4, 3, 4, 1, 3, 4], [4, 4, 3, 3, 5, 3, 4, 2, 5, 2, 2, 3],
                 [3, 5, 4, 2, 4, 3, 3, 4, 5, 3, 2, 4]]).T
Xr = rng.normal(size=(150, 5)) @ rng.normal(size=(5, 5))
yr = Xr @ np.array([0.5, -0.2, 0.3, 0.0, 0.8]) + rng.normal(size=150)
OUT["relativeWeights"] = [rw_case(X913, y913), rw_case(Xr, yr)]

# ---------------------------------------------------------------- weighting
def weighted_case(y, w):
    y, w = np.asarray(y, float), np.asarray(w, float)
    est = TaylorEstimator(PopParam.mean)
    est.estimate(y=y, samp_weight=w, remove_nan=True)
    se = est.stderror if not isinstance(est.stderror, dict) else list(est.stderror.values())[0]
    return {"x": y.tolist(), "weights": w.tolist(), "mean": f(np.average(y, weights=w)),
            "linearizedSE": f(se), "kishEffectiveN": f(w.sum() ** 2 / (w ** 2).sum())}


OUT["weighted"] = [
    weighted_case([4, 5, 3, 4, 2, 5, 3, 4, 4, 5], [1, 1, 1, 2, 2, 3, 0.5, 0.5, 1.5, 2.5]),
    weighted_case([1, 1, 0, 1, 0, 1, 1, 0, 1, 1], [1, 1, 1, 2, 2, 3, 0.5, 0.5, 1.5, 2.5]),
    weighted_case(rng.integers(1, 6, 80), rng.gamma(2.0, 1.5, 80)),
]


def rake(categories, targets, tol, max_iter):
    """IPF (methods.md 5.3): categories[m][i] is row i's category in margin m; one iteration is
    one sweep over all margins; converged when max |weighted margin - target| < tol after a sweep."""
    n = len(categories[0])
    w = np.ones(n)
    cats = [np.asarray(c) for c in categories]
    for it in range(1, max_iter + 1):
        for c, t in zip(cats, targets):
            tot = np.bincount(c, weights=w, minlength=len(t))
            w = w * (np.asarray(t) / tot)[c]
        ok = all(np.all(np.abs(np.bincount(c, weights=w, minlength=len(t)) - np.asarray(t)) < tol)
                 for c, t in zip(cats, targets))
        if ok:
            return w, it
    return None, max_iter


def rake_case(categories, targets, tol):
    w, it = rake(categories, targets, tol, 100)
    return {"categories": [list(map(int, c)) for c in categories], "targets": targets, "tolerance": tol,
            "weights": w.tolist(), "iterations": it}


sex = [0] * 50 + [1] * 50
level = [0] * 30 + [1] * 20 + [0] * 10 + [1] * 40
m3a = rng.integers(0, 3, 300)
m3b = rng.integers(0, 4, 300)
m3c = rng.integers(0, 2, 300)
OUT["rake"] = [rake_case([sex, level], [[55.0, 45.0], [70.0, 30.0]], 1e-10),
               rake_case([sex, level], [[55.0, 45.0], [70.0, 30.0]], 1e-12),
               rake_case([m3a, m3b, m3c], [[400.0, 350.0, 250.0], [100.0, 200.0, 300.0, 400.0], [480.0, 520.0]],
                         1e-10)]

# ---------------------------------------------------------------- research/methods.md section 9, verbatim
OUT["methods"] = {
    "z975": 1.959963984540054,
    "t975_9": 2.262157162798205, "t975_4": 2.7764451051977934,
    "mean91": 3.9, "sd91": 0.9944289260117534, "ci91": [3.188628400280501, 4.611371599719499],
    "wilson37of50": [0.6044684273515116, 0.841284725064476],
    "wilson10of10": [0.7224672001371106, 1.0], "wilson0of12": [0.0, 0.24249400665524096],
    "wilson9of10": [0.5958499732047614, 0.982123786904927],
    "npsSE93": 8.124038404635959, "npsAdjustedCentre93": 16.666666666666668,
    "npsAdjustedCI93": [-21.052857802539055, 54.386191135872394],
    "welchT": 3.3319583200461187, "welchDF": 18.949200757377106, "welchP": 0.0035134413277428966,
    "hedgesG": 1.3942076767367042,
    "pooledZ": 1.9846587696361524, "pooledP": 0.04718244895052659,
    "alpha96": 0.9223529411764706,
    "alpha96IfDeleted": [0.8771186441, 0.8754863813, 0.9346153846, 0.9078947368],
    "alpha96RDrop": [0.8838562377, 0.9167698327, 0.7125253032, 0.8067430837],
    "slope98": 1.1714285714285706, "intercept98": 67.1, "se98": 0.16672107955308718,
    "p98": 0.002161556176510161, "ci98": [0.7085366461701097, 1.6343204966870315],
    "nEff99": 7.758620689655173, "wmean99": 4.066666666666666, "se99": 0.40182027525708774,
    "wilsonNEff99": [0.419439112805551, 0.937276634771093],
    "bh912": [0.01, 0.04, 0.084, 0.084, 0.084, 0.1, 0.105714, 0.216, 0.216, 0.216],
    "rake910": [1.57586678, 0.38619983, 2.27239965, 0.55690009], "rakeIterations910": 17,
    "rw913": [0.49807673, 0.32072837, 0.09556737], "r2913": 0.9143724696,
}

text = json.dumps(OUT, indent=1, allow_nan=False) + "\n"
with open(os.path.join(HERE, "reference.json"), "w") as fh:
    fh.write(text)
print("wrote", os.path.join(HERE, "reference.json"))
