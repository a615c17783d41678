#!/bin/sh
# Build the libFuzzer harnesses and run each one briefly on the seed corpus (for .ci/run).
# Exits non-zero when any harness finds a crash, leak, timeout or out-of-memory, or when
# the build fails; the reproducer is left in BUILD_DIR/fuzz/artifacts/<harness>/.
#
# usage: fuzz/run-ci.sh [SECONDS [BUILD_DIR]]
#   SECONDS    fuzzing time per harness (default 45)
#   BUILD_DIR  default build-fuzz next to this tree; configured here when missing with
#              CC=clang -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
# Environment: FUZZ_HARNESSES="fuzz_zip fuzz_base64" runs only those.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-45}
build=${2:-$src/build-fuzz}
harnesses=${FUZZ_HARNESSES:-"fuzz_parse_validate fuzz_push_parser fuzz_base64 fuzz_zip fuzz_codelists fuzz_roundtrip"}

if [ ! -f "$build/build.ninja" ]; then
    CC=clang meson setup "$build" "$src" -Dfuzzing=true -Db_sanitize=address,undefined \
        -Db_lundef=false -Dtests=false >/dev/null
fi
targets="fuzz/oso.dict tools/gen-dossier"
for h in $harnesses; do
    targets="$targets fuzz/$h"
done
# shellcheck disable=SC2086
ninja -C "$build" $targets >/dev/null
"$src/fuzz/make-corpus.sh" "$build" >/dev/null 2>&1

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
fz=$build/fuzz
status=0
for h in $harnesses; do
    case $h in
    fuzz_zip) dict=$src/fuzz/zip.dict ;;
    fuzz_codelists) dict=$src/fuzz/codelists.dict ;;
    fuzz_base64) dict= ;;
    *) dict=$fz/oso.dict ;;
    esac
    mkdir -p "$fz/corpus/$h" "$fz/artifacts/$h"
    log=$fz/artifacts/$h/ci.log
    if "$fz/$h" -max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$fz/artifacts/$h/" ${dict:+-dict="$dict"} \
        "$fz/corpus/$h" "$fz/seeds/$h" >"$log" 2>&1; then
        result=ok
    else
        result=FAILED
        status=1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -E '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 |
        sed -E 's/.*(cov: [0-9]+ ft: [0-9]+).*/\1/')
    echo "$h: $result, ${execs:-?} runs, ${cov:-no coverage line}"
    if [ $result = FAILED ]; then
        grep -E 'ERROR: |SUMMARY: |check failed|runtime error' "$log" | head -5 | sed 's/^/    /'
        ls "$fz/artifacts/$h" | grep -v ci.log | sed "s|^|    artifact: $fz/artifacts/$h/|"
    fi
done
exit $status
