# shellcheck shell=sh
# Guest helpers (busybox sh) for loading, watching and disabling livepatch
# modules, shared by the e2e suite's checks (test/e2e/lib/guest.sh) and the
# demo's guest steps (demo.sh here). Every initramfs of klp_boot has them:
#   . "$KLP_LIB/livepatch.sh"
# The functions print nothing of their own; one that fails says why in
# $klp_why.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# shellcheck disable=SC2034 # klp_why: for the caller

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

# klp_patched PATCH: PATCH is enabled and its patching transition ends
# within 10 s.
klp_patched() {
  if [ "$(klp_value "$1" enabled)" != 1 ]; then
    klp_why="$(klp_sysfs "$1")/enabled is '$(klp_value "$1" enabled)', not 1"
    return 1
  fi
  wait_for 100 klp_transition_done "$1" && return 0
  klp_why="transition of $1 still $(klp_value "$1" transition) after 10 s"
  return 1
}

# klp_disable PATCH: writing 0 to enabled starts the unpatching transition;
# when it ends the kernel frees the patch and its sysfs directory goes away
# (within 10 s).
klp_disable() {
  if ! echo 0 >"$(klp_sysfs "$1")/enabled"; then
    klp_why="cannot write 0 to $(klp_sysfs "$1")/enabled"
    return 1
  fi
  wait_for 100 klp_gone "$1" && return 0
  klp_why="$1 still in sysfs 10 s after disabling (transition $(klp_value "$1" transition))"
  return 1
}
