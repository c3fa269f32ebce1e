# shellcheck shell=sh
# Sourced by the guest (busybox sh) before a scenario's check.sh. Each check
# reports one line "PASS <name>" or "FAIL <name>: <why>" on the data channel
# ($KLP_OUT, the second serial port) for the driver, and on the console for
# whoever reads the serial log.
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

# check NAME CMD...: passes when CMD exits 0; its output goes to the log.
check() {
  name=$1
  shift
  if "$@"; then pass "$name"; else fail "$name" "'$*' exited $?"; fi
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected '$2', got '$3'"; fi
}

# check_contains NAME NEEDLE HAYSTACK
check_contains() {
  case $3 in
  *"$2"*) pass "$1" ;;
  *) fail "$1" "'$2' not in '$3'" ;;
  esac
}

# check_not_contains NAME NEEDLE HAYSTACK
check_not_contains() {
  case $3 in
  *"$2"*) fail "$1" "'$2' found in '$3'" ;;
  *) pass "$1" ;;
  esac
}

# load MODULE: insmod /klp/modules/MODULE.ko, printing what insmod says.
load() {
  insmod "$KLP_MODULES/$1.ko"
}

# wait_for TRIES CMD...: retries CMD every 0.1 s, TRIES times at most.
wait_for() {
  tries=$1
  shift
  while ! "$@"; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || return 1
    sleep 0.1
  done
}

# Livepatch state, by the patch's (module's) name.
klp_sysfs() { echo "/sys/kernel/livepatch/$1"; }
klp_value() { cat "$(klp_sysfs "$1")/$2" 2>/dev/null; }
klp_transition_done() { [ "$(klp_value "$1" transition)" = 0 ]; }
klp_gone() { [ ! -e "$(klp_sysfs "$1")" ]; }

# check_klp_patched NAME PATCH: PATCH is enabled and its patching
# transition ends within 10 s.
check_klp_patched() {
  if [ "$(klp_value "$2" enabled)" != 1 ]; then
    fail "$1" "$(klp_sysfs "$2")/enabled is '$(klp_value "$2" enabled)', not 1"
  elif wait_for 100 klp_transition_done "$2"; then
    pass "$1"
  else
    fail "$1" "transition of $2 still $(klp_value "$2" transition) after 10 s"
  fi
}

# check_klp_disable NAME PATCH: writing 0 to enabled starts the unpatching
# transition; when it ends the kernel frees the patch and its sysfs
# directory goes away (within 10 s).
check_klp_disable() {
  if ! echo 0 >"$(klp_sysfs "$2")/enabled"; then
    fail "$1" "cannot write 0 to $(klp_sysfs "$2")/enabled"
  elif wait_for 100 klp_gone "$2"; then
    pass "$1"
  else
    fail "$1" "$2 still in sysfs 10 s after disabling (transition $(klp_value "$2" transition))"
  fi
}
