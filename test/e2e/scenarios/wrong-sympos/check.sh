# shellcheck shell=sh
# Guest checks: the kernel refuses the module and says what klp-check said
# it would (/klp/expected-message, from the host).
patch=klp_e2e_badpos
expected=$(cat /klp/expected-message)
original=$(cat /proc/version)
check "insmod $patch is refused" sh -c "! insmod $KLP_MODULES/$patch.ko"
check_contains "the kernel's message is klp-check's" "$expected" "$(dmesg | tail -n 30)"
check "no livepatch $patch in sysfs" test ! -e /sys/kernel/livepatch/$patch
check_not_contains "module not loaded" "$patch " "$(cat /proc/modules)"
check_eq "/proc/version untouched" "$original" "$(cat /proc/version)"
