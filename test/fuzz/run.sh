#!/usr/bin/env bash
# Runs every libFuzzer target of a -DKLP_FUZZ=ON build for a bounded time,
# starting from the checked-in seeds (test/fuzz/corpus/<target>), and prints
# one line per target (executions, executions/s, coverage, corpus) and a
# closing line. Fails if any target crashes, leaks, hangs or breaks one of
# its invariants; the input that did it is kept in the artifact directory
# (add it to test/fuzz/corpus/<target>/ as crash-<sha1> with the fix).
# The seeds are only read: what a run discovers goes to a scratch corpus.
#
# Usage: test/fuzz/run.sh BUILD-DIR SECONDS [TARGET...]
#   BUILD-DIR  the fuzz build, or its bin/ directory holding fuzz-*
#   SECONDS    how long each target runs
#   TARGET     only these targets (e.g. marks convert); default: all
# Environment: KLP_FUZZ_JOBS (targets run at once; default: the number of
# CPUs), KLP_FUZZ_ARTIFACTS (where crashing inputs and logs go; default:
# BUILD-DIR/fuzz-artifacts), KLP_FUZZ_ARGS (more libFuzzer flags).
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage() { sed -n '/^# Usage:/,/^# SPDX/{/^# SPDX/d;s/^# \{0,1\}//;p}' "$0"; }
if (($# < 2)) || ! [[ $2 =~ ^[0-9]+$ ]]; then
  usage >&2
  exit 2
fi
bin=$1 seconds=$2
shift 2
[[ -x $bin/fuzz-marks ]] || bin=$bin/bin
[[ -x $bin/fuzz-marks ]] || {
  echo "fuzz: no fuzz-* in $1 or $1/bin (configure with -DKLP_FUZZ=ON)" >&2
  exit 2
}
bin=$(cd "$bin" && pwd)
all=(manifest kallsyms symvers marks kconfig check convert)
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")
jobs=${KLP_FUZZ_JOBS:-$(nproc)}
artifacts=${KLP_FUZZ_ARTIFACTS:-$bin/../fuzz-artifacts}
mkdir -p "$artifacts"
artifacts=$(cd "$artifacts" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/klp-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
read -r -a extra <<<"${KLP_FUZZ_ARGS:-}"

# ASan's leak check at exit is libFuzzer's; symbolized stacks in the log.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
llvm_symbolizer=/usr/lib/llvm-19/bin/llvm-symbolizer
[[ -x $llvm_symbolizer ]] && export ASAN_SYMBOLIZER_PATH=$llvm_symbolizer

run_one() { # run_one TARGET: fuzz it, output in $scratch/TARGET.log
  local t=$1 exe=$bin/fuzz-$1
  [[ -x $exe ]] || { echo "no $exe" >"$scratch/$t.log"; return 1; }
  mkdir -p "$scratch/$t.corpus"
  # The scratch corpus comes first: libFuzzer adds what it finds there.
  timeout -k 10 $((seconds * 2 + 120)) "$exe" \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$t-" "${extra[@]}" \
    "$scratch/$t.corpus" "$here/corpus/$t" >"$scratch/$t.log" 2>&1
}

start=$SECONDS
for t in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
  # (The subshell's stderr would only say "Aborted" for a crash.)
  (
    status=0
    run_one "$t" || status=$?
    echo "$status" >"$scratch/$t.status"
  ) 2>/dev/null &
done
wait

failed=() total_execs=0
for t in "${targets[@]}"; do
  log=$scratch/$t.log status=$(cat "$scratch/$t.status" 2>/dev/null || echo 1)
  stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }
  execs=$(stat number_of_executed_units) rate=$(stat average_exec_per_sec)
  last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|INITED|NEW|REDUCE|pulse)' "$log" |
    tail -n 1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$last")
  total_execs=$((total_execs + ${execs:-0}))
  if [[ $status == 0 ]]; then
    printf 'fuzz-%-9s ok     %9s execs %6s/s  cov: %5s  ft: %6s  corp: %s\n' \
      "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
    continue
  fi
  failed+=("$t")
  cp "$log" "$artifacts/$t.log"
  printf 'fuzz-%-9s FAILED (exit %s) after %s execs; log: %s\n' "$t" \
    "$status" "${execs:-?}" "$artifacts/$t.log"
  # What broke, and where: the sanitizer's or invariant's line, the stack.
  grep -E 'ERROR: |SUMMARY: |runtime error|invariant broken|Test unit written' \
    "$log" | head -n 8 | sed 's/^/    /'
  grep -E '^    #[0-9]+ ' "$log" | grep -v -E 'libFuzzer|fuzzer::|libc\.so' |
    head -n 8 | sed 's/^/    /'
done

elapsed=$((SECONDS - start))
if ((${#failed[@]})); then
  echo "fuzz: FAILED: ${failed[*]} (${#targets[@]} targets, ${seconds} s each," \
    "$total_execs executions, ${elapsed} s); crashing inputs in $artifacts"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, $total_execs executions" \
  "in ${elapsed} s, no crash"
