# shellcheck shell=sh
# Guest checks, so that test/e2e/run.sh can run this example as a scenario:
#   test/e2e/run.sh --build-dir <build> examples/livepatch-cmdline
patch=klp_example_cmdline
before=$(cat /proc/cmdline)
check "insmod $patch" load $patch
check_klp_patched "patch enabled, transition finished" $patch
patched=$(cat /proc/cmdline)
check_contains "patched /proc/cmdline" "$before klp_example_processes=" "$patched"
procs=${patched##*klp_example_processes=}
check "nr_processes() returned a positive count ($procs)" test "$procs" -gt 0
check_klp_disable "patch disabled, unpatching finished" $patch
check_eq "original /proc/cmdline after disable" "$before" "$(cat /proc/cmdline)"
check "rmmod $patch" rmmod $patch
