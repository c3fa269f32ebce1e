# shellcheck shell=bash
# Host steps, after scenario.conf's build (both modules, klp-ld, the manifest
# made from the debug vmlinux, which knows each local symbol's source file):
# check that each module names the defrag_show of its file, at the position
# the manifest gives that file's copy, and tell the guest which to expect.

# expected MODULE FILE: the sympos of FILE's defrag_show in the manifest (a
# manifest from a vmlinux with DWARF names the path, mm/khugepaged.c; one
# without, the basename), and a check that the module's livepatch symbol
# carries it.
: >expect.sh
expected() {
  local mod=$1 file=$2 pos
  pos=$("$E2E_BIN/klp-manifest" query "$E2E_MANIFEST" defrag_show |
    awk -v f="file=$file" -v b="file=${file##*/}" \
      '$1 == "vmlinux" && ($NF == f || $NF == b) { sub("sympos=", "", $3); print $3 }')
  check "manifest: vmlinux has a defrag_show of $file (sympos $pos)" test -n "$pos"
  check "$mod.ko, .klp.sym.vmlinux.defrag_show,$pos" \
    grep -qE "OS\[0xff20\] \.klp\.sym\.vmlinux\.defrag_show,$pos\$" \
    <("$E2E_LLVM_BIN/llvm-readelf" -s "$mod.ko")
  echo "pos_$mod=$pos" >>expect.sh
}
expected klp_e2e_dup_name mm/khugepaged.c
expected klp_e2e_dup_hint mm/huge_memory.c
e2e_guest_file expect.sh /klp/expect.sh
