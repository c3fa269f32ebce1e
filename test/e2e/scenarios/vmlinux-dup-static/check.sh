# shellcheck shell=sh
# Guest checks: each module reached the defrag_show of the file it named:
# its output is what that file's sysfs attribute shows, and its address is
# the N-th defrag_show of /proc/kallsyms, N being the position the manifest
# gave that file's copy (/klp/expect.sh, from the host).
# shellcheck disable=SC1091,SC2154 # written by build.sh: pos_<module>=N
. /klp/expect.sh
thp=/sys/kernel/mm/transparent_hugepage
original=$(cat /proc/version)

# nth_addr NAME N: the address of the N-th NAME in vmlinux's kallsyms.
nth_addr() {
  grep " $1\$" /proc/kallsyms | sed -n "${2}p" | { read -r a _; echo "$a"; }
}

for pair in "klp_e2e_dup_name $thp/khugepaged/defrag $pos_klp_e2e_dup_name" \
  "klp_e2e_dup_hint $thp/defrag $pos_klp_e2e_dup_hint"; do
  # shellcheck disable=SC2086 # split the pair into its three words
  set -- $pair
  patch=$1 attr=$2 pos=$3
  check "$patch, insmod" load "$patch"
  check_klp_patched "$patch, enabled, transition finished" "$patch"
  out=$(cat /proc/version)
  echo "$out"
  shown=$(echo "$out" | sed -n "s/^$patch defrag_show()=//p")
  addr=$(echo "$out" | sed -n "s/^$patch &defrag_show=//p")
  check_eq "$patch, defrag_show() printed $attr" "$(cat "$attr")" "$shown"
  check_addr "$patch, &defrag_show = defrag_show #$pos of kallsyms" \
    "$(nth_addr defrag_show "$pos")" "$addr"
  check_klp_disable "$patch, disabled, unpatching finished" "$patch"
  check_eq "$patch, original /proc/version after disable" "$original" "$(cat /proc/version)"
  check "$patch, rmmod" rmmod "$patch"
done
