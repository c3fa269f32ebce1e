#!/bin/bash
# Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# Compile-overhead benchmark: how much longer does clang -O2 take on a
# livepatch-sized file with the klp-llvm plugin (loading it, opening a
# distro-sized manifest, marking) than without? Generates the patch and the
# kernel symbol data under the build directory, checks that the plugin
# really marks, then compiles both ways interleaved (plain, plugin, plain,
# ...) and prints the medians of CPU time (user+sys, robust to other load
# on the machine) and of wall time, and their ratios.
#
#   bench/compile/run.sh [BUILD_DIR] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
runs=${2:-15}
data=$build/bench/compile-data
mkdir -p "$data"

ninja -C "$build" KlpPlugin klp-manifest > /dev/null
# The clang of the LLVM the build is for (a plugin only loads into that one).
tools=$(sed -n 's/^config.llvm_tools_dir = "\(.*\)"$/\1/p' \
        "$build/test/lit.site.cfg.py")
clang=$tools/clang
plugin=$build/lib/KlpPlugin.so

python3 "$here/gen-patch.py" "$data" --functions 80
"$build/bin/klp-manifest" build --kallsyms "$data/kallsyms" \
  --symvers "$data/Module.symvers" -o "$data/manifest.klpm"

common=(-target x86_64-linux-gnu -ffreestanding -fno-PIC -mcmodel=kernel
        -mno-red-zone -fno-asynchronous-unwind-tables -nostdinc -O2 -c
        -I"$build/include" "$data/patch.c")
plain=("$clang" "${common[@]}" -o "$data/plain.o")
klp=("$clang" "${common[@]}" -fplugin="$plugin" -fpass-plugin="$plugin"
     -mllvm -klp-manifest="$data/manifest.klpm" -mllvm -klp-object=vmlinux
     -o "$data/klp.o")

echo "input: $(wc -l < "$data/patch.c") lines of C," \
     "$(grep -c '^extern' "$data/patch.c") extern declarations;" \
     "manifest of $(wc -l < "$data/kallsyms") kallsyms lines" \
     "($(stat -c %s "$data/manifest.klpm") bytes)"
"${plain[@]}"
"${klp[@]}"
# The mark section as the contract names it.
section=$(sed -n 's/.*MarkSectionName = "\(.*\)";/\1/p' \
          "$here/../../format/KlpFormat.h")
marks=$("$tools/llvm-readelf" -p "$section" "$data/klp.o" |
        grep -c '\] 1 ' || true)
echo "plugin output: $marks marks in $section; plain output has" \
     "$("$tools/llvm-readelf" -S "$data/plain.o" |
        grep -c "$section" || true) such sections"
if [ "$marks" -lt 100 ]; then
  echo "error: the plugin marked only $marks references" >&2
  exit 1
fi

python3 - "$runs" "${#plain[@]}" "${plain[@]}" "${klp[@]}" <<'EOF'
import re, resource, statistics, subprocess, sys, time

runs, n = int(sys.argv[1]), int(sys.argv[2])
plain, klp = sys.argv[3:3 + n], sys.argv[3 + n:]

def cpu_of_children():
    # getrusage has microseconds; os.times() counts 10 ms ticks.
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def measure(cmd):
    before = cpu_of_children()
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    wall = time.perf_counter() - start
    return cpu_of_children() - before, wall

results = {"plain": [], "klp": []}
for i in range(runs):
    # Alternate which goes first so that drift affects both alike.
    order = [("plain", plain), ("klp", klp)]
    if i % 2:
        order.reverse()
    for name, cmd in order:
        results[name].append(measure(cmd))

def med(name, k):
    return statistics.median(r[k] for r in results[name])

for k, what in ((0, "cpu"), (1, "wall")):
    p, q = med("plain", k), med("klp", k)
    print("%-4s median of %d: plain %.3fs, plugin %.3fs, ratio %.4f "
          "(overhead %+.2f%%)" % (what, runs, p, q, q / p, (q / p - 1) * 100))

# The pass's own time, from clang's pass timers: less exposed to the noise
# of whole-process timings on a busy machine.
row = re.compile(r"^\s*([0-9.]+) \(.*?\)\s+([0-9.]+) \(.*?\)\s+([0-9.]+) "
                 r"\(.*?\)\s+([0-9.]+) \(.*?\)\s+(.*\S)\s*$")
shares = []
for i in range(min(runs, 7)):
    out = subprocess.run(klp + ["-ftime-report"], check=True,
                         stderr=subprocess.PIPE, text=True).stderr
    times = {}
    for line in out.splitlines():
        m = row.match(line)
        if m and m.group(5) not in times:
            times[m.group(5)] = float(m.group(3))  # user+sys
    if "klp::KlpMarkPass" not in times or "Code Generation Time" not in times:
        sys.exit("error: no klp::KlpMarkPass in clang's -ftime-report")
    shares.append((times["klp::KlpMarkPass"], times["Code Generation Time"]))
p = statistics.median(s[0] for s in shares)
t = statistics.median(s[1] for s in shares)
print("pass median of %d (-ftime-report, user+sys): klp::KlpMarkPass %.4fs "
      "of %.3fs compile (%.2f%%)" % (len(shares), p, t, 100 * p / t))
EOF
echo "plain:  ${plain[*]}"
echo "plugin: ${klp[*]}"
echo "reproduce: $here/run.sh $build $runs"
