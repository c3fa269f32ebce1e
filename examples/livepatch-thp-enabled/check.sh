# shellcheck shell=sh
# Guest checks, so that test/e2e/run.sh can run this example as a scenario:
#   test/e2e/run.sh --build-dir <build> examples/livepatch-thp-enabled
# The patch reached mm/huge_memory.c's enabled_show: it printed what that
# file's sysfs attribute shows, at the address of the N-th enabled_show of
# /proc/kallsyms, N the manifest's position for that file (from build.sh).
# shellcheck disable=SC1091,SC2154 # written by build.sh: pos=N
. /klp/expect.sh
patch=klp_example_thp
thp=/sys/kernel/mm/transparent_hugepage
before=$(cat $thp/hpage_pmd_size)
check "insmod $patch" load $patch
check_klp_patched "patch enabled, transition finished" $patch
out=$(cat $thp/hpage_pmd_size)
echo "$out"
check_eq "patched hpage_pmd_size starts with the size" "$before" "$(echo "$out" | head -n 1)"
check_eq "enabled_show() printed $thp/enabled" "$(cat $thp/enabled)" \
  "$(echo "$out" | sed -n "s/^$patch enabled_show()=//p")"
addr=$(echo "$out" | sed -n "s/^$patch &enabled_show=//p")
nth=$(grep ' enabled_show$' /proc/kallsyms | sed -n "${pos}p" | { read -r a _; echo "$a"; })
if [ -z "$nth" ] || [ -z "$addr" ]; then
  fail "&enabled_show = enabled_show #$pos of kallsyms" "kallsyms '$nth', printed '$addr'"
else
  check_eq "&enabled_show = enabled_show #$pos of kallsyms" "$nth" "$addr"
fi
check_klp_disable "patch disabled, unpatching finished" $patch
check_eq "original hpage_pmd_size after disable" "$before" "$(cat $thp/hpage_pmd_size)"
check "rmmod $patch" rmmod $patch
