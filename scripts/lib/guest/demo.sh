# shellcheck shell=sh
# The demo's guest steps (scripts/demo.sh), with the livepatch helpers the
# e2e suite's checks use (livepatch.sh). The demo's guest script sources
# this file, calls demo_patch for each module and ends with `exit $status`.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# shellcheck disable=SC2034 # status: the guest script's exit status
status=0
# shellcheck source=scripts/lib/guest/livepatch.sh
. "$KLP_LIB/livepatch.sh"

# demo_patch MODULE EXAMPLE SHOW [VERIFY]: shows what the command SHOW
# prints before MODULE is loaded, while its patch is enabled and after it is
# disabled; VERIFY (sh, sourced while the patch is on) may show more and set
# status=1 if what it sees is wrong. A failing step sets status=1.
demo_patch() {
  mod=$1 show=$3
  echo "=== $mod ($2)"
  echo "--- before: \$ $show"
  eval "$show"
  echo "--- \$ insmod $mod.ko"
  if load "$mod"; then echo "insmod: ok"; else status=1; fi
  klp_patched "$mod" || { echo "$klp_why"; status=1; }
  echo "$(klp_sysfs "$mod"): enabled=$(klp_value "$mod" enabled) transition=$(klp_value "$mod" transition)"
  echo "--- patched: \$ $show"
  eval "$show"
  # shellcheck disable=SC1090 # the example's demo-verify.sh
  [ -z "${4:-}" ] || . "$4"
  echo "--- \$ echo 0 > $(klp_sysfs "$mod")/enabled"
  if klp_disable "$mod"; then
    echo "unpatched ($(klp_sysfs "$mod") is gone)"
  else
    echo "$klp_why"
    status=1
  fi
  echo "--- after disabling: \$ $show"
  eval "$show"
  if rmmod "$mod"; then echo "--- rmmod $mod: ok"; else status=1; fi
}
