# shellcheck shell=sh
# Checks shared by the host steps (host.sh, bash) and the guest checks
# (guest.sh, busybox sh); each side defines pass NAME and fail NAME WHY.
# Check names use ", " rather than ": " (the report splits a failure at the
# first ": ").
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# check NAME CMD...: passes when CMD exits 0; its output goes to the log.
check() {
  klp_check_name=$1
  shift
  if "$@"; then pass "$klp_check_name"; else fail "$klp_check_name" "'$*' exited $?"; fi
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

# check_addr NAME EXPECTED ACTUAL: an address found independently (e.g. in
# /proc/kallsyms) equals the one a module printed, and neither is missing.
check_addr() {
  if [ -z "$2" ] || [ -z "$3" ]; then
    fail "$1" "address missing: kallsyms '$2', printed '$3'"
  else
    check_eq "$1" "$2" "$3"
  fi
}
