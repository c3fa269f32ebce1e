# shellcheck shell=sh
# The guest script of every scenario (scenario.sh boots with it): the
# helpers, the scenario's checks, then the mark that the guest ran them all.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# shellcheck source=test/e2e/lib/guest.sh
. /klp/guest.sh
# shellcheck disable=SC1091 # the scenario's check.sh
. /klp/check.sh
echo "@@KLP-CHECKS-DONE@@" >&3
exec 3>&-
