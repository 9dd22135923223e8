#!/usr/bin/env python3
"""Expected counts for RealExportsCLITests, computed independently of the Swift code.

Run from anywhere:  python3 Tests/SurveyIngestTests/Fixtures/real/make_expected_counts.py
It rewrites expected-counts.json next to this file. Tools: pandas, PyYAML (versions recorded in
the output).

For every real CSV sample here and the instrument drafted from it (drafts/<sample>.yaml), this
script works out from the raw file, following SPEC §3 and research/formats.md rather than the
Swift code:
  * the format, by SPEC §3's detection table;
  * the header rows (LimeSurvey 1; Qualtrics 3 with an ImportId row, 2 for legacy V1..V10; 1 else);
  * which records are left out: LimeSurvey's all-empty record of a survey without responses (not
    read at all), empty submitdate (unfinished), Qualtrics Status flags 1/2/8 (preview, test,
    spam) and Finished 0 (unfinished), unless the draft's columns.include names the kind;
  * the wave of each record from columns.wave-from (academic year from the draft's start month);
  * per wave and item: n, the count of every scale value, and the count per missing reason
    (no-answer for an empty field, a declared missing code's reason, invalid otherwise).
The LimeSurvey sample quotes every field, so it has no unquoted empty field (asserted below): all
its empty fields are no-answer.
"""
import csv
import io
import json
import os
import re
from collections import Counter, defaultdict

import pandas as pd
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = sorted(f for f in os.listdir(HERE) if f.endswith(".csv"))


def read_text(path):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return raw.decode("utf-8")


def detect(rows):
    """SPEC §3 detection table, on the first records."""
    header = [h.strip() for h in rows[0]]
    third = rows[2] if len(rows) > 2 else []
    if all(m in header for m in ["id", "submitdate", "lastpage", "startlanguage"]):
        return "limesurvey-csv"
    if header[:10] == [f"V{i}" for i in range(1, 11)] or any(
        c.startswith('{"ImportId"') or c.startswith("{'ImportId'") for c in third
    ):
        return "qualtrics-csv"
    if "Respondent ID" in header and "Collector ID" in header:
        return "surveymonkey-csv"
    if header and header[0] == "Timestamp":
        return "googleforms-csv"
    if all(m in header for m in ["ID", "Start time", "Completion time"]):
        return "msforms-csv"
    return "csv"


def column(frame, header, name, aliases):
    """The data of a column by header name, alias, or `name (k)` for the k-th repeated header."""
    name = aliases.get(name, name)
    if header.count(name) == 1:
        return frame[header.index(name)]
    m = re.fullmatch(r"(.*) \((\d+)\)", name)
    if m and header.count(m.group(1)) >= int(m.group(2)):
        positions = [i for i, h in enumerate(header) if h == m.group(1)]
        return frame[positions[int(m.group(2)) - 1]]
    raise KeyError(name)


def wave_label(text, rule):
    if rule is None:
        return "-"
    date = pd.to_datetime(text, format="%Y-%m-%d %H:%M:%S")
    if rule["calendar"] == "year":
        return str(date.year)
    start = date.year if date.month >= int(rule.get("starts", 9)) else date.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def decoder(scale):
    lower, upper, labels = None, None, {}
    values = scale["values"]
    if isinstance(values, str):
        lower, upper = (int(x) for x in values.split(".."))
    else:
        labels = {int(k): str(v) for k, v in values.items()}
        lower, upper = min(labels), max(labels)
    missing = {str(k): str(v) for k, v in (scale.get("missing") or {}).items()}
    in_data = scale.get("labels-in-data", False)

    def decode(text):
        text = text.strip(" \t")
        if text == "":
            return ("missing", "no-answer")
        number = re.fullmatch(r"[+-]?\d+(\.0*)?", text)
        if number:
            value = int(float(text))
            for code, reason in missing.items():
                if re.fullmatch(r"[+-]?\d+", code) and int(code) == value:
                    return ("missing", reason)
            return ("value", value) if lower <= value <= upper else ("missing", "invalid")
        for code, reason in missing.items():
            if code.lower() == text.lower():
                return ("missing", reason)
        if in_data:
            for value in sorted(labels):
                if labels[value].lower() == text.lower():
                    return ("value", value)
        return ("missing", "invalid")

    return decode, lower, upper


def expected(sample):
    text = read_text(os.path.join(HERE, sample))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    fmt = detect(rows)
    draft = yaml.safe_load(open(os.path.join(HERE, "drafts", sample.replace(".csv", ".yaml"))))
    cols = draft.get("columns", {})
    include = set(cols.get("include", []))
    header_rows = 1
    if fmt == "qualtrics-csv":
        header_rows = 2 if rows[0][:10] == [f"V{i}" for i in range(1, 11)] else 3
    frame = pd.read_csv(io.StringIO(text), header=None, dtype=str, keep_default_na=False, skip_blank_lines=True)
    header = [h.strip() for h in frame.iloc[0]]
    data = frame.iloc[header_rows:].reset_index(drop=True)
    if fmt == "limesurvey-csv":
        assert not re.search(r'(^|,)(,|\n|$)', text.split("\n", 1)[1].rstrip("\r\n"), re.M), "unquoted empty field"
        data = data[~data.apply(lambda r: all(v.strip() == "" for v in r), axis=1)].reset_index(drop=True)
    aliases = {}
    if fmt == "qualtrics-csv" and header_rows == 2:
        names = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress",
                 "Status", "StartDate", "EndDate", "Finished"]
        aliases = {n: f"V{i + 1}" for i, n in enumerate(names)}
    elif fmt == "qualtrics-csv":
        aliases.update({"ResponseId": "ResponseID"} if "ResponseID" in header else {"ResponseID": "ResponseId"})

    reasons = Counter()
    keep = []
    for i in range(len(data)):
        row = data.iloc[i]
        why = None
        if fmt == "limesurvey-csv" and row[header.index("submitdate")].strip() == "" and "unfinished" not in include:
            why = "unfinished"
        if fmt == "qualtrics-csv":
            status = int(column(data, header, "Status", aliases).iloc[i] or 0)
            for flag, kind in [(1, "preview"), (2, "test"), (8, "spam")]:
                if why is None and status & flag and kind not in include:
                    why = kind
            finished = column(data, header, "Finished", aliases).iloc[i].strip().lower()
            if why is None and finished in ("0", "false") and "unfinished" not in include:
                why = "unfinished"
        if why:
            reasons[why] += 1
        else:
            keep.append(i)
    kept = data.iloc[keep].reset_index(drop=True)
    ids = column(kept, header, cols.get("respondent", "respondent"), aliases)
    assert ids.is_unique, "duplicate respondent ids"
    rule = cols.get("wave-from")
    waves = [wave_label(v, rule) for v in column(kept, header, rule["column"], aliases)] if rule else ["-"] * len(kept)

    items = defaultdict(dict)
    for item in draft["items"]:
        decode, lower, upper = decoder(draft["scales"][item["scale"]])
        values = column(kept, header, (cols.get("items") or {}).get(item["id"], item["id"]), aliases)
        for wave in sorted(set(waves)):
            answers = [decode(v) for v, w in zip(values, waves) if w == wave]
            counted = Counter(v for kind, v in answers if kind == "value")
            items[wave][item["id"]] = {
                "n": sum(counted.values()),
                "distribution": {str(v): counted.get(v, 0) for v in range(lower, upper + 1)},
                "missing": dict(sorted(Counter(v for kind, v in answers if kind == "missing").items())),
            }
    return {
        "format": fmt,
        "headerRows": header_rows,
        "read": len(data),
        "accepted": len(kept),
        "rejected": sum(reasons.values()),
        "rejectReasons": dict(sorted(reasons.items())),
        "waves": sorted(set(waves)),
        "items": items,
    }


out = {
    "generator": "make_expected_counts.py",
    "versions": {"pandas": pd.__version__, "pyyaml": yaml.__version__},
    "samples": {sample: expected(sample) for sample in SAMPLES},
}
with open(os.path.join(HERE, "expected-counts.json"), "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
