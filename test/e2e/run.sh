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
#   --manifest M     manifest for scenarios built with the plugin (BUILD=klp);
#                    default: made by DIR/bin/klp-manifest from the kernel's
#                    /proc/kallsyms and Module.symvers
#   SCENARIO         a name under test/e2e/scenarios, or a scenario folder's
#                    path (default: all under test/e2e/scenarios)
#
# A scenario folder holds:
#   Kbuild, *.c      the modules (kbuild input; built in a copy)
#   check.sh         guest checks (busybox sh) using test/e2e/lib/guest.sh
#   post-build.sh    optional host step after kbuild (cwd: the build copy;
#                    $E2E_LIB is test/e2e/lib)
#   scenario.conf    optional bash: BUILD=plain|klp, TIMEOUT=S,
#                    LOG_ALLOW=<ERE of serial-log lines that are expected>
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

usage() { sed -n '/^# Usage:/,/^# SPDX/{/^# SPDX/d;s/^# \{0,1\}//;p}' "$0"; }

timeout_s=120 manifest="" names=()
while (($#)); do
  case $1 in
  --build-dir)
    mkdir -p "$2"
    KLP_BUILD_DIR=$(cd "$2" && pwd)
    export KLP_BUILD_DIR
    shift 2
    ;;
  --timeout) timeout_s=$2; shift 2 ;;
  --manifest) manifest=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
  -h | --help) usage; exit 0 ;;
  -*) klp_die "unknown option '$1' (see --help)" ;;
  *) names+=("$1"); shift ;;
  esac
done
if ((${#names[@]} == 0)); then
  for d in "$E2E_DIR"/scenarios/*/; do names+=("$(basename "$d")"); done
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
OK_LIVEPATCH="livepatch: (enabling patch '[^']+'|'[^']+': (initializing|starting|completing) (un)?patching transition|'[^']+': (un)?patching complete)\$"

# scan_log LOG ALLOW: prints the lines of LOG that mean trouble.
scan_log() {
  tr -d '\r' <"$1" | grep -aE "$BAD_LOG" | grep -avE "$OK_LIVEPATCH" |
    { if [[ -n $2 ]]; then grep -avE "$2"; else cat; fi; } || true
}

show() { # show TITLE FILE: indented, for a failing scenario
  printf '  --- %s (%s)\n' "$1" "$2"
  sed 's/^/  | /' | tr -d '\r'
}

run_scenario() { # run_scenario FOLDER
  local src=$1 name
  name=$(basename "$src")
  local work
  work=$(klp_build_dir)/e2e/$name
  local BUILD=plain TIMEOUT=$timeout_s LOG_ALLOW=""
  if [[ ! -f $src/check.sh ]]; then
    report FAIL "$name" "scenario exists" "no $src/check.sh"
    return
  fi
  # shellcheck source=/dev/null
  [[ -f $src/scenario.conf ]] && source "$src/scenario.conf"
  rm -rf "$work"
  mkdir -p "$work"
  cp -r "$src" "$work/src"
  local failed_before=$failed

  # Build.
  local t0 kbuild_args=()
  t0=$(klp_now)
  case $BUILD in
  plain) ;;
  klp)
    # The plugin, klp-ld and a manifest (made by klp-manifest unless given).
    if [[ -z $manifest ]]; then
      if ! (klp_kernel_manifest) >"$work/manifest.log" 2>&1; then
        report FAIL "$name" "manifest" "see $work/manifest.log"
        tail -n 20 "$work/manifest.log" | show "manifest log" "$work/manifest.log"
        return
      fi
      klp_kernel_manifest
      manifest=$MANIFEST
    fi
    kbuild_args=(--manifest "$manifest")
    ;;
  *)
    report FAIL "$name" "build" "scenario.conf: unknown BUILD=$BUILD"
    return
    ;;
  esac
  if ! (klp_kbuild "${kbuild_args[@]}" "$work/src") >"$work/build.log" 2>&1; then
    report FAIL "$name" "kbuild" "see $work/build.log"
    tail -n 30 "$work/build.log" | show "build log, last lines" "$work/build.log"
    return
  fi
  report PASS "$name" "kbuild"
  # Compiler and modpost warnings are defects of the scenario or the tools.
  local warnings
  warnings=$(grep -aiE 'warning:' "$work/build.log" || true)
  if [[ -z $warnings ]]; then
    report PASS "$name" "kbuild without warnings"
  else
    report FAIL "$name" "kbuild without warnings" "$(wc -l <<<"$warnings") warnings"
    show "warnings" "$work/build.log" <<<"$warnings"
  fi
  if [[ -f $src/post-build.sh ]]; then
    if ! (cd "$work/src" && bash -euo pipefail "$src/post-build.sh") >"$work/post-build.log" 2>&1; then
      report FAIL "$name" "post-build.sh" "see $work/post-build.log"
      tail -n 40 "$work/post-build.log" | show "post-build log" "$work/post-build.log"
      return
    fi
    report PASS "$name" "post-build.sh"
  fi
  local build_time
  build_time=$(klp_elapsed "$t0")

  # Boot once; all checks run inside.
  local mods=() ko
  for ko in "$work"/src/*.ko; do
    [[ -e $ko ]] && mods+=(--module "$ko")
  done
  cat >"$work/run.sh" <<'GUEST'
. /klp/guest.sh
. /klp/check.sh
echo "@@KLP-CHECKS-DONE@@" >&3
exec 3>&-
GUEST
  t0=$(klp_now)
  klp_boot --work "$work/boot" --log "$work/serial.log" --out "$work/results" \
    --timeout "$TIMEOUT" "${mods[@]}" --file "$E2E_LIB/guest.sh:/klp/guest.sh" \
    --file "$src/check.sh:/klp/check.sh" "$work/run.sh" 2>"$work/boot.err" || true
  local boot_time
  boot_time=$(klp_elapsed "$t0")

  local line
  while IFS= read -r line; do
    case $line in
    "PASS "*) report PASS "$name" "${line#PASS }" ;;
    "FAIL "*)
      local what=${line#FAIL }
      report FAIL "$name" "${what%%: *}" "${what#*: }"
      ;;
    esac
  done < <(tr -d '\r' <"$work/results" 2>/dev/null || true)
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
      sed -n "/$KLP_BEGIN_MARKER/,\$p" "$work/serial.log" |
        show "serial log from the guest's start" "$work/serial.log"
    else
      tail -n 40 "$work/serial.log" | show "serial log, last lines" "$work/serial.log"
    fi
  fi
  printf 'time: %s: build %ss, boot+checks %ss\n' "$name" "$build_time" "$boot_time"
}

start=$(klp_now)
klp_kernel_fetch
printf 'kernel: %s (%s), fetch/cache %ss\n' "$KERNEL_RELEASE" "$KERNEL_VERSION" "$(klp_elapsed "$start")"
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
