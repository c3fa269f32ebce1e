# shellcheck shell=sh
# Guest checks: the module built against the other kernel's manifest is
# refused by its own guard, with the message naming both build IDs, before
# anything is patched; the one built against this kernel's manifest loads,
# patches /proc/version and unpatches. /klp/ holds what the host knows:
# this kernel's notes as the host read them from the debug vmlinux, and the
# two build IDs.
own_id=$(cat /klp/own-build-id)
other_id=$(cat /klp/other-build-id)
original=$(cat /proc/version)

check_eq "/sys/kernel/notes is the .notes of the vmlinux the host checked against" \
  "$(cat /klp/notes.md5)" "$(md5sum </sys/kernel/notes | cut -d' ' -f1)"

patch=klp_e2e_guard_other
check "$patch, insmod is refused" sh -c "! insmod $KLP_MODULES/$patch.ko"
check_contains "$patch, the guard names both build IDs" \
  "$patch: refusing to patch: built for the kernel with vmlinux build ID $other_id, but the running kernel's is $own_id" \
  "$(dmesg | tail -n 30)"
check_contains "$patch, refused by the vmlinux pre-patch callback" \
  "livepatch: pre-patch callback failed for object 'vmlinux'" "$(dmesg | tail -n 30)"
check "$patch, not in sysfs" test ! -e /sys/kernel/livepatch/$patch
check_not_contains "$patch, module not loaded" "$patch " "$(cat /proc/modules)"
check_eq "$patch, /proc/version untouched" "$original" "$(cat /proc/version)"

# Built wholly for the other kernel: the module loader refuses it, before
# livepatch sees it (6.12: struct module's size; 6.1: module_layout's CRC
# or vermagic).
patch=klp_e2e_guard_foreign
check "$patch, insmod is refused by the module loader" sh -c "! insmod $KLP_MODULES/$patch.ko"
check_not_contains "$patch, livepatch never saw it" "enabling patch '$patch'" "$(dmesg | tail -n 30)"
check_eq "$patch, /proc/version untouched" "$original" "$(cat /proc/version)"
dmesg | grep "$patch" | tail -n 3

patch=klp_e2e_guard
check "$patch, insmod" load $patch
check_klp_patched "$patch, enabled, transition finished" $patch
check_eq "$patch, /proc/version patched" "klp-e2e identity-guard: patched" "$(cat /proc/version)"
check_not_contains "$patch, the guard said nothing" "$patch: refusing" "$(dmesg | tail -n 30)"
check_klp_disable "$patch, disabled, unpatching finished" $patch
check_eq "$patch, original /proc/version after disable" "$original" "$(cat /proc/version)"
check "$patch, rmmod" rmmod $patch
