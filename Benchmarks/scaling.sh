#!/usr/bin/env bash
# `surveykpi analyze` at 10k, 100k, 1M and 5M respondents (Benchmarks/bench-30.yaml, seed 1):
# best wall time of RUNS (default 3), MB/s and peak RSS, as a Markdown table for README.md.
#
#   Benchmarks/scaling.sh              # SIZES="10000 100000 1000000 5000000" RUNS=3 SCRATCH=.build
#                                      # NICE=-10 (as root) to run ahead of background jobs
#                                      # STREAM=auto|on|off (`analyze --stream`; default auto)
#                                      # SHAPE=plain|export (`generate --shape`; default plain)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10000 100000 1000000 5000000"}
RUNS=${RUNS:-3}
STREAM=${STREAM:-auto}
SHAPE=${SHAPE:-plain}
case "$SHAPE" in plain) TAG="" ;; export) TAG="export-" ;; *) echo "SHAPE is plain or export" >&2; exit 64 ;; esac
SCRATCH=${SCRATCH:-.build}
WORK=Benchmarks/results
INSTRUMENT=Benchmarks/bench-30.yaml
mkdir -p "$WORK"
if [ -z "${SURVEYKPI:-}" ]; then
    swift build -c release --product surveykpi --scratch-path "$SCRATCH" >&2
    SURVEYKPI=$(swift build -c release --product surveykpi --scratch-path "$SCRATCH" --show-bin-path)/surveykpi
fi

echo "| respondents | CSV size | wall time | throughput | peak RSS | CPU time | wall time per 1M rows |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
    csv="$WORK/bench-$TAG$n.csv"
    if [ ! -s "$csv" ]; then
        "$SURVEYKPI" generate --instrument "$INSTRUMENT" --respondents "$n" --waves 3 --seed 1 --shape "$SHAPE" > "$csv.tmp"
        mv "$csv.tmp" "$csv"
    fi
    cat "$csv" > /dev/null
    best="" rss="" cpu=""
    for ((i = 0; i < RUNS; i++)); do
        ${NICE:+nice -n "$NICE"} /usr/bin/time -f "%e %M %U %S" -o "$WORK/time.txt" "$SURVEYKPI" analyze --instrument "$INSTRUMENT" --stream "$STREAM" "$csv" > /dev/null
        read -r wall kb user sys < "$WORK/time.txt"
        if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$wall; rss=$kb; cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
        fi
    done
    bytes=$(stat -L -c %s "$csv")
    awk -v n="$n" -v b="$bytes" -v t="$best" -v k="$rss" -v c="$cpu" 'BEGIN {
        printf "| %\047d | %.1f MB | %.2f s | %.0f MB/s | %.0f MB | %.2f s | %.2f s |\n", n, b / 1e6, t, b / 1e6 / t, k / 1024, c, t / n * 1e6 }'
done
