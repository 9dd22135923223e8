#!/usr/bin/env bash
# libFuzzer for SurveyKPI's readers (issue #9). Usage:
#   Fuzz/run.sh --list                      the targets
#   Fuzz/run.sh TARGET SECONDS [ARGS…]      build, then fuzz TARGET for SECONDS from a seed corpus
#                                           built from the test fixtures; extra ARGS go to libFuzzer
#   Fuzz/run.sh --build                     build every target only
#   Fuzz/run.sh --replay TARGET FILE…       run TARGET once on each FILE (a crash to reproduce)
#
# The build follows research/tech2.md §1: SwiftPM's own --sanitize=fuzzer --sanitize=address with
# lld (the default gold link fuzzes blind), in its own scratch path (../.build-fuzz, gitignored),
# and SWIFT_BACKTRACE=enable=no (Swift's backtracer otherwise trips ASan). One correction to that
# recipe: swiftc keeps only the last -sanitize= flag, so SwiftPM's pair compiles every module with
# ASan alone and no coverage (libFuzzer then sees only its own counters); -Xswiftc
# -sanitize=fuzzer,address, which comes last, instruments every module for both. Release builds
# (5× the executions of debug) with -assert-config Debug, so Swift's assert()s stay oracles.
# New corpus entries go to .build-fuzz/corpus/TARGET (listed first, so
# the seeds are never written to); crashes, leaks, timeouts and out-of-memory inputs go to
# .build-fuzz/artifacts/TARGET/, and each belongs in Fuzz/Regressions/TARGET/ once fixed.
#
# Environment: FUZZ_CONFIG (release or debug; default release), FUZZ_MAX_LEN (default 4096), FUZZ_TIMEOUT seconds per input (default 10),
# FUZZ_RSS_MB (default 2048).
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$fuzz/.." && pwd)"
scratch="$root/.build-fuzz"
config="${FUZZ_CONFIG:-release}"

targets=(csv instrument xml limesurvey-xml triple-s)
product() {
    case "$1" in
        csv) echo FuzzCSV ;;
        instrument) echo FuzzInstrument ;;
        xml) echo FuzzXML ;;
        limesurvey-xml) echo FuzzLimeSurveyXML ;;
        triple-s) echo FuzzTripleS ;;
        *) echo "unknown target '$1'; expected one of: ${targets[*]}" >&2; exit 64 ;;
    esac
}
describe() {
    case "$1" in
        csv) echo "CSV tokenizer (whole vs chunked vs unlimited), generic CSV reader, survey tools' CSV readers" ;;
        instrument) echo "instrument loader (YAML, SPEC §2 rules) and improvement-actions loader" ;;
        xml) echo "generic XML reader (hardened libxml2 streaming reader)" ;;
        limesurvey-xml) echo "LimeSurvey .lss structure with .lsr responses" ;;
        triple-s) echo "Triple-S .sss metadata with fixed-width or CSV case data" ;;
    esac
}

build() {
    mkdir -p "$scratch"
    # SwiftPM does not notice a file added to the main package (a local dependency here) until
    # it plans the build again: drop the plan, so it does.
    rm -f "$scratch/$config.yaml"
    local attempt
    for attempt in 1 2 3 4 5; do
        if (cd "$fuzz" && swift build -c "$config" --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address \
            -Xswiftc -use-ld=lld -Xswiftc -assert-config -Xswiftc Debug \
            --scratch-path "$scratch" > "$scratch/build.log" 2>&1); then
            return 0
        fi
        # A source edited while it compiled (an editor saving) is worth another try; anything else is not.
        grep -q 'was modified during the build' "$scratch/build.log" || break
        sleep 5
    done
    grep -E 'error|warning: unable' "$scratch/build.log" | head -30 >&2
    echo "fuzz build failed; see $scratch/build.log" >&2
    exit 1
}

separator=$'\n--8<-- surveykpi fuzz part --8<--\n'   # FuzzParts.separator

# seeds TARGET DIR: writes the seed corpus of TARGET into DIR, from the repository's fixtures.
seeds() {
    local target="$1" dir="$2" f n
    rm -rf "$dir" && mkdir -p "$dir"
    n=0
    # seed NAME CONTROL-BYTE-OR-EMPTY FILE [MAXBYTES]: CONTROL prefixed, file cut to MAXBYTES.
    seed() {
        local out="$dir/$1" control="$2" file="$3" max="${4:-8000}"
        { if [ -n "$control" ]; then printf "\\x$(printf %02x "$control")"; fi; head -c "$max" "$file"; } > "$out"
        n=$((n + 1))
    }
    cd "$root"
    case "$target" in
        csv)
            # Byte 0: instrument (bits 0-2), limits (bits 3-5; 7 = 1 MiB, 2 = 8 bytes), chunk (bits 6-7).
            for f in Tests/SurveyCLITests/Fixtures/good.csv Tests/SurveyCLITests/Fixtures/hostile/*.csv Tests/SurveyIngestTests/Fixtures/csv/*.csv; do
                seed "mini-$(basename "$f")" $((0 + 56 + 192)) "$f"
                seed "mini-small-$(basename "$f")" $((0 + 16 + 64)) "$f"
            done
            for f in Datasets/demo/stakeholder-*.csv; do seed "demo-$(basename "$f")" $((1 + 56 + 192)) "$f" 6000; done
            seed limesurvey.csv $((2 + 56 + 192)) Tests/SurveyIngestTests/Fixtures/real/limesurvey_accent-recognition_results.csv 6000
            seed limesurvey-small.csv $((2 + 32 + 128)) Tests/SurveyIngestTests/Fixtures/real/limesurvey_accent-recognition_results.csv 3000
            seed qualtrics-insights.csv $((3 + 56 + 192)) Tests/SurveyIngestTests/Fixtures/real/qualtrics_QualtricsTools_Sample_Survey_Insights.csv 6000
            seed qualtrics.csv $((4 + 56 + 192)) Tests/SurveyIngestTests/Fixtures/real/qualtrics_qualtRics_sample.csv
            seed qualtrics-legacy.csv $((5 + 56 + 192)) Tests/SurveyIngestTests/Fixtures/real/qualtrics_qualtRics_sample_legacy.csv
            seed qualtrics-nbe.csv $((7 + 56 + 192)) Tests/SurveyIngestTests/Fixtures/real/qualtrics_QualtricsTools_No_Basis_for_Evaluation_Insights.csv
            for f in Fuzz/Seeds/csv/*.csv; do seed "forms-$(basename "$f")" $((6 + 56 + 192)) "$f"; done
            ;;
        instrument)
            for f in Surveys/*.yaml Tests/SurveyCLITests/Fixtures/*.yaml Tests/SurveyCLITests/Fixtures/instruments/*.yaml \
                Tests/SurveyIngestTests/Fixtures/instruments/*.yaml Tests/SurveyIngestTests/Fixtures/*/*.yaml \
                Tests/SurveyIngestTests/Fixtures/xml/*/*.yaml Tests/SurveyIngestTests/Fixtures/real/drafts/*.yaml \
                Datasets/demo/actions.yaml Fuzz/Seeds/*.yaml; do
                [ -f "$f" ] && seed "$(echo "$f" | tr / _)" "" "$f"
            done
            ;;
        xml)
            for f in Tests/SurveyIngestTests/Fixtures/xml/generic/*.xml Tests/SurveyIngestTests/Fixtures/xml/hostile/*.xml; do
                seed "$(basename "$f")" "" "$f"
            done
            ;;
        limesurvey-xml)
            local lsr=Tests/SurveyIngestTests/Fixtures/xml/limesurvey/survey_123456_responses.lsr
            for f in Tests/SurveyIngestTests/Fixtures/xml/limesurvey/*.lss; do
                { head -c 7000 "$f"; printf '%s' "$separator"; cat "$lsr"; } > "$dir/$(basename "$f")+responses"
                n=$((n + 1))
            done
            ;;
        triple-s)
            local t=Tests/SurveyIngestTests/Fixtures/triple-s/triples_sss-pkg_sample
            { printf '\x00'; cat "$t-1.sss"; printf '%s' "$separator"; cat "$t-1.asc"; } > "$dir/sample-1"
            { printf '\x01'; head -c 6000 "$t-2.sss"; printf '%s' "$separator"; cat "$t-2.csv"; } > "$dir/sample-2"
            { printf '\x02'; cat "$t-4.sss"; printf '%s' "$separator"; cat "$t-4.asc"; } > "$dir/sample-4"
            n=3
            ;;
    esac
    # Every fixed finding stays in the corpus.
    if [ -d "$fuzz/Regressions/$target" ]; then
        for f in "$fuzz/Regressions/$target"/*; do [ -f "$f" ] && cp "$f" "$dir/regression-$(basename "$f")" && n=$((n + 1)); done
    fi
    echo "$n seeds in $dir" >&2
}

# The whole run is one function, read before it starts: editing this file while a long fuzzing
# run is in flight cannot change what the run does next.
main() {
    case "${1:-}" in
        --list)
            for t in "${targets[@]}"; do printf '%-16s %s\n' "$t" "$(describe "$t")"; done
            exit 0 ;;
        --build)
            build
            exit 0 ;;
        --replay)
            target="$2"; shift 2
            bin="$scratch/$config/$(product "$target")"
            build
            SWIFT_BACKTRACE=enable=no "$bin" "$@"
            exit $? ;;
        ""|-h|--help)
            sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
            exit 64 ;;
    esac

    target="$1"
    seconds="${2:?give the number of seconds to fuzz}"
    shift 2
    bin="$scratch/$config/$(product "$target")"
    build
    corpus="$scratch/corpus/$target"
    seeddir="$scratch/seeds/$target"
    artifacts="$scratch/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    seeds "$target" "$seeddir"
    dict=()
    [ -f "$fuzz/Dictionaries/$target.dict" ] && dict=(-dict="$fuzz/Dictionaries/$target.dict")
    log="$scratch/logs/$target-$(date +%Y%m%d-%H%M%S).log"
    mkdir -p "$(dirname "$log")"
    echo "fuzzing $target for $seconds s: corpus $corpus, artifacts $artifacts, log $log" >&2
    set +e
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:malloc_context_size=8}" "$bin" "$corpus" "$seeddir" \
        -max_total_time="$seconds" -max_len="${FUZZ_MAX_LEN:-4096}" -timeout="${FUZZ_TIMEOUT:-10}" \
        -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -artifact_prefix="$artifacts/" -print_final_stats=1 "${dict[@]}" "$@" \
        > "$log" 2>&1
    status=$?
    set -e
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 || true)
    echo "$target: ${runs:-?} executions in $seconds s (${rate:-?}/s), ${cov:-no coverage line}, exit $status" >&2
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $target executions=${runs:-?} seconds=$seconds rate=${rate:-?}/s ${cov:-} exit=$status log=$log" \
        >> "$scratch/fuzz-ledger.txt"
    if [ "$status" -ne 0 ]; then
        grep -E 'ORACLE|ERROR: |SUMMARY|Fatal error|deadly signal|Test unit written' "$log" | head -20 >&2
        exit "$status"
    fi
}

main "$@"
exit $?
