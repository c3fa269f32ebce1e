#!/usr/bin/env bash
# Regenerates the seed corpora (test/fuzz/corpus/<target>) from the project's
# test inputs: collects candidate inputs, then lets each fuzz target keep the
# ones that add coverage (libFuzzer -merge=1). Run it after a change that
# makes the current seeds miss a format (new manifest version, new mark
# form), then check in what changed under test/fuzz/corpus.
#
# Usage: test/fuzz/seed.sh --fuzz-build DIR --tools-build DIR
#                          [--lit-build DIR] [--kernel DIR] [--fresh]
#   --fuzz-build DIR   a -DKLP_FUZZ=ON build (its bin/fuzz-* do the merging)
#   --tools-build DIR  an ordinary build; its klp-manifest (built here if
#                      needed) writes the manifests in the current format
#   --lit-build DIR    a build whose lit suite has run: the ELF objects and
#                      modules under DIR/test/*/Output (default: --tools-build)
#   --kernel DIR       a kernel cache of scripts/kernel.sh (build/kernel/<v>):
#                      adds slices of its kallsyms, Module.symvers and the
#                      whole auto.conf
#   --fresh            start from empty corpora (but for their crash-* inputs)
#                      instead of adding to them
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
fuzz_build='' tools_build='' lit_build='' kernel='' fresh=0
usage() { sed -n '/^# Usage:/,/^# SPDX/{/^# SPDX/d;s/^# \{0,1\}//;p}' "$0"; }
while (($#)); do
  case $1 in
  --fuzz-build) fuzz_build=$2; shift 2 ;;
  --tools-build) tools_build=$2; shift 2 ;;
  --lit-build) lit_build=$2; shift 2 ;;
  --kernel) kernel=$2; shift 2 ;;
  --fresh) fresh=1; shift ;;
  -h | --help) usage; exit 0 ;;
  *) echo "seed.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[[ -n $fuzz_build && -n $tools_build ]] || { usage >&2; exit 2; }
lit_build=${lit_build:-$tools_build}
llvm=/usr/lib/llvm-19/bin
ninja -C "$tools_build" klp-manifest >/dev/null
manifest_tool=$tools_build/bin/klp-manifest

raw=$(mktemp -d)
trap 'rm -rf "$raw"' EXIT
for t in manifest kallsyms symvers marks kconfig check convert; do
  mkdir -p "$raw/$t"
done
n=0
add() { # add TARGET FILE: copy FILE in as a candidate
  cp "$2" "$raw/$1/$((n += 1))"
}

# Text inputs of the lit suite and what its tests derived from them.
shopt -s nullglob globstar
for f in "$top"/test/lit/**/Inputs/kallsyms*.txt \
  "$lit_build"/test/manifest/Output/malformed-kallsyms.test.tmp/*.txt; do
  add kallsyms "$f"
done
for f in "$top"/test/lit/**/Inputs/*Module.symvers \
  "$lit_build"/test/manifest/Output/malformed-symvers.test.tmp/*.symvers; do
  add symvers "$f"
done
for f in "$top"/test/lit/config/Inputs/**/auto.conf \
  "$top"/test/lit/config/Inputs/**/.config; do
  add kconfig "$f"
done
"$llvm/clang" --version >"$raw/kconfig/clang-version"
"$llvm/ld.lld" --version >"$raw/kconfig/lld-version"
if command -v ld >/dev/null; then ld --version >"$raw/kconfig/ld-version"; fi

# A real kernel: its first vmlinux and module symbols.
if [[ -n $kernel ]]; then
  k=$kernel/kallsyms
  {
    grep -v -m 300 '\[' "$k"
    grep -m 400 '\[' "$k" || true
  } >"$raw/kallsyms/real"
  head -n 200 "$kernel/kdir/Module.symvers" >"$raw/symvers/real"
  # Smaller, for a manifest the manifest target can mutate quickly.
  {
    grep -v -m 40 '\[' "$k"
    grep -m 40 '\[' "$k" || true
  } >"$raw/real-small.txt"
  "$manifest_tool" build --kallsyms "$raw/real-small.txt" \
    --symvers "$raw/symvers/real" -o "$raw/manifest/real"
  add kconfig "$kernel/kdir/include/config/auto.conf"
fi

# Manifests in the current format, from every kallsyms candidate (with each
# Module.symvers of the lit suite), and from the ELF vmlinux and modules the
# lit suite made.
i=0
for k in "$raw"/kallsyms/*; do
  [[ $k == */real ]] && continue
  "$manifest_tool" build --kallsyms "$k" -o "$raw/manifest/k$((i += 1))" \
    2>/dev/null || true
  for s in "$top"/test/lit/**/Inputs/Module.symvers; do
    "$manifest_tool" build --kallsyms "$k" --symvers "$s" \
      -o "$raw/manifest/k$((i += 1))" 2>/dev/null || true
  done
done
for v in "$lit_build"/test/manifest/Output/*/vmlinux; do
  "$manifest_tool" build --vmlinux "$v" -o "$raw/manifest/v$((i += 1))" \
    2>/dev/null || true
done
for m in "$lit_build"/test/manifest/Output/*/*.ko; do
  "$manifest_tool" build --module "$m" -o "$raw/manifest/m$((i += 1))" \
    2>/dev/null || true
done

# ELF relocatables (objects and modules) the lit suite built: inputs of the
# converter and the checker, and the source of mark notes and names.
while IFS= read -r -d '' f; do
  head -c 4 "$f" | cmp -s - <(printf '\177ELF') || continue
  [[ $("$llvm/llvm-readelf" -h "$f" 2>/dev/null) == *REL* ]] || continue
  add check "$f"
  cp "$f" "$raw/convert/$n"
  "$llvm/llvm-objcopy" --dump-section ".note.klp.marks=$raw/marks/n$n" \
    "$f" /dev/null 2>/dev/null || true
  "$llvm/llvm-objcopy" --dump-section ".note.gnu.build-id=$raw/marks/b$n" \
    "$f" /dev/null 2>/dev/null || true
done < <(find "$lit_build/test" -path '*Output*' -type f -size -256k -print0)

# A GNU build ID note, as a vmlinux or .ko carries one.
echo | "$llvm/llvm-mc" -filetype=obj -triple x86_64-linux-gnu -o "$raw/e.o"
"$llvm/ld.lld" -shared --build-id=sha1 "$raw/e.o" -o "$raw/e.so"
"$llvm/llvm-objcopy" --dump-section ".note.gnu.build-id=$raw/marks/build-id" \
  "$raw/e.so" /dev/null

# Label and section names: every .klp name the test sources and those
# objects spell, one a file.
{
  grep -rhoE '"?\.klp\.(sym|rela)\.[^" ()]+"?' "$top/test/lit" || true
  for f in "$raw"/check/*; do
    "$llvm/llvm-nm" --format=just-symbols "$f" 2>/dev/null || true
    "$llvm/llvm-objdump" -h "$f" 2>/dev/null | awk '{print $2}' || true
  done
} | grep -E '^"?\.klp\.' | sort -u | awk 'NR <= 2000' | {
  j=0
  while IFS= read -r name; do
    j=$((j + 1))
    printf '%s' "$name" >"$raw/marks/l$j"
  done
}

# Each target keeps what adds coverage.
for t in manifest kallsyms symvers marks kconfig check convert; do
  dir=$top/test/fuzz/corpus/$t
  # The crash-* inputs stay: they are regression tests.
  ((fresh)) && [[ -d $dir ]] && find "$dir" -type f ! -name 'crash-*' -delete
  mkdir -p "$dir"
  before=$(find "$dir" -type f | wc -l)
  "$fuzz_build/bin/fuzz-$t" -merge=1 "$dir" "$raw/$t" >/dev/null 2>&1 ||
    { echo "seed.sh: fuzz-$t -merge=1 failed" >&2; exit 1; }
  printf '%-10s %4d candidates -> %4d seeds (%d before), %s\n' "$t" \
    "$(find "$raw/$t" -type f | wc -l)" "$(find "$dir" -type f | wc -l)" \
    "$before" "$(du -sh "$dir" | cut -f1)"
done
