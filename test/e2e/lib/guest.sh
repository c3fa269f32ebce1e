# shellcheck shell=sh
# Sourced by the guest (busybox sh) before a scenario's check.sh. Each check
# reports one line "PASS <name>" or "FAIL <name>: <why>" on the data channel
# ($KLP_OUT, the second serial port) for the driver, and on the console, as
# "@@KLP-RESULT@@ PASS <name>" (report.sh looks for it), for whoever reads
# the serial log.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

exec 3>"$KLP_OUT"

klp_report() {
  echo "$*" >&3
  echo "@@KLP-RESULT@@ $*"
}

pass() { klp_report "PASS $1"; }
fail() {
  name=$1
  shift
  klp_report "FAIL $name: $*"
}

# check, check_eq, check_contains, check_not_contains, check_addr
# shellcheck source=test/e2e/lib/checks.sh
. /klp/checks.sh
# load, wait_for, klp_sysfs, klp_value, klp_patched, klp_disable, ...
# (scripts/lib/guest/livepatch.sh, shared with the demo)
# shellcheck source=scripts/lib/guest/livepatch.sh
. "$KLP_LIB/livepatch.sh"

# check_klp_patched NAME PATCH: PATCH is enabled and its patching
# transition ends within 10 s.
check_klp_patched() {
  if klp_patched "$2"; then pass "$1"; else fail "$1" "$klp_why"; fi
}

# check_klp_disable NAME PATCH: writing 0 to enabled starts the unpatching
# transition; when it ends the kernel frees the patch and its sysfs
# directory goes away (within 10 s).
check_klp_disable() {
  if klp_disable "$2"; then pass "$1"; else fail "$1" "$klp_why"; fi
}
