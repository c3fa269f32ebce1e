#!/bin/bash
# Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# Manifest benchmark: generates a distro-sized kallsyms dump (1M symbols:
# vmlinux ~200k, 3000 modules) and Module.symvers under the build directory,
# then prints the manifest's build time and size and the per-compile cost of
# Manifest::open + 50 lookups.
#
#   bench/manifest/run.sh [BUILD_DIR] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
runs=${2:-2000}
data=$build/bench/manifest-data
mkdir -p "$data"

ninja -C "$build" klp-manifest klp-manifest-bench > /dev/null
if [ ! -f "$data/kallsyms" ]; then
  python3 "$here/gen-kallsyms.py" "$data"
fi
echo "input: $(wc -l < "$data/kallsyms") kallsyms lines" \
     "($(grep -c $'\t\[' "$data/kallsyms") in modules)," \
     "$(wc -l < "$data/Module.symvers") exports"

now() { date +%s.%N; }
best=
for i in 1 2 3; do
  t0=$(now)
  "$build/bin/klp-manifest" build --kallsyms "$data/kallsyms" \
    --symvers "$data/Module.symvers" -o "$data/manifest.klpm"
  t1=$(now)
  t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  echo "build run $i: ${t}s"
  if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then
    best=$t
  fi
done
echo "build: best ${best}s of 3; manifest $(stat -c %s "$data/manifest.klpm") bytes"
"$build/bin/klp-manifest" verify "$data/manifest.klpm"
"$build/bin/klp-manifest-bench" "$data/manifest.klpm" "$data/lookups.txt" "$runs"
echo "reproduce: $here/run.sh $build $runs"
