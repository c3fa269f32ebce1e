#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The end-to-end suite: each scenario under test/e2e/scenarios/<name>/ is
# built with clang via kbuild against one of Debian's cloud kernels, then the
# kernel boots under QEMU and the scenario's checks run inside it.
#
# Usage: test/e2e/run.sh [--build-dir DIR] [--kernel NAME]... [--timeout S]
#                        [--manifest M] [SCENARIO...]
#   --build-dir DIR  klp-llvm build directory (klp-config in DIR/bin; kernel
#                    cache and work files in DIR/kernel and DIR/e2e/NAME);
#                    default $KLP_BUILD_DIR or <repo>/build
#   --kernel NAME    the kernel to run against (scripts/kernel.sh --help):
#                    debian-6.1 (default), debian-6.12 or clang-lto (built
#                    on first use); default $KLP_KERNEL.
#                    Given more than once (or "all": all three, clang-lto
#                    included), the suite runs once per
#                    kernel, one run.sh after the other, each with its own
#                    report and closing line; then a line per kernel
#                    ("kernel: NAME: N passed, M failed, Ss"), DIR/e2e/
#                    kernels.tsv, and the sum as the closing line
#   --timeout S      bound on each boot (default 120 s; a scenario.conf's
#                    TIMEOUT wins)
#   --manifest M     manifest for scenarios built with the plugin; default:
#                    made by DIR/bin/klp-manifest from the kernel's debug
#                    vmlinux (fetched once, cached) and Module.symvers
#   SCENARIO         a name under test/e2e/scenarios, or a scenario folder's
#                    path (default: all under test/e2e/scenarios, then the
#                    examples/ that have a check.sh)
#
# A scenario folder holds (test/e2e/README.md):
#   scenario.conf    what to build and how (BUILD), the livepatch symbols the
#                    modules must have (KLP_SYMS), TIMEOUT, LOG_ALLOW
#   Kbuild, *.c      modules (kbuild input; built in a copy)
#   build.sh         optional further host steps (bash, cwd: the build copy,
#                    helpers of test/e2e/lib/host.sh)
#   check.sh         guest checks (busybox sh) using test/e2e/lib/guest.sh;
#                    without it the scenario is host-only (no boot)
# Every check prints "PASS: <scenario>: <check>" or "FAIL: ...", a failing
# scenario prints the relevant part of its logs, each scenario a line
# "scenario: <name>: P passed, F failed, Ss (...)", DIR/e2e/NAME/results.tsv,
# checks.tsv and results.xml (JUnit) hold the same, and the last line is
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
source "$KLP_SCRIPTS_DIR/lib/kernel-fetch.sh"
# shellcheck source=../../scripts/lib/serial-log.sh
source "$KLP_SCRIPTS_DIR/lib/serial-log.sh"
# shellcheck source=../../scripts/lib/kernel-boot.sh
source "$KLP_SCRIPTS_DIR/lib/kernel-boot.sh"
# shellcheck source=../../scripts/lib/kernel-kallsyms.sh
source "$KLP_SCRIPTS_DIR/lib/kernel-kallsyms.sh"
# shellcheck source=../../scripts/lib/kernel-manifest.sh
source "$KLP_SCRIPTS_DIR/lib/kernel-manifest.sh"
# shellcheck source=../../scripts/lib/kernel-kbuild.sh
source "$KLP_SCRIPTS_DIR/lib/kernel-kbuild.sh"
# shellcheck source=lib/setup.sh
source "$E2E_LIB/setup.sh"
# shellcheck source=lib/scenario.sh
source "$E2E_LIB/scenario.sh"
# shellcheck source=lib/report.sh
source "$E2E_LIB/report.sh"

E2E_TIMEOUT=120 manifest="" names=() kernels=() args=("$@")
while (($#)); do
  case $1 in
  --build-dir) klp_set_build_dir "$2"; shift 2 ;;
  --kernel)
    if [[ ${2:-} == all ]]; then
      read -r -a kernels <<<"$KLP_KERNELS"
    else
      klp_set_kernel "${2:-}"
      kernels+=("$2")
    fi
    shift 2
    ;;
  --timeout) E2E_TIMEOUT=$2; shift 2 ;;
  --manifest) manifest=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
  -h | --help) klp_usage; exit 0 ;;
  -*) klp_die "unknown option '$1' (see --help)" ;;
  *) names+=("$1"); shift ;;
  esac
done
if ((${#names[@]} == 0)); then
  for d in "$E2E_DIR"/scenarios/*/; do names+=("$(basename "$d")"); done
  # The examples run as scenarios too (they carry a check.sh).
  for d in "$KLP_SRC_ROOT"/examples/*/; do
    [[ -f $d/check.sh ]] && names+=("${d%/}")
  done
fi

start=$(klp_now)
if ((${#kernels[@]} > 1)); then
  [[ -z $manifest ]] || klp_die "--manifest names one kernel's manifest: give one --kernel with it"
  e2e_each_kernel "$start" "${kernels[@]}" -- "${args[@]}"
  exit
fi
# Each kernel's work files and results in a folder of their own.
E2E_OUT=$(klp_build_dir)/e2e/$KLP_KERNEL
e2e_setup "$manifest"
report_begin "$E2E_OUT"
for name in "${names[@]}"; do scenario_run "$name"; done
report_end "$(klp_elapsed "$start")"
