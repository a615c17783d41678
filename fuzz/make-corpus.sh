#!/bin/sh
# Seed corpora for the libFuzzer harnesses, made from our own generator and small hand-made
# inputs (fuzz/make_seeds.py). Nothing generated is committed.
#
# usage: fuzz/make-corpus.sh [BUILD_DIR [OUT_DIR]]
#   BUILD_DIR  a configured build directory (default: build-fuzz next to this tree); its
#              tests/generator/gen-dossier is built if missing
#   OUT_DIR    where the corpora go (default: BUILD_DIR/fuzz/seeds), one directory per harness;
#              it is emptied first
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-fuzz}
out=${2:-$build/fuzz/seeds}
gen=$build/tests/generator/gen-dossier
if [ ! -x "$gen" ]; then
    ninja -C "$build" tests/generator/gen-dossier >/dev/null
fi
rm -rf "$out"
mkdir -p "$out"
python3 "$src/fuzz/make_seeds.py" "$gen" "$out" "$src"
