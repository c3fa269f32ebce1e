#!/bin/bash
# Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# klp-diff benchmark: from a fix to a checked livepatch module, with the
# kernel source prepared and the manifest built, against one plain kbuild
# compile of the file the fix touches (make in a copy of the prepared output
# tree, the object removed before each run). Runs both interleaved and
# prints the median wall times, their ratio, and where klp-diff's time went
# (its own closing line, from the median run).
#
#   bench/diff/run.sh [--kernel K] [BUILD_DIR] [RUNS] [FIX.patch]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kernel=debian-6.1
if [[ ${1:-} == --kernel ]]; then kernel=$2; shift 2; fi
build=$(cd "${1:-$here/../../build}" && pwd)
runs=${2:-5}
fix=$(realpath "${3:-$here/../../test/e2e/scenarios/klp-diff/fixes/meminfo-inlined.patch}")
export KLP_BUILD_DIR=$build
kernel_sh=("$here/../../scripts/kernel.sh" --build-dir "$build" --kernel "$kernel")

ninja -C "$build" klp-diff klp-config klp-check klp-ld KlpPlugin >/dev/null
source=$("${kernel_sh[@]}" source | tail -n 1)
kdir=$("${kernel_sh[@]}" kdir | tail -n 1)
vmlinux=$("${kernel_sh[@]}" vmlinux | tail -n 1)
manifest=$("${kernel_sh[@]}" manifest --from vmlinux | tail -n 1)
file=$(sed -n 's|^+++ b/||p' "$fix" | head -n 1)
target=${file%.c}.o
work=$build/bench/diff
rm -rf "$work"
mkdir -p "$work/plain"
cp -a "$source/obj/." "$work/plain/"
mapfile -t words <"$source/make.args"

now() { date +%s.%N; }
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
: >"$work/plain.times"
: >"$work/diff.times"
for ((i = 1; i <= runs; i++)); do
  rm -f "$work/plain/$target"
  t0=$(now)
  make -C "$work/plain" -o prepare "${words[@]}" "$target" >/dev/null 2>&1
  echo "$(now) - $t0" | bc >>"$work/plain.times"
  t0=$(now)
  "$build/bin/klp-diff" --source "$source" --kernel "$kdir" --manifest "$manifest" \
    --vmlinux "$vmlinux" --cache-dir "$work/cache" -o "$work/fix.ko" "$fix" >"$work/diff.$i.log"
  echo "$(now) - $t0" | bc >>"$work/diff.times"
done
plain=$(median <"$work/plain.times")
diff=$(median <"$work/diff.times")
echo "fix: $fix ($file), $runs runs each, interleaved, $kernel"
printf 'plain kbuild compile of %s: %.2f s (median)\n' "$target" "$plain"
printf 'klp-diff, fix to checked module: %.2f s (median), %.1fx the plain compile\n' \
  "$diff" "$(echo "$diff / $plain" | bc -l)"
grep -h '^klp-diff: wrote' "$work"/diff.*.log | sed -n "$(((runs + 1) / 2))p"
echo "reproduce: bench/diff/run.sh --kernel $kernel $build $runs $fix"
