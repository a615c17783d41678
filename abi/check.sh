#!/usr/bin/env bash
# ABI check: the exported symbols of the built library equal abi/symbols.txt, and abidiff finds
# no incompatible change against the abidw baseline abi/liboso.abi (when present).
# Usage: abi/check.sh BUILD_DIR          (abi/check.sh --update BUILD_DIR rewrites both files)
set -euo pipefail
cd "$(dirname "$0")/.."
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
lib="${1:?build dir}/lib/liboso.so"
exported=$(nm -D --defined-only "$lib" | awk '$2 == "T" || $2 == "D" || $2 == "B" || $2 == "R" {print $3}' | sort)
if [ $update = 1 ]; then
  echo "$exported" > abi/symbols.txt
  abidw --no-corpus-path --no-comp-dir-path --headers-dir include/oso "$lib" > abi/liboso.abi
  echo "abi/symbols.txt and abi/liboso.abi updated"
  exit 0
fi
if ! diff -u abi/symbols.txt <(echo "$exported"); then
  echo "abi/check.sh: exported symbols differ from abi/symbols.txt" >&2
  exit 1
fi
if [ -f abi/liboso.abi ]; then
  abidw --no-corpus-path --no-comp-dir-path --headers-dir include/oso "$lib" > "${TMPDIR:-/tmp}/liboso.current.abi"
  status=0
  abidiff --no-added-syms abi/liboso.abi "${TMPDIR:-/tmp}/liboso.current.abi" || status=$?
  # abidiff: bit 2 (4) = ABI change, bit 3 (8) = incompatible change.
  if [ $(( status & 8 )) -ne 0 ] || [ $(( status & 3 )) -ne 0 ]; then
    echo "abi/check.sh: incompatible ABI change (abidiff status $status)" >&2
    exit 1
  fi
fi
echo "ABI check passed ($(echo "$exported" | wc -l) symbols)"
