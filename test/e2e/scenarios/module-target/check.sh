# shellcheck shell=sh
# Guest checks: the livepatch of the suite's module klp_e2e_target, in both
# orders (target first, then patch; patch first, then target), unloading and
# reloading the target while patched, disabling and removing the patch.
target=klp_e2e_target
patch=klp_e2e_modpatch
proc=/proc/$target
tab=$(printf '\t')

# module_addr NAME N: the address of the N-th NAME of the target module in
# /proc/kallsyms (root: real addresses; module symbols in symbol-table order).
module_addr() {
  grep " $1$tab\[$target\]\$" /proc/kallsyms | sed -n "${2}p" | { read -r a _; echo "$a"; }
}

# value KEY TEXT: the value of "KEY=value" in TEXT (first line that has it).
value() {
  echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1
}

# check_patched WHEN: /proc/klp_e2e_target is the patch's, each value came
# from the intended symbol of the target module, and the read counter is
# the module's (the original's reads continue).
check_patched() {
  out=$(cat $proc)
  echo "$out"
  check_contains "$1, /proc/$target patched" "patched reads=" "$out"
  check_eq "$1, target_reads is the module's counter" "$(($2 + 1))" "$(value reads "$out")"
  check_eq "$1, helper() is target_b.c's copy" 700 "$(value 'helper(7)' "$out")"
  check_eq "$1, exported klp_e2e_target_answer()" 42 "$(value answer "$out")"
  check_addr "$1, &target_reads = kallsyms" "$(module_addr target_reads 1)" "$(value '&target_reads' "$out")"
  check_addr "$1, &helper = 2nd helper of $target in kallsyms" "$(module_addr helper 2)" "$(value '&helper' "$out")"
  check_addr "$1, &uptime_proc_show = the module's" "$(module_addr uptime_proc_show 1)" "$(value '&uptime_proc_show' "$out")"
  check_addr "$1, &klp_e2e_target_answer = kallsyms" "$(module_addr klp_e2e_target_answer 1)" "$(value '&klp_e2e_target_answer' "$out")"
  check_contains "$1, the module's uptime_proc_show() ran" "uptime_proc_show()=klp_e2e_target's own uptime_proc_show" "$out"
}

check_original() { # check_original WHEN READS
  check_eq "$1, original /proc/$target" "original reads=$2 helper(7)=700" "$(cat $proc)"
}

echo "=== target first, then the patch"
check "target first, insmod $target" load $target
check_original "target first" 1
check "target first, insmod $patch" load $patch
check_klp_patched "target first, patch enabled" $patch
check_patched "target first" 1

echo "=== unload and reload the target while patched"
check "reload, rmmod $target while patched" rmmod $target
check "reload, patch still enabled" test "$(klp_value $patch enabled)" = 1
# Before 6.3 the kernel does not clear a patch's relocations for a module
# when that module goes away (upstream "livepatch,x86: Clear relocation
# targets on a module removal"), so it refuses to apply them again: the
# module cannot come back while the patch is loaded.
release=$(uname -r)
major=${release%%.*} rest=${release#*.}
minor=${rest%%[!0-9]*}
if [ "$major" -gt 6 ] || { [ "$major" = 6 ] && [ "$minor" -ge 3 ]; }; then
  # 6.3+ clears them when the module goes (debian-6.12): it comes back
  # patched, and the kernel has nothing to refuse.
  check "reload, insmod $target again" load $target
  check_patched "reload" 0
  check_not_contains "reload, $release applies the relocations again without complaint" \
    "existing value is nonzero" "$(dmesg | tail -n 20)"
  reads_after=1
else
  check "reload, $release refuses $target while the patch holds its old relocations" \
    sh -c "! insmod $KLP_MODULES/$target.ko"
  check_contains "reload, $release says the relocation target is not zero" \
    "existing value is nonzero" "$(dmesg | tail -n 20)"
  check_contains "reload, $release says why it refused $target" \
    "patch '$patch' failed for module '$target', refusing to load module '$target'" \
    "$(dmesg | tail -n 20)"
  reads_after=""
fi

check_klp_disable "target first, patch disabled" $patch
if [ -n "$reads_after" ]; then
  check_original "target first, after disable" 2
fi
check "target first, rmmod $patch" rmmod $patch
if [ -z "$reads_after" ]; then
  check "target first, insmod $target once the patch is gone" load $target
  check_original "target first, after the patch is gone" 1
fi
check "target first, rmmod $target" rmmod $target

echo "=== the patch first (target absent), then the target"
check "patch first, insmod $patch without $target" load $patch
check_klp_patched "patch first, patch enabled" $patch
check "patch first, insmod $target" load $target
check_patched "patch first" 0
check_klp_disable "patch first, patch disabled" $patch
check_original "patch first, after disable" 2
check "patch first, rmmod $patch" rmmod $patch
check "patch first, rmmod $target" rmmod $target
