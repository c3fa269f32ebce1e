# shellcheck shell=sh
# Guest checks: each klp-diff module's visible effect, before, while and
# after it is enabled (then it is removed again).

# enable NAME MODULE: insmod, and the patching transition ends.
enable() {
  check "$1, insmod" load "$2"
  check_klp_patched "$1, enabled, transition finished" "$2"
}
# disable NAME MODULE: unpatching ends, rmmod.
disable() {
  check_klp_disable "$1, disabled, unpatching finished" "$2"
  check "$1, rmmod" rmmod "$2"
}

# A string in a /proc file.
before=$(cat /proc/cmdline)
enable cmdline-string klp_diff_cmdline_string
check_eq "cmdline-string, /proc/cmdline patched" "$before klp_diff=1" "$(cat /proc/cmdline)"
disable cmdline-string klp_diff_cmdline_string
check_eq "cmdline-string, original after disable" "$before" "$(cat /proc/cmdline)"

# A function gcc inlined into its caller: the lines meminfo_proc_show()
# prints through show_val_kb() end in KiB; those other functions print
# (hugetlb_report_meminfo(), arch_report_meminfo()) still in kB.
kb=$(grep -c ' kB$' /proc/meminfo)
enable meminfo-inlined klp_diff_meminfo_inlined
check_contains "meminfo-inlined, MemTotal in KiB" " KiB" "$(grep '^MemTotal:' /proc/meminfo)"
check_contains "meminfo-inlined, Hugepagesize still in kB" " kB" "$(grep '^Hugepagesize:' /proc/meminfo)"
check_eq "meminfo-inlined, every line still there" "$kb" "$(grep -cE ' (kB|KiB)$' /proc/meminfo)"
disable meminfo-inlined klp_diff_meminfo_inlined
check_eq "meminfo-inlined, kB again after disable" "$kb" "$(grep -c ' kB$' /proc/meminfo)"

# A new function.
before=$(cat /proc/version)
enable version-new-function klp_diff_version_new_function
check_eq "version-new-function, second line from the new function" \
  "(patched by klp-diff: $(uname -r))" "$(sed -n 2p /proc/version)"
check_eq "version-new-function, first line unchanged" "$before" "$(sed -n 1p /proc/version)"
disable version-new-function klp_diff_version_new_function
check_eq "version-new-function, original after disable" "$before" "$(cat /proc/version)"

# New global data: the patch's own counter.
enable loadavg-new-data klp_diff_loadavg_new_data
check_eq "loadavg-new-data, first read" "reads 1" "$(sed -n 2p /proc/loadavg)"
check_eq "loadavg-new-data, second read" "reads 2" "$(sed -n 2p /proc/loadavg)"
disable loadavg-new-data klp_diff_loadavg_new_data
check_eq "loadavg-new-data, one line after disable" 1 "$(wc -l </proc/loadavg)"

# A static local that keeps the kernel's state, and a printk macro: after
# a write of 4 the original stays quiet ('stfu'); so must the patch, which
# says once (pr_info_once, its own flag) that it is quiet.
echo 4 >/proc/sys/vm/drop_caches
enable drop-caches-static-local klp_diff_drop_caches_static_local
echo 1 >/proc/sys/vm/drop_caches
echo 1 >/proc/sys/vm/drop_caches
log=$(dmesg)
check_eq "drop-caches-static-local, the patch saw the kernel's stfu (once)" 1 \
  "$(echo "$log" | grep -c 'drop_caches: quiet since an earlier write of 4 (klp-diff)')"
check_eq "drop-caches-static-local, no message of a fresh stfu" 0 \
  "$(echo "$log" | grep -c 'drop_caches (klp-diff)')"
disable drop-caches-static-local klp_diff_drop_caches_static_local

# A file's static data: the kernel's list of filesystems, under its lock.
before=$(cat /proc/filesystems)
enable filesystems-static-data klp_diff_filesystems_static_data
check_eq "filesystems-static-data, first line from the patch" "#	klp-diff" "$(sed -n 1p /proc/filesystems)"
check_eq "filesystems-static-data, the kernel's list follows" "$before" "$(sed 1d /proc/filesystems)"
disable filesystems-static-data klp_diff_filesystems_static_data
check_eq "filesystems-static-data, original after disable" "$before" "$(cat /proc/filesystems)"

# A shadow variable and callbacks: reads counted per task (the shell's own
# read, so one task reads twice); the pre-patch callback runs before the
# patch is enabled, the post-unpatch callback frees the shadow variables.
enable uptime-shadow-callbacks klp_diff_uptime_shadow_callbacks
read -r first _ </proc/uptime
read -r _ second _ </proc/uptime
check_eq "uptime-shadow-callbacks, first read of this task" "shadow" "$first"
check_eq "uptime-shadow-callbacks, second read counts 2" "2" "$second"
check_contains "uptime-shadow-callbacks, pre-patch callback ran" \
  "uptime: pre-patch callback (klp-diff)" "$(dmesg)"
disable uptime-shadow-callbacks klp_diff_uptime_shadow_callbacks
check_contains "uptime-shadow-callbacks, post-unpatch callback freed the shadow variables" \
  "uptime: post-unpatch callback freed the shadow variables (klp-diff)" "$(dmesg)"
read -r first _ </proc/uptime
case $first in shadow) fail "uptime-shadow-callbacks, original after disable" "still '$first'" ;; *) pass "uptime-shadow-callbacks, original after disable" ;; esac

# A function gcc has only as a clone: its callers replaced. SysRq-m shows
# the memory state through them.
echo m >/proc/sysrq-trigger
check_eq "clone-callers, SysRq-m before" 0 "$(dmesg | grep -c 'show_mem: every node (klp-diff)')"
enable clone-callers klp_diff_clone_callers
echo m >/proc/sysrq-trigger
echo m >/proc/sysrq-trigger
check_eq "clone-callers, SysRq-m through the replaced caller (once)" 1 \
  "$(dmesg | grep -c 'show_mem: every node (klp-diff)')"
disable clone-callers klp_diff_clone_callers

# A header change followed into the files that include it.
lines=$(wc -l </proc/softirqs)
enable header-followed klp_diff_header_followed
check_eq "header-followed, last line from the header's new helper" \
  "softirqs (klp-diff header)" "$(tail -n 1 /proc/softirqs)"
disable header-followed klp_diff_header_followed
check_eq "header-followed, original after disable" "$lines" "$(wc -l </proc/softirqs)"

# A change inside a module: binfmt_misc (the image's own), its status file.
check "binfmt-misc-module, load binfmt_misc" load binfmt_misc
mkdir -p /proc/sys/fs/binfmt_misc 2>/dev/null
check "binfmt-misc-module, mount binfmt_misc" mount -t binfmt_misc none /proc/sys/fs/binfmt_misc
status=/proc/sys/fs/binfmt_misc/status
check_eq "binfmt-misc-module, status before" enabled "$(cat $status)"
enable binfmt-misc-module klp_diff_binfmt_misc_module
check_eq "binfmt-misc-module, patched status" "enabled (klp-diff)" "$(cat $status)"
echo 0 >$status
check_eq "binfmt-misc-module, the module's own 'enabled' read" "disabled (klp-diff)" "$(cat $status)"
echo 1 >$status
disable binfmt-misc-module klp_diff_binfmt_misc_module
check_eq "binfmt-misc-module, original after disable" enabled "$(cat $status)"
