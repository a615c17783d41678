#!/bin/sh
# Minimise the corpora into the repository: for each harness, libFuzzer's -merge=1 keeps the
# smallest set of inputs that reaches all the coverage of fuzz/corpus/<harness>/ (committed),
# BUILD_DIR/fuzz/corpus/<harness>/ (grown by runs) and the seeds, and fuzz/corpus/<harness>/ is
# replaced by that set (files named by their SHA-1, as libFuzzer names them).
#
# usage: fuzz/minimize-corpus.sh [BUILD_DIR [HARNESS...]]   (default: build-fuzz, every harness)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-fuzz}
[ $# -gt 0 ] && shift
harnesses=${*:-$(sed -n 's/^harnesses=\${FUZZ_HARNESSES:-"\(.*\)"}$/\1/p' "$src/fuzz/run-ci.sh")}
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
for h in $harnesses; do
    fz=$build/fuzz
    [ -x "$fz/$h" ] || { echo "$h: not built in $build" >&2; exit 2; }
    new=$(mktemp -d)
    dirs=
    for d in "$src/fuzz/corpus/$h" "$fz/corpus/$h" "$fz/seeds/$h"; do
        [ -d "$d" ] && dirs="$dirs $d"
    done
    # shellcheck disable=SC2086
    "$fz/$h" -merge=1 -max_len=65536 -timeout=30 -rss_limit_mb=2048 "$new" $dirs \
        >"$new.log" 2>&1 || { tail -5 "$new.log" >&2; rm -rf "$new" "$new.log"; exit 1; }
    # The official examples are seeds when present; what holds their text is not ours to keep.
    python3 "$src/fuzz/official-text.py" "$src/../shared/oso-2019.1/examples" --remove "$new" \
        || [ $? = 77 ]
    rm -rf "$src/fuzz/corpus/$h"
    mkdir -p "$src/fuzz/corpus"
    mv "$new" "$src/fuzz/corpus/$h"
    chmod 755 "$src/fuzz/corpus/$h"
    echo "$h: $(ls "$src/fuzz/corpus/$h" | wc -l) inputs, $(du -sk "$src/fuzz/corpus/$h" | cut -f1) KiB"
    rm -f "$new.log"
done
