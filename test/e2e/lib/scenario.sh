# shellcheck shell=bash
# One scenario of the suite, step by step: read its scenario.conf, run the
# host steps (build), boot with its checks, collect the results, scan the
# serial log. Each step reports its checks (report.sh). Source after the
# scripts/lib files run.sh sources and report.sh; E2E_DIR, E2E_LIB, E2E_OUT
# (the kernel's results folder) and E2E_TIMEOUT set.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# What a scenario.conf may set (test/e2e/README.md, "scenario.conf").
SCENARIO_KEYS="BUILD KLP_SYMS TIMEOUT LOG_ALLOW KERNELS SKIP_WHY"

# scenario_folder NAME: the folder of NAME, a name under scenarios/ or a path.
scenario_folder() {
  if [[ $1 == */* ]]; then echo "$1"; else echo "$E2E_DIR/scenarios/$1"; fi
}

# scenario_run NAME: every step of one scenario, then its summary line.
scenario_run() {
  local src name work t0 host_s="" boot_s=""
  src=$(scenario_folder "$1")
  name=$(basename "$src")
  report_scenario_begin
  if scenario_conf "$name" "$src" && [[ -n $KERNELS && " $KERNELS " != *" $KLP_KERNEL "* ]]; then
    # Not a result: no checks, no row; one line that says why.
    printf 'skipped: %s: not for %s (KERNELS="%s")%s\n' "$name" "$KLP_KERNEL" "$KERNELS" "${SKIP_WHY:+: $SKIP_WHY}"
    return 0
  fi
  if ((SCENARIO_FAILED == 0)); then
    src=$(cd "$src" && pwd) work=$E2E_OUT/$name
    t0=$(klp_now)
    scenario_host "$name" "$src" "$work"
    host_s=$(klp_elapsed "$t0")
    if [[ -f $src/check.sh ]]; then
      t0=$(klp_now)
      scenario_guest "$name" "$src" "$work"
      boot_s=$(klp_elapsed "$t0")
    fi
  fi
  report_scenario_end "$name" "$host_s" "$boot_s"
}

# scenario_conf NAME FOLDER: sets BUILD, KLP_SYMS, TIMEOUT, LOG_ALLOW,
# KERNELS and SKIP_WHY from
# FOLDER/scenario.conf (if any) over their defaults. Reports and returns 1
# if FOLDER is missing, the file sets another key or a wrong value, or the
# scenario has nothing to do.
scenario_conf() {
  local name=$1 src=$2 key entry
  BUILD=() KLP_SYMS=() TIMEOUT=$E2E_TIMEOUT LOG_ALLOW="" KERNELS="" SKIP_WHY=""
  if [[ ! -d $src ]]; then
    report FAIL "$name" "scenario exists" "no folder $src"
    return 1
  fi
  if [[ -f $src/scenario.conf ]]; then
    while read -r key; do
      [[ " $SCENARIO_KEYS " == *" $key "* ]] ||
        { report FAIL "$name" "scenario.conf" "unknown key $key (keys: $SCENARIO_KEYS)"; return 1; }
    done < <(sed -nE 's/^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=.*/\1/p' "$src/scenario.conf")
    # shellcheck source=/dev/null
    source "$src/scenario.conf"
  fi
  for entry in "${BUILD[@]}"; do
    [[ $entry =~ ^(plain|klp-ld|convert)( |$) ]] ||
      { report FAIL "$name" "scenario.conf" "BUILD entry '$entry' is not 'plain|klp-ld|convert [DIR] [OPTION...]'"; return 1; }
  done
  [[ $TIMEOUT =~ ^[0-9]+$ ]] ||
    { report FAIL "$name" "scenario.conf" "TIMEOUT=$TIMEOUT is not a number of seconds"; return 1; }
  if ((${#BUILD[@]} == 0)) && [[ ! -f $src/build.sh && ! -f $src/check.sh ]]; then
    report FAIL "$name" "scenario exists" "nothing to do in $src: no BUILD in scenario.conf, no build.sh, no check.sh"
    return 1
  fi
}

# scenario_host NAME FOLDER WORK: the host steps, in a fresh copy of FOLDER
# (WORK/src) and a subshell (scenario_host_steps); their checks, and a
# failure if they stopped with an error.
scenario_host() {
  local name=$1 src=$2 work=$3 status=0
  rm -rf "$work"
  mkdir -p "$work"
  cp -r "$src" "$work/src"
  : >"$work/guest-modules"
  : >"$work/guest-files"
  (scenario_host_steps "$name" "$src" "$work") 3>"$work/host-results" >"$work/host.log" 2>&1 ||
    status=$?
  report_results "$name" "$work/host-results"
  if ((status != 0)); then
    report FAIL "$name" "host steps" "exit status $status; see $work/host.log"
    tail -n 20 "$work/host.log" | report_excerpt "host log, last lines" "$work/host.log"
  fi
}

# scenario_host_steps NAME FOLDER WORK: with the helpers of host.sh, in the
# copy: each BUILD entry (e2e_build), then build.sh unless a build failed,
# then each KLP_SYMS entry (e2e_klp_syms).
scenario_host_steps() {
  cd "$3/src" || return 1
  export E2E_WORK=$3 E2E_SRC=$3/src E2E_SCENARIO=$1
  # shellcheck source=test/e2e/lib/host.sh
  source "$E2E_LIB/host.sh"
  local conf_entry conf_words conf_failed=0
  for conf_entry in "${BUILD[@]}"; do
    read -r -a conf_words <<<"$conf_entry"
    e2e_build "${conf_words[@]}" || conf_failed=1
  done
  if [[ -f $2/build.sh ]] && ((conf_failed == 0)); then
    # shellcheck source=/dev/null
    source "$2/build.sh"
  fi
  for conf_entry in "${KLP_SYMS[@]}"; do
    read -r -a conf_words <<<"$conf_entry"
    e2e_klp_syms "${conf_words[@]}"
  done
}

# scenario_guest NAME FOLDER WORK: one boot runs every guest check, unless
# the host steps failed; then the results, whether the guest ran every
# check, the serial log, and under a failure the log around it.
scenario_guest() {
  local name=$1 work=$3
  if ((SCENARIO_FAILED)); then
    report FAIL "$name" "boot" "skipped: the host steps failed"
    return
  fi
  scenario_boot "$2" "$work"
  report_results "$name" "$work/results"
  scenario_check_finished "$name" "$work"
  scenario_check_log "$name" "$work/serial.log"
  ((SCENARIO_FAILED == 0)) || scenario_show_failure "$work/serial.log"
}

# scenario_boot FOLDER WORK: boots with the modules and files the host steps
# chose, FOLDER/check.sh and the guest helpers; lib/run-checks.sh runs them.
# The results go to WORK/results, the console to WORK/serial.log.
scenario_boot() {
  local items=() item
  while IFS= read -r item; do items+=(--module "$item"); done <"$2/guest-modules"
  while IFS= read -r item; do items+=(--file "$item"); done <"$2/guest-files"
  (klp_boot --work "$2/boot" --log "$2/serial.log" --out "$2/results" --timeout "$TIMEOUT" \
    "${items[@]}" --file "$E2E_LIB/guest.sh:/klp/guest.sh" \
    --file "$E2E_LIB/checks.sh:/klp/checks.sh" --file "$1/check.sh:/klp/check.sh" \
    "$E2E_LIB/run-checks.sh") 2>"$2/boot.err" || true
}

# scenario_check_finished NAME WORK: the guest marked that it ran every
# check (no timeout, panic or early exit).
scenario_check_finished() {
  if grep -q '^@@KLP-CHECKS-DONE@@' "$2/results" 2>/dev/null; then
    report PASS "$1" "guest ran every check"
  else
    report FAIL "$1" "guest ran every check" "$(cat "$2/boot.err")"
  fi
}

# scenario_check_log NAME LOG: LOG has no kernel message of the trouble list
# (scripts/lib/serial-log.sh) other than what LOG_ALLOW expects.
scenario_check_log() {
  local bad
  bad=$(klp_log_trouble "$2" "$LOG_ALLOW")
  if [[ -z $bad ]]; then
    report PASS "$1" "serial log clean"
  else
    report FAIL "$1" "serial log clean" "$(wc -l <<<"$bad") suspicious lines"
    report_excerpt "suspicious serial-log lines" "$2" <<<"$bad"
  fi
}

# scenario_show_failure LOG: what the kernel said around the failed checks,
# or the end of LOG if the guest never started them.
scenario_show_failure() {
  if grep -q "$KLP_BEGIN_MARKER" "$1"; then
    report_guest_context "$1" | tail -n 200 | report_excerpt "serial log around the failed checks" "$1"
  else
    tail -n 40 "$1" | report_excerpt "serial log, last lines" "$1"
  fi
}
