# shellcheck shell=sh disable=SC2154 # pos_*, defrag_attr: /klp/expect.sh
# Guest checks shared by the peer-* scenarios (/klp/peer.sh, sourced by
# their check.sh after /klp/guest.sh). /klp/expect.sh (from the host) gives
# the positions the patches name: pos_defrag, pos_helper, and defrag_attr,
# the sysfs attribute of that defrag_show when the manifest knew its file.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# shellcheck disable=SC1091 # written by the host
. /klp/expect.sh
target=klp_e2e_target
tab=$(printf '\t')
thp=/sys/kernel/mm/transparent_hugepage
original_version=$(cat /proc/version)

# Reading /proc/kallsyms takes about a second under TCG: each check reads
# it once. vmlinux's lines of the names the patches use (fixed addresses):
vmlinux_syms=$(grep -E ' (defrag_show|cmdline_proc_show)$' /proc/kallsyms)

# target_syms: the lines of the loaded klp_e2e_target, without the "\t[...]".
target_syms() {
  grep "$tab\[$target\]\$" /proc/kallsyms | cut -f 1
}

# nth_addr NAME N LINES: the address of the N-th NAME in LINES (kallsyms
# read as root: real addresses, each object's symbols in the order
# livepatch counts them).
nth_addr() {
  echo "$3" | grep " $1\$" | sed -n "${2}p" | { read -r a _; echo "$a"; }
}

# value KEY TEXT: the value of the first "KEY=value" line of TEXT.
value() {
  echo "$2" | sed -n "s/^$1=//p" | head -n 1
}

# peer_vmlinux PATCH: PATCH replaces version_proc_show; the defrag_show it
# called is the pos_defrag-th of kallsyms and shows one of the two defrag
# attributes (the one of its file, if known); cmdline_proc_show is
# kallsyms' and prints /proc/cmdline. Disabling restores /proc/version.
peer_vmlinux() {
  p=$1
  check "$p, insmod" load "$p"
  check_klp_patched "$p, enabled, transition finished" "$p"
  out=$(cat /proc/version)
  echo "$out"
  shown=$(value "$p defrag_show()" "$out")
  if [ -n "$defrag_attr" ]; then
    check_eq "$p, defrag_show() printed $defrag_attr" "$(cat "$defrag_attr")" "$shown"
  else
    case $shown in
    "$(cat $thp/defrag)" | "$(cat $thp/khugepaged/defrag)") pass "$p, defrag_show() printed a defrag attribute" ;;
    *) fail "$p, defrag_show() printed a defrag attribute" "'$shown'" ;;
    esac
  fi
  check_addr "$p, &defrag_show = defrag_show #$pos_defrag of kallsyms" \
    "$(nth_addr defrag_show "$pos_defrag" "$vmlinux_syms")" "$(value "$p &defrag_show" "$out")"
  check_addr "$p, &cmdline_proc_show = kallsyms" \
    "$(nth_addr cmdline_proc_show 1 "$vmlinux_syms")" "$(value "$p &cmdline_proc_show" "$out")"
  check_eq "$p, cmdline_proc_show() printed /proc/cmdline" "$(cat /proc/cmdline)" \
    "$(value "$p cmdline_proc_show()" "$out")"
  check_klp_disable "$p, disabled, unpatching finished" "$p"
  check_eq "$p, original /proc/version after disable" "$original_version" "$(cat /proc/version)"
  check "$p, rmmod" rmmod "$p"
}

# target_patched WHEN READS: /proc/klp_e2e_target is the patch's, with the
# module's read counter (READS before this read) and target_b.c's helper,
# at the addresses kallsyms gives the module's target_reads and its
# pos_helper-th helper.
target_patched() {
  out=$(cat /proc/$target)
  echo "$out"
  syms=$(target_syms)
  check_eq "$1, patched /proc/$target" "patched reads=$(($2 + 1)) helper(7)=700" \
    "$(echo "$out" | head -n 1)"
  check_addr "$1, &target_reads = kallsyms" "$(nth_addr target_reads 1 "$syms")" \
    "$(value '&target_reads' "$out")"
  check_addr "$1, &helper = helper #$pos_helper of $target in kallsyms" \
    "$(nth_addr helper "$pos_helper" "$syms")" "$(value '&helper' "$out")"
}

target_original() { # target_original WHEN READS
  check_eq "$1, original /proc/$target" "original reads=$2 helper(7)=700" "$(cat /proc/$target)"
}

# peer_target PATCH: PATCH replaces klp_e2e_target's target_show, loaded
# after the target, then before it.
peer_target() {
  p=$1
  w="$p, target first"
  check "$w, insmod $target" load $target
  target_original "$w" 1
  check "$w, insmod" load "$p"
  check_klp_patched "$w, enabled" "$p"
  target_patched "$w" 1
  check_klp_disable "$w, disabled" "$p"
  target_original "$w, after disable" 3
  check "$w, rmmod" rmmod "$p"
  check "$w, rmmod $target" rmmod $target

  w="$p, patch first"
  check "$w, insmod without $target" load "$p"
  check_klp_patched "$w, enabled" "$p"
  check "$w, insmod $target" load $target
  target_patched "$w" 0
  check_klp_disable "$w, disabled" "$p"
  target_original "$w, after disable" 2
  check "$w, rmmod" rmmod "$p"
  check "$w, rmmod $target" rmmod $target
}
