#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The end-to-end suite: each scenario under test/e2e/scenarios/<name>/ is
# built with clang via kbuild against Debian's cloud kernel, then the kernel
# boots under QEMU and the scenario's checks run inside it.
#
# Usage: test/e2e/run.sh [--build-dir DIR] [--timeout S] [--manifest M] [SCENARIO...]
#   --build-dir DIR  klp-llvm build directory (klp-config in DIR/bin; kernel
#                    cache and work files in DIR/kernel and DIR/e2e);
#                    default $KLP_BUILD_DIR or <repo>/build
#   --timeout S      bound on each boot (default 120 s)
#   --manifest M     manifest for scenarios built with the plugin; default:
#                    made by DIR/bin/klp-manifest from the kernel's debug
#                    vmlinux (fetched once, cached) and Module.symvers
#   SCENARIO         a name under test/e2e/scenarios, or a scenario folder's
#                    path (default: all under test/e2e/scenarios, then the
#                    examples/ that have a check.sh)
#
# A scenario folder holds (test/e2e/README.md):
#   Kbuild, *.c      modules (kbuild input; built in a copy)
#   build.sh         optional host step instead of the default build (bash,
#                    cwd: the build copy, helpers of test/e2e/lib/host.sh:
#                    e2e_kbuild, e2e_manifest, e2e_klp_check, check, ...)
#   check.sh         guest checks (busybox sh) using test/e2e/lib/guest.sh;
#                    without it the scenario is host-only (no boot)
#   scenario.conf    optional bash: BUILD=plain|klp|convert (the default
#                    build: kbuild of the folder, linked by the kernel's
#                    linker, by klp-ld, or by ld.lld then klp-convert),
#                    TIMEOUT=S, LOG_ALLOW=<ERE of serial-log lines expected>
# Every check prints "PASS: <scenario>: <check>" or "FAIL: ...", a failing
# scenario prints the relevant part of its logs, and the last line is
# "N passed, M failed". Exit status 0 only if nothing failed.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
set -euo pipefail

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_LIB=$E2E_DIR/lib
export E2E_LIB
KLP_PROG=e2e
# shellcheck source=../../scripts/lib/common.sh
source "$E2E_DIR/../../scripts/lib/common.sh"
# shellcheck source=../../scripts/lib/kernel-fetch.sh
source "$E2E_DIR/../../scripts/lib/kernel-fetch.sh"
# shellcheck source=../../scripts/lib/kernel-boot.sh
source "$E2E_DIR/../../scripts/lib/kernel-boot.sh"
# shellcheck source=../../scripts/lib/kernel-kbuild.sh
source "$E2E_DIR/../../scripts/lib/kernel-kbuild.sh"


timeout_s=120 manifest="" names=()
while (($#)); do
  case $1 in
  --build-dir)
    klp_set_build_dir "$2"
    shift 2
    ;;
  --timeout) timeout_s=$2; shift 2 ;;
  --manifest) manifest=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
  -h | --help) klp_usage; exit 0 ;;
  -*) klp_die "unknown option '$1' (see --help)" ;;
  *) names+=("$1"); shift ;;
  esac
done
if ((${#names[@]} == 0)); then
  for d in "$E2E_DIR"/scenarios/*/; do names+=("$(basename "$d")"); done
  # The examples run as scenarios too (they carry a check.sh).
  for d in "$E2E_DIR"/../../examples/*/; do
    [[ -f $d/check.sh ]] && names+=("$(cd "$d" && pwd)")
  done
fi

passed=0 failed=0
report() { # report PASS|FAIL SCENARIO CHECK [DETAIL]
  if [[ $1 == PASS ]]; then
    passed=$((passed + 1))
    printf 'PASS: %s: %s\n' "$2" "$3"
  else
    failed=$((failed + 1))
    printf 'FAIL: %s: %s%s\n' "$2" "$3" "${4:+ ($4)}"
  fi
}

# Serial-log lines that mean trouble whatever the scenario checked.
BAD_LOG='WARNING:|BUG:|Oops|ftrace bug|ftrace failed|Kernel panic|Call Trace:|general protection|Unknown symbol|Invalid relocation|livepatch:'
# livepatch: lines that are the normal course of enabling and disabling.
OK_LIVEPATCH="livepatch: (enabling patch '[^']+'|'[^']+': (initializing|starting|completing) (un)?patching transition|'[^']+': (un)?patching complete|applying patch '[^']+' to loading module '[^']+'|reverting patch '[^']+' on unloading module '[^']+')\$"

# scan_log LOG ALLOW: prints the lines of LOG that mean trouble.
scan_log() {
  tr -d '\r' <"$1" | grep -aE "$BAD_LOG" | grep -avE "$OK_LIVEPATCH" |
    { if [[ -n $2 ]]; then grep -avE "$2"; else cat; fi; } || true
}

show() { # show TITLE FILE: indented, for a failing scenario
  printf '  --- %s (%s)\n' "$1" "$2"
  sed 's/^/  | /' | tr -d '\r'
}

# read_results SCENARIO FILE: reports the "PASS <check>" / "FAIL <check>:
# <why>" lines of FILE.
read_results() {
  local line
  while IFS= read -r line; do
    case $line in
    "PASS "*) report PASS "$1" "${line#PASS }" ;;
    "FAIL "*)
      local what=${line#FAIL }
      report FAIL "$1" "${what%%: *}" "${what#*: }"
      ;;
    esac
  done < <(tr -d '\r' <"$2" 2>/dev/null || true)
}

# failed_context LOG: for each failed guest check, the serial-log lines
# since the previous check's result (what the kernel said meanwhile), and
# if the guest never finished, everything after the last result.
failed_context() {
  tr -d '\r' <"$1" | awk -v b="$KLP_BEGIN_MARKER" -v e="$KLP_END_MARKER" '
    index($0, b) { on = 1; n = 0; next }
    !on { next }
    index($0, e) { done = 1; exit }
    { buf[n++] = $0 }
    index($0, "@@KLP-RESULT@@ ") {
      if (index($0, "@@KLP-RESULT@@ FAIL ")) {
        printf "  ... before %s\n", substr($0, index($0, "FAIL "))
        for (i = 0; i < n - 1; i++) print buf[i]
      }
      n = 0
    }
    END {
      if (!done && on) {
        print "  ... after the last check (the guest did not finish)"
        for (i = 0; i < n; i++) print buf[i]
      }
    }'
}

run_scenario() { # run_scenario FOLDER
  local src=$1 name
  name=$(basename "$src")
  local work
  work=$(klp_build_dir)/e2e/$name
  local BUILD=plain TIMEOUT=$timeout_s LOG_ALLOW=""
  # shellcheck source=/dev/null
  [[ -f $src/scenario.conf ]] && source "$src/scenario.conf"
  if [[ ! -f $src/check.sh && ! -f $src/build.sh ]]; then
    report FAIL "$name" "scenario exists" "neither $src/check.sh nor $src/build.sh"
    return
  fi
  rm -rf "$work"
  mkdir -p "$work"
  cp -r "$src" "$work/src"
  : >"$work/guest-modules"
  : >"$work/guest-files"
  local failed_before=$failed

  # Host side: build.sh, or the default build of the folder.
  local t0 link
  t0=$(klp_now)
  case $BUILD in
  plain) link=plain ;;
  klp) link=klp-ld ;;
  convert) link=convert ;;
  *)
    report FAIL "$name" "build" "scenario.conf: unknown BUILD=$BUILD (plain, klp or convert)"
    return
    ;;
  esac
  local host_status=0
  (
    cd "$work/src"
    export E2E_WORK=$work E2E_SRC=$work/src E2E_SCENARIO=$name
    # shellcheck source=lib/host.sh
    source "$E2E_LIB/host.sh"
    if [[ -f $src/build.sh ]]; then
      # shellcheck source=/dev/null
      source "$src/build.sh"
    else
      e2e_kbuild --link "$link" .
    fi
  ) 3>"$work/host-results" >"$work/host.log" 2>&1 || host_status=$?
  read_results "$name" "$work/host-results"
  if ((host_status != 0)); then
    report FAIL "$name" "host steps" "exit status $host_status; see $work/host.log"
    tail -n 20 "$work/host.log" | show "host log, last lines" "$work/host.log"
  fi
  local build_time
  build_time=$(klp_elapsed "$t0")
  if ((failed > failed_before)) || [[ ! -f $src/check.sh ]]; then
    ((failed > failed_before)) && [[ -f $src/check.sh ]] &&
      report FAIL "$name" "boot" "skipped: the host steps failed"
    printf 'time: %s: host %ss\n' "$name" "$build_time"
    return
  fi

  # Boot once; all guest checks run inside.
  local items=() item
  while IFS= read -r item; do items+=(--module "$item"); done <"$work/guest-modules"
  while IFS= read -r item; do items+=(--file "$item"); done <"$work/guest-files"
  cat >"$work/run.sh" <<'GUEST'
. /klp/guest.sh
. /klp/check.sh
echo "@@KLP-CHECKS-DONE@@" >&3
exec 3>&-
GUEST
  t0=$(klp_now)
  klp_boot --work "$work/boot" --log "$work/serial.log" --out "$work/results" \
    --timeout "$TIMEOUT" "${items[@]}" --file "$E2E_LIB/guest.sh:/klp/guest.sh" \
    --file "$src/check.sh:/klp/check.sh" "$work/run.sh" 2>"$work/boot.err" || true
  local boot_time
  boot_time=$(klp_elapsed "$t0")

  read_results "$name" "$work/results"
  if grep -q '^@@KLP-CHECKS-DONE@@' "$work/results" 2>/dev/null; then
    report PASS "$name" "guest ran every check"
  else
    report FAIL "$name" "guest ran every check" "$(cat "$work/boot.err")"
  fi
  local bad
  bad=$(scan_log "$work/serial.log" "$LOG_ALLOW")
  if [[ -z $bad ]]; then
    report PASS "$name" "serial log clean"
  else
    report FAIL "$name" "serial log clean" "$(wc -l <<<"$bad") suspicious lines"
    show "suspicious serial-log lines" "$work/serial.log" <<<"$bad"
  fi

  if ((failed > failed_before)); then
    if grep -q "$KLP_BEGIN_MARKER" "$work/serial.log"; then
      failed_context "$work/serial.log" | tail -n 200 |
        show "serial log around the failed checks" "$work/serial.log"
    else
      tail -n 40 "$work/serial.log" | show "serial log, last lines" "$work/serial.log"
    fi
  fi
  printf 'time: %s: host %ss, boot+checks %ss\n' "$name" "$build_time" "$boot_time"
}

start=$(klp_now)
klp_kernel_fetch
printf 'kernel: %s (%s), fetch/cache %ss\n' "$KERNEL_RELEASE" "$KERNEL_VERSION" "$(klp_elapsed "$start")"
# What every scenario's host steps need: the manifest (from the debug
# vmlinux, which knows source files), the manifest of the booted kernel's
# /proc/kallsyms as a server has it (the guest loads the image's modules of
# scripts/lib/server-modules.txt first: one boot, cached), and the ld.lld of
# this build's LLVM.
t0=$(klp_now)
if [[ -z $manifest ]]; then
  klp_kernel_manifest vmlinux
  manifest=$MANIFEST
fi
klp_kernel_manifest kallsyms
E2E_KALLSYMS_MANIFEST=$MANIFEST E2E_KALLSYMS=$KALLSYMS
printf 'manifests: %s, %s (%ss)\n' "${manifest##*/}" "${E2E_KALLSYMS_MANIFEST##*/}" "$(klp_elapsed "$t0")"
printf 'kallsyms: %s lines, %s modules loaded (%s)\n' "$(wc -l <"$KALLSYMS")" \
  "$(awk '$4 ~ /^\[/ { m[$4] = 1 } END { print length(m) }' "$KALLSYMS")" "$KALLSYMS"
E2E_BIN=$(klp_build_dir)/bin
E2E_KDIR=$(klp_kernel_kdir)
cc_word=$("$E2E_BIN/klp-config" --kbuild --kernel "$E2E_KDIR" | tr ' ' '\n' | grep '^CC=') ||
  klp_die "klp-config --kbuild --kernel $E2E_KDIR failed"
cc=${cc_word#CC=}
E2E_LLD=$(dirname "$(readlink -f "$(command -v "$cc")")")/ld.lld
[[ -x $E2E_LLD ]] || klp_die "no ld.lld beside $cc ($E2E_LLD); install lld (scripts/install-deps.sh)"
E2E_LLVM_BIN=${E2E_LLD%/*}
export E2E_BIN E2E_KDIR E2E_LLD E2E_LLVM_BIN E2E_KALLSYMS_MANIFEST E2E_KALLSYMS KERNEL_DIR
export E2E_MANIFEST=$manifest

for name in "${names[@]}"; do
  folder=$name
  [[ $name == */* ]] || folder=$E2E_DIR/scenarios/$name
  if [[ ! -d $folder ]]; then
    report FAIL "$name" "scenario exists" "no folder $folder"
    continue
  fi
  run_scenario "$(cd "$folder" && pwd)"
done
printf 'time: total %ss\n' "$(klp_elapsed "$start")"
printf '%d passed, %d failed\n' "$passed" "$failed"
((failed == 0))
