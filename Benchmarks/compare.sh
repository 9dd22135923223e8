#!/usr/bin/env bash
# SurveyKPI side by side with DuckDB, polars, pandas and lxml (issue #8), in one run.
#
#   Benchmarks/compare.sh                 # 1M respondents × 30 items, CSV and its XML twin
#   SHAPE=plain Benchmarks/compare.sh     # the instrument's columns only (112 MB, not 420 MB)
#   RESPONDENTS=100000 Benchmarks/compare.sh
#
# 1. builds `surveykpi` in release, and a bare C byte scanner (Baseline/bytescan.c);
# 2. installs pandas, polars, duckdb and lxml into Benchmarks/.venv (pip, pinned versions);
# 3. generates the inputs with `surveykpi generate` (Benchmarks/bench-30.yaml, seed 1), cached
#    in Benchmarks/results/. SHAPE=export (the default) is an export as a survey tool writes it:
#    41 columns with LimeSurvey's metadata and long open comments, about 420 bytes a row, the
#    shape of the 439 MB file the issue's reference figures were measured on
#    (research/tech.md §2); SHAPE=plain has the instrument's columns only (112 bytes a row);
# 4. times, best of RUNS (default 3) after a warm-up read of each file, with /usr/bin/time -v:
#    the byte scan, `surveykpi analyze` on the CSV (the complete analysis: every cell, item,
#    dimension, α, index, trends and the text dashboard), and the same grouped work in DuckDB,
#    polars and pandas — per wave × group, for every item, n, mean, SD and favourable share
#    over the valid codes (Compare/*_grouped.py); then `surveykpi analyze` on the XML twin
#    (in memory, and streamed in two passes as `--stream auto` does from 256 MiB)
#    against lxml iterparse doing that grouped work;
# 5. prints each time, MB/s, peak RSS and the ratios against the targets.
#
# Environment: SHAPE (export), RESPONDENTS (1000000), XML_RESPONDENTS (= RESPONDENTS; 0 skips XML), RUNS (3),
# SCRATCH (the SwiftPM scratch path, .build), SURVEYKPI (a release binary to use instead of
# building one), SKIP_PYTHON=1 (Swift and the byte scan only), NICE (e.g. -10, as root: every
# measured command runs at that priority, so background jobs on a shared machine disturb less).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RESPONDENTS=${RESPONDENTS:-1000000}
XML_RESPONDENTS=${XML_RESPONDENTS:-$RESPONDENTS}
RUNS=${RUNS:-3}
SHAPE=${SHAPE:-export}
case "$SHAPE" in plain) TAG="" ;; export) TAG="export-" ;; *) echo "SHAPE is plain or export" >&2; exit 64 ;; esac
SCRATCH=${SCRATCH:-.build}
WORK=Benchmarks/results
VENV=Benchmarks/.venv
INSTRUMENT=Benchmarks/bench-30.yaml
mkdir -p "$WORK"

log() { printf '%s\n' "$*" >&2; }

log "== building surveykpi (release) and the byte scanner"
if [ -z "${SURVEYKPI:-}" ]; then
    swift build -c release --product surveykpi --scratch-path "$SCRATCH" >&2
    SURVEYKPI=$(swift build -c release --product surveykpi --scratch-path "$SCRATCH" --show-bin-path)/surveykpi
fi
cc -O2 -o "$WORK/bytescan" Benchmarks/Baseline/bytescan.c

if [ "${SKIP_PYTHON:-0}" != 1 ]; then
    log "== python tools in $VENV"
    if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
    "$VENV/bin/pip" install -q --disable-pip-version-check \
        pandas==3.1.1 polars==2.1.0 duckdb==2.0.1 lxml==6.1.3 >&2
    PY="$VENV/bin/python"
fi

CSV="$WORK/bench-$TAG$RESPONDENTS.csv"
if [ ! -s "$CSV" ]; then
    log "== generating $CSV"
    "$SURVEYKPI" generate --instrument "$INSTRUMENT" --respondents "$RESPONDENTS" --waves 3 --seed 1 --shape "$SHAPE" > "$CSV.tmp"
    mv "$CSV.tmp" "$CSV"
fi
XML="$WORK/bench-$TAG$XML_RESPONDENTS.xml"
if [ "$XML_RESPONDENTS" != 0 ] && [ ! -s "$XML" ]; then
    log "== generating $XML"
    "$SURVEYKPI" generate --instrument "$INSTRUMENT" --respondents "$XML_RESPONDENTS" --waves 3 --seed 1 --shape "$SHAPE" --format xml > "$XML.tmp"
    mv "$XML.tmp" "$XML"
fi

# measure NAME FILE COMMAND...: best wall time of RUNS and the peak RSS of that run.
declare -A TIME RSS
measure() {
    local name=$1 file=$2
    shift 2
    cat "$file" > /dev/null
    local best="" bestrss="" bestcpu="" i
    for ((i = 0; i < RUNS; i++)); do
        ${NICE:+nice -n "$NICE"} /usr/bin/time -v -o "$WORK/time.txt" "$@" > "$WORK/out.txt" 2> "$WORK/err.txt" || {
            log "$name failed:"; cat "$WORK/err.txt" >&2; exit 1; }
        local wall rss cpu
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; print s }' "$WORK/time.txt")
        rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time.txt")
        cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$WORK/time.txt")
        if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$wall; bestrss=$rss; bestcpu=$cpu; fi
    done
    TIME[$name]=$best
    RSS[$name]=$bestrss
    local mb
    mb=$(awk -v b="$(stat -c %s "$file")" -v t="$best" 'BEGIN { printf "%.0f", b / 1e6 / t }')
    printf '%-34s %8.2f s %7s MB/s %8.0f MB peak RSS %8.2f s CPU\n' "$name" "$best" "$mb" "$(awk -v k="$bestrss" 'BEGIN { print k / 1024 }')" "$bestcpu"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
check() { # check LABEL VALUE OP TARGET
    local ok
    ok=$(awk -v v="$2" -v t="$4" -v op="$3" 'BEGIN { print ((op == ">=" ? v >= t : v <= t) ? "met" : "NOT met") }')
    printf '  %-46s %8s  (target %s %s) %s\n' "$1" "$2" "$3" "$4" "$ok"
}

CSV_MB=$(awk -v b="$(stat -c %s "$CSV")" 'BEGIN { printf "%.0f", b / 1e6 }')
echo "SurveyKPI compare: $RESPONDENTS respondents × 30 items, $SHAPE shape, CSV $CSV_MB MB; best of $RUNS; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at the start${NICE:+; nice $NICE}; $(date -u +%Y-%m-%d)"
echo
measure "byte scan (C, 1 thread)" "$CSV" "$WORK/bytescan" "$CSV"
measure "wc -l (memchr line count)" "$CSV" wc -l "$CSV"
measure "surveykpi analyze (CSV)" "$CSV" "$SURVEYKPI" analyze --instrument "$INSTRUMENT" "$CSV"
measure "surveykpi (CSV, streamed)" "$CSV" "$SURVEYKPI" analyze --instrument "$INSTRUMENT" --stream on "$CSV"
if [ "${SKIP_PYTHON:-0}" != 1 ]; then
    measure "duckdb 2.0.1 (2 threads)" "$CSV" "$PY" Benchmarks/Compare/duckdb_grouped.py "$CSV"
    measure "polars 2.1.0" "$CSV" "$PY" Benchmarks/Compare/polars_grouped.py "$CSV"
    measure "pandas 3.1.1" "$CSV" "$PY" Benchmarks/Compare/pandas_grouped.py "$CSV"
fi
if [ "$XML_RESPONDENTS" != 0 ]; then
    XML_MB=$(awk -v b="$(stat -c %s "$XML")" 'BEGIN { printf "%.0f", b / 1e6 }')
    echo
    echo "XML twin: $XML_RESPONDENTS respondents, $XML_MB MB"
    # From 256 MiB `analyze` streams by default (two passes, bounded memory); both are timed.
    measure "surveykpi analyze (XML)" "$XML" "$SURVEYKPI" analyze --instrument "$INSTRUMENT" --stream off "$XML"
    measure "surveykpi (XML, streamed)" "$XML" "$SURVEYKPI" analyze --instrument "$INSTRUMENT" --stream on "$XML"
    if [ "${SKIP_PYTHON:-0}" != 1 ]; then
        OLD_RUNS=$RUNS; RUNS=1
        measure "lxml 6.1.3 iterparse" "$XML" "$PY" Benchmarks/Compare/lxml_grouped.py "$XML"
        RUNS=$OLD_RUNS
    fi
fi

echo
echo "Ratios (times; higher is better for surveykpi):"
S=${TIME["surveykpi analyze (CSV)"]}
if [ "${SKIP_PYTHON:-0}" != 1 ]; then
    check "DuckDB time / surveykpi time" "$(ratio "${TIME["duckdb 2.0.1 (2 threads)"]}" "$S")" ">=" 3
    check "polars time / surveykpi time" "$(ratio "${TIME["polars 2.1.0"]}" "$S")" ">=" 1
    check "pandas time / surveykpi time" "$(ratio "${TIME["pandas 3.1.1"]}" "$S")" ">=" 15
fi
check "surveykpi time / byte scan time" "$(ratio "$S" "${TIME["byte scan (C, 1 thread)"]}")" "<=" 1.6
check "surveykpi peak RSS, MB" "$(awk -v k="${RSS["surveykpi analyze (CSV)"]}" 'BEGIN { printf "%.0f", k / 1024 }')" "<=" 150
if [ "$XML_RESPONDENTS" != 0 ] && [ "${SKIP_PYTHON:-0}" != 1 ]; then
    check "lxml time / surveykpi time (XML)" "$(ratio "${TIME["lxml 6.1.3 iterparse"]}" "${TIME["surveykpi analyze (XML)"]}")" ">=" 5
    check "lxml time / surveykpi time (XML, streamed)" "$(ratio "${TIME["lxml 6.1.3 iterparse"]}" "${TIME["surveykpi (XML, streamed)"]}")" ">=" 5
fi
