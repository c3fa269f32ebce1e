#!/bin/bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# bench/convert/run.sh [BUILD_DIR] - the link step's cost.
#
#  1. klp-convert of a large livepatch module (several MB of relocations)
#     against a plain llvm-objcopy of the same file;
#  2. klp-ld against ld.lld on the same final module link (kbuild's
#     `ld -r -T module.lds patch.o patch.mod.o`, here without the script),
#     where klp-ld also finalizes the module;
#  3. the same with the module's objects linked in that one step.
# Both as ratios of medians of interleaved runs. Target: both <= 1.2.
# Environment: RUNS (default 11), OBJECTS, FUNCS, CALLS, KSYMS (module size).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
build=$(cd "$build" && pwd)
llvm=${LLVM_BIN:-/usr/lib/llvm-19/bin}
runs=${RUNS:-11}
objects=${OBJECTS:-16}
funcs=${FUNCS:-200}
calls=${CALLS:-40}
ksyms=${KSYMS:-4000}
work=$(mktemp -d "${TMPDIR:-/tmp}/klp-bench-convert.XXXXXX")
trap 'rm -rf "$work"' EXIT

for tool in klp-convert klp-ld; do
  [ -x "$build/bin/$tool" ] || { echo "missing $build/bin/$tool (build it first)"; exit 1; }
done

echo "generating: $objects objects x $funcs functions x $calls call sites, $ksyms kernel symbols"
python3 "$here/gen_module.py" "$work/src" "$objects" "$funcs" "$calls" "$ksyms"
ls "$work"/src/*.s | xargs -P 2 -I{} sh -c \
  "$llvm/llvm-mc -filetype=obj -triple x86_64-linux-gnu {} -o {}.o"
"$llvm/ld.lld" -r "$work"/src/obj*.s.o -o "$work/patch.o"
"$llvm/ld.lld" -r "$work/patch.o" "$work/src/mod.s.o" -o "$work/patch.unfinalized.ko"
"$build/bin/klp-convert" --verbose "$work/patch.unfinalized.ko" "$work/check.ko" | sed 's/^/  /'
size=$(stat -c %s "$work/patch.unfinalized.ko")
relsize=0
while read -r hex; do relsize=$((relsize + 16#$hex)); done < <("$llvm/llvm-readelf" -S -W "$work/patch.unfinalized.ko" | awk '$3 == "RELA" { print $6 }')
echo "module: $size bytes, $relsize bytes of relocations"

echo "1. conversion vs. plain copy"
python3 "$here/timeit.py" "$runs" \
  klp-convert "$build/bin/klp-convert $work/patch.unfinalized.ko $work/a.ko" \
  llvm-objcopy "$llvm/llvm-objcopy $work/patch.unfinalized.ko $work/b.ko"

echo "2. final module link: klp-ld (link + finalize) vs. ld.lld (link)"
python3 "$here/timeit.py" "$runs" \
  klp-ld "$build/bin/klp-ld -r $work/patch.o $work/src/mod.s.o -o $work/c.ko" \
  ld.lld "$llvm/ld.lld -r $work/patch.o $work/src/mod.s.o -o $work/d.ko"
cmp "$work/a.ko" "$work/c.ko" && echo "  (klp-ld output == ld.lld + klp-convert output)"

echo "3. for scale: the module's objects and .mod.o in one final link"
python3 "$here/timeit.py" "$runs" \
  klp-ld "$build/bin/klp-ld -r $work/src/obj*.s.o $work/src/mod.s.o -o $work/e.ko" \
  ld.lld "$llvm/ld.lld -r $work/src/obj*.s.o $work/src/mod.s.o -o $work/f.ko"
