#!/bin/sh
# Build the libFuzzer harnesses and run each one on the seed corpus (for .ci/run: briefly;
# for development: -max_total_time of 600 and more). Exits non-zero when any harness finds a
# crash, leak, timeout, out-of-memory or failed property, or when the build fails; the
# reproducer is left in BUILD_DIR/fuzz/artifacts/<harness>/ next to the run's log (run.log).
#
# usage: fuzz/run-ci.sh [SECONDS [BUILD_DIR]]
#   SECONDS    fuzzing time per harness (default 45)
#   BUILD_DIR  default build-fuzz next to this tree; configured here when missing with
#              CC=clang -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
# Environment:
#   FUZZ_HARNESSES="fuzz_zip fuzz_base64"  run only these
#   FUZZ_JOBS=2        run this many harnesses at the same time (default 1)
#   FUZZ_KEEP_SEEDS=1  reuse BUILD_DIR/fuzz/seeds instead of making it again
#   FUZZ_KEEP_LOGS=1   also keep each run's log as artifacts/<harness>/run-<UTC time>.log (a
#                      campaign: fuzz/campaign-table.py sums them up)
# The corpus each run grows is kept in BUILD_DIR/fuzz/corpus/<harness>/ and used next time;
# fuzz/corpus/<harness>/ (the minimised corpus in the repository) is read as well.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-45}
build=${2:-$src/build-fuzz}
harnesses=${FUZZ_HARNESSES:-"fuzz_parse_validate fuzz_push_parser fuzz_base64 fuzz_zip fuzz_codelists fuzz_roundtrip fuzz_render fuzz_chain fuzz_diff fuzz_anonymize fuzz_http fuzz_large"}
jobs=${FUZZ_JOBS:-1}

if [ ! -f "$build/build.ninja" ]; then
    CC=clang meson setup "$build" "$src" -Dfuzzing=true -Db_sanitize=address,undefined \
        -Db_lundef=false -Dtests=false >/dev/null
fi
targets="fuzz/oso.dict tests/generator/gen-dossier"
for h in $harnesses; do
    targets="$targets fuzz/$h"
done
# shellcheck disable=SC2086
ninja -C "$build" $targets >/dev/null
fz=$build/fuzz
if [ "${FUZZ_KEEP_SEEDS:-}" != 1 ] || [ ! -d "$fz/seeds" ]; then
    "$src/fuzz/make-corpus.sh" "$build" >/dev/null 2>&1
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

# Run one harness; its summary goes to artifacts/<harness>/summary, the status is the result.
run_one() {
    h=$1
    case $h in
    fuzz_zip) dict=$src/fuzz/zip.dict ;;
    fuzz_codelists) dict=$src/fuzz/codelists.dict ;;
    fuzz_http) dict=$src/fuzz/http.dict ;;
    fuzz_base64 | fuzz_chain) dict= ;;
    *) dict=$fz/oso.dict ;;
    esac
    art=$fz/artifacts/$h
    mkdir -p "$fz/corpus/$h" "$art"
    # The minimised corpus kept in the repository is read, never written: new inputs go to
    # the build directory's corpus.
    committed=
    [ -d "$src/fuzz/corpus/$h" ] && committed=$src/fuzz/corpus/$h
    log=$art/run.log
    if "$fz/$h" -max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$art/" ${dict:+-dict="$dict"} \
        "$fz/corpus/$h" "$fz/seeds/$h" ${committed:+"$committed"} >"$log" 2>&1; then
        result=ok
    else
        result=FAILED
    fi
    if [ "${FUZZ_KEEP_LOGS:-}" = 1 ]; then
        cp "$log" "$art/run-$(date -u +%Y%m%dT%H%M%S).log"
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -aE '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 |
        sed -E 's/.*(cov: [0-9]+ ft: [0-9]+ corp: [0-9]+).*/\1/')
    {
        echo "$h: $result, ${execs:-?} runs in ${secs}s, ${cov:-no coverage line}"
        if [ $result = FAILED ]; then
            grep -aE 'ERROR: |SUMMARY: |check failed|runtime error|^\*\*\* ' "$log" | head -6 | sed 's/^/    /'
            ls "$art" | grep -Ev '^(run.log|summary)$' | sed "s|^|    artifact: $art/|"
        fi
    } >"$art/summary"
    [ $result = ok ]
}

status=0
running=0
pids=
for h in $harnesses; do
    rm -f "$fz/artifacts/$h/summary"
    run_one "$h" &
    pids="$pids $!"
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        for p in $pids; do
            wait "$p" || status=1
        done
        pids=
        running=0
    fi
done
for p in $pids; do
    wait "$p" || status=1
done
for h in $harnesses; do
    cat "$fz/artifacts/$h/summary"
done
exit $status
