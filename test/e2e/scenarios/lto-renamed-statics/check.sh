# shellcheck shell=sh
# Guest checks, once per module (klp-ld with the vmlinux+configfs.ko
# manifest, ld.lld + klp-convert with the kallsyms manifest): configfs is
# loaded first; the patched /proc/version shows the renamed statics'
# values and addresses, which must match /proc/sys/kernel/tainted,
# /proc/tty/ldiscs and the "<name>.llvm.<hash>" lines of /proc/kallsyms.

# renamed_addr NAME: the address of NAME.llvm.<hash> in /proc/kallsyms.
renamed_addr() {
  grep -E " $1\.llvm\.[0-9]+($|[[:space:]])" /proc/kallsyms | { read -r addr _; echo "$addr"; }
}

check "configfs, insmod" insmod /klp/configfs.ko
ldisc0=$(head -n 1 /proc/tty/ldiscs)
original=$(cat /proc/version)
for patch in klp_e2e_lto klp_e2e_lto_cv; do
  check "$patch, insmod" load $patch
  check_klp_patched "$patch, enabled, transition finished" $patch
  tainted=$(cat /proc/sys/kernel/tainted)
  t="" a_t="" a_show="" a_group="" name="" root="" shown=""
  while IFS= read -r line; do
    case $line in
    "$patch tainted_mask="*) t=${line#*=} ;;
    "$patch &tainted_mask="*) a_t=${line#*=} ;;
    "$patch &tty_ldiscs_seq_show="*) a_show=${line#*=} ;;
    "$patch &configfs_root_group="*) a_group=${line#*=} ;;
    "$patch configfs_root_group.name="*) name=${line#*=} ;;
    "$patch configfs_is_root()="*) root=${line#*=} ;;
    "$patch tty_ldiscs_seq_show(0)="*) shown=${line#*=} ;;
    esac
  done </proc/version
  # None empty (two empty strings would compare equal); the patch itself
  # taints (livepatch, out-of-tree), so tainted_mask is not 0.
  check "$patch, /proc/version has every value" \
    test -n "$a_t" -a -n "$a_show" -a -n "$a_group" -a -n "$shown" -a "$t" != 0
  check_eq "$patch, tainted_mask = /proc/sys/kernel/tainted" "$tainted" "$t"
  check_eq "$patch, &tainted_mask = kallsyms tainted_mask.llvm.*" "$(renamed_addr tainted_mask)" "$a_t"
  check_eq "$patch, &tty_ldiscs_seq_show = kallsyms tty_ldiscs_seq_show.llvm.*" \
    "$(renamed_addr tty_ldiscs_seq_show)" "$a_show"
  check_eq "$patch, &configfs_root_group = kallsyms configfs_root_group.llvm.* [configfs]" \
    "$(renamed_addr configfs_root_group)" "$a_group"
  check_eq "$patch, configfs_root_group's item is named root" root "$name"
  check_eq "$patch, configfs_is_root(&configfs_root_group.cg_item)" 1 "$root"
  check_eq "$patch, tty_ldiscs_seq_show(0) = first line of /proc/tty/ldiscs" "$ldisc0" "$shown"
  check_klp_disable "$patch, disabled, unpatching finished" $patch
  check_eq "$patch, original /proc/version after disable" "$original" "$(cat /proc/version)"
  check "$patch, rmmod" rmmod $patch
done

# The module that names the plain tainted_mask: refused, with the message
# klp-check quoted.
patch=klp_e2e_lto_stripped
expected=$(cat /klp/expected-message)
check "insmod $patch is refused" sh -c "! insmod $KLP_MODULES/$patch.ko"
check_contains "the kernel's message is klp-check's" "$expected" "$(dmesg | tail -n 30)"
check "no livepatch $patch in sysfs" test ! -e /sys/kernel/livepatch/$patch
check_eq "/proc/version untouched" "$original" "$(cat /proc/version)"
