# shellcheck shell=sh
# Guest checks: the patch loads, enables, changes /proc/cmdline through the
# two non-exported symbols, and the original comes back once it is disabled.
patch=klp_e2e_cmdline
before=$(cat /proc/cmdline)
check_not_contains "original /proc/cmdline" klp_e2e_forks= "$before"

check "insmod $patch" load $patch
check_klp_patched "patch enabled, transition finished" $patch

patched=$(cat /proc/cmdline)
check_contains "patched /proc/cmdline keeps saved_command_line" "$before klp_e2e_forks=" "$patched"
forks=${patched##*klp_e2e_forks=}
check "nr_processes() returned a positive count ($forks)" test "$forks" -gt 0

check_klp_disable "patch disabled, unpatching finished" $patch
check_eq "original /proc/cmdline after disable" "$before" "$(cat /proc/cmdline)"
check "rmmod $patch" rmmod $patch
