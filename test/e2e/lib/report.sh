# shellcheck shell=bash
# The suite's report, for people and for CI. On stdout: a line per check,
#   PASS: <scenario>: <check>
#   FAIL: <scenario>: <check> (<why>)
# under a failing scenario the relevant log excerpts, a line per scenario,
#   scenario: <scenario>: <P> passed, <F> failed, <S>s (host <H>s, boot and checks <B>s)
# (the parenthesis only for what ran)
# and last, alone on its line, "<N> passed, <M> failed". In the results
# folder (<build>/e2e): results.tsv (a row per scenario: scenario, passed,
# failed, seconds, host_seconds, boot_seconds), checks.tsv (a row per check:
# scenario, result, check, detail) and results.xml (JUnit: a testsuite per
# scenario, a testcase per check).
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# report_begin DIR: counters at zero, the results files in DIR started.
report_begin() {
  REPORT_DIR=$1 REPORT_PASSED=0 REPORT_FAILED=0
  mkdir -p "$REPORT_DIR"
  printf 'scenario\tpassed\tfailed\tseconds\thost_seconds\tboot_seconds\n' >"$REPORT_DIR/results.tsv"
  printf 'scenario\tresult\tcheck\tdetail\n' >"$REPORT_DIR/checks.tsv"
}

# report PASS|FAIL SCENARIO CHECK [DETAIL]: one check's result.
report() {
  if [[ $1 == PASS ]]; then
    REPORT_PASSED=$((REPORT_PASSED + 1)) SCENARIO_PASSED=$((SCENARIO_PASSED + 1))
    printf 'PASS: %s: %s\n' "$2" "$3"
  else
    REPORT_FAILED=$((REPORT_FAILED + 1)) SCENARIO_FAILED=$((SCENARIO_FAILED + 1))
    printf 'FAIL: %s: %s%s\n' "$2" "$3" "${4:+ ($4)}"
  fi
  local detail=${4:-}
  detail=${detail//$'\r'/} && detail=${detail//$'\t'/ } && detail=${detail//$'\n'/ | }
  printf '%s\t%s\t%s\t%s\n' "$2" "$1" "$3" "$detail" >>"$REPORT_DIR/checks.tsv"
}

# report_results SCENARIO FILE: reports the "PASS <check>" / "FAIL <check>:
# <why>" lines of FILE (what host.sh and guest.sh write).
report_results() {
  local line what
  while IFS= read -r line; do
    case $line in
    "PASS "*) report PASS "$1" "${line#PASS }" ;;
    "FAIL "*)
      what=${line#FAIL }
      report FAIL "$1" "${what%%: *}" "${what#*: }"
      ;;
    esac
  done < <(tr -d '\r' <"$2" 2>/dev/null | tr '\t' ' ' || true)
}

# report_scenario_begin: the scenario's own counters at zero.
report_scenario_begin() { SCENARIO_PASSED=0 SCENARIO_FAILED=0; }

# report_scenario_end SCENARIO HOST_S [BOOT_S]: the scenario's summary line
# and row.
report_scenario_end() {
  local total
  total=$(awk -v h="${2:-0}" -v b="${3:-0}" 'BEGIN { printf "%.3f", h + b }')
  printf 'scenario: %s: %d passed, %d failed, %ss%s\n' "$1" "$SCENARIO_PASSED" \
    "$SCENARIO_FAILED" "$total" "${2:+ (host ${2}s${3:+, boot and checks ${3}s})}"
  printf '%s\t%d\t%d\t%s\t%s\t%s\n' "$1" "$SCENARIO_PASSED" "$SCENARIO_FAILED" \
    "$total" "${2:-0}" "${3:-}" >>"$REPORT_DIR/results.tsv"
}

# report_excerpt TITLE FILE: stdin indented under a title, for a failing
# scenario.
report_excerpt() {
  printf '  --- %s (%s)\n' "$1" "$2"
  sed 's/^/  | /' | tr -d '\r'
}

# report_guest_context LOG: for each failed guest check, the serial-log
# lines since the previous check's result (what the kernel said meanwhile;
# guest.sh marks each result "@@KLP-RESULT@@"), and if the guest never
# finished, everything after the last result.
report_guest_context() {
  local finished=0
  grep -qa "$KLP_END_MARKER" "$1" && finished=1
  klp_guest_section "$1" | awk -v finished="$finished" '
    { buf[n++] = $0 }
    index($0, "@@KLP-RESULT@@ ") {
      if (index($0, "@@KLP-RESULT@@ FAIL ")) {
        printf "  ... before %s\n", substr($0, index($0, "FAIL "))
        for (i = 0; i < n - 1; i++) print buf[i]
      }
      n = 0
    }
    END {
      if (!finished) {
        print "  ... after the last check (the guest did not finish)"
        for (i = 0; i < n; i++) print buf[i]
      }
    }'
}

# report_end SECONDS: results.xml, the total time and the closing line
# "N passed, M failed"; returns 1 if a check failed.
report_end() {
  report_junit >"$REPORT_DIR/results.xml.tmp" && mv "$REPORT_DIR/results.xml.tmp" "$REPORT_DIR/results.xml"
  printf 'results: %s/results.tsv, checks.tsv, results.xml\n' "$REPORT_DIR"
  printf 'time: %s total %ss\n' "${KLP_KERNEL:-}" "$1"
  printf '%d passed, %d failed\n' "$REPORT_PASSED" "$REPORT_FAILED"
  ((REPORT_FAILED == 0))
}

# report_junit: results.tsv and checks.tsv as JUnit XML.
report_junit() {
  awk -F '\t' -v results="$REPORT_DIR/results.tsv" -v kernel="${KLP_KERNEL:-kernel}" '
    function esc(s) {
      gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s)
      gsub(/"/, "\\&quot;", s)
      return s
    }
    FNR == 1 { next }
    FILENAME == results { order[++n] = $1; secs[$1] = $4; next }
    {
      tests[$1]++; total++
      c = "    <testcase classname=\"e2e." esc(kernel) "." esc($1) "\" name=\"" esc($3) "\""
      if ($2 == "FAIL") {
        fails[$1]++; failures++
        c = c "><failure message=\"" esc($4) "\"/></testcase>"
      } else c = c "/>"
      cases[$1] = cases[$1] c "\n"
    }
    END {
      for (i = 1; i <= n; i++) time += secs[order[i]]
      print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      printf "<testsuites name=\"klp-llvm e2e %s\" tests=\"%d\" failures=\"%d\" time=\"%.3f\">\n", esc(kernel), total, failures, time
      for (i = 1; i <= n; i++) {
        s = order[i]
        printf "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" time=\"%s\">\n", esc(s), tests[s], fails[s], secs[s]
        printf "%s", cases[s]
        print "  </testsuite>"
      }
      print "</testsuites>"
    }' "$REPORT_DIR/results.tsv" "$REPORT_DIR/checks.tsv"
}

# e2e_each_kernel START NAME... -- ARG...: the suite once per kernel NAME,
# each a run.sh of its own with the ARGs (run.sh's, whose --kernel options
# are left out), its output passed through; then a line per kernel,
# <build>/e2e/kernels.tsv (kernel, passed, failed, seconds, exit status),
# the time since START and the sums as the closing line "N passed, M
# failed". Exit status 0 only if every kernel's run passed.
e2e_each_kernel() {
  local start=$1 k a skip=0 kernels=() own=() log passed failed secs t0 status
  local total_p=0 total_f=0 all=0
  shift
  while (($#)) && [[ $1 != -- ]]; do kernels+=("$1"); shift; done
  shift
  for a in "$@"; do
    if ((skip)); then skip=0; continue; fi
    [[ $a == --kernel ]] && { skip=1; continue; }
    own+=("$a")
  done
  local out
  out=$(klp_build_dir)/e2e
  mkdir -p "$out"
  local rows=()
  for k in "${kernels[@]}"; do
    log=$out/$k.log
    t0=$(klp_now)
    status=0
    "$E2E_DIR/run.sh" "${own[@]}" --kernel "$k" | tee "$log" || status=$?
    secs=$(klp_elapsed "$t0")
    passed="" failed=""
    read -r passed failed < <(tail -n 1 "$log" |
      sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1 \2/p') || true
    if [[ -z ${passed:-} ]]; then
      # The run stopped before its closing line (setup failed): one failure.
      passed=0 failed=1
      ((status)) || status=1
    fi
    ((status == 0)) || all=1
    total_p=$((total_p + passed)) total_f=$((total_f + failed))
    rows+=("$k $passed $failed $secs $status")
  done
  printf 'kernel\tpassed\tfailed\tseconds\tstatus\n' >"$out/kernels.tsv"
  for a in "${rows[@]}"; do
    read -r k passed failed secs status <<<"$a"
    printf 'kernel: %s: %d passed, %d failed, %ss%s\n' "$k" "$passed" "$failed" "$secs" \
      "$( ((status == 0)) || echo " (exit status $status)")"
    printf '%s\t%s\t%s\t%s\t%s\n' "$k" "$passed" "$failed" "$secs" "$status" >>"$out/kernels.tsv"
  done
  printf 'time: %s kernels, total %ss\n' "${#kernels[@]}" "$(klp_elapsed "$start")"
  printf '%d passed, %d failed\n' "$total_p" "$total_f"
  return "$all"
}
