# shellcheck shell=bash
# Host steps for test/e2e/run.sh, after scenario.conf's build (klp-ld, the
# manifest made from the debug vmlinux): check that the module names
# mm/huge_memory.c's enabled_show at the position the manifest gives that
# file's copy (named by its path in a manifest from a vmlinux with DWARF, by
# its basename in one without), and tell the guest which position to expect.
pos=$("$E2E_BIN/klp-manifest" query "$E2E_MANIFEST" enabled_show |
  awk '$1 == "vmlinux" && ($NF == "file=mm/huge_memory.c" || $NF == "file=huge_memory.c") { sub("sympos=", "", $3); print $3 }')
check "manifest: vmlinux has an enabled_show of huge_memory.c (sympos $pos)" test -n "$pos"
check "klp_example_thp.ko, .klp.sym.vmlinux.enabled_show,$pos" \
  grep -qE "OS\[0xff20\] \.klp\.sym\.vmlinux\.enabled_show,$pos\$" \
  <("$E2E_LLVM_BIN/llvm-readelf" -s klp_example_thp.ko)
echo "pos=$pos" >expect.sh
e2e_guest_file expect.sh /klp/expect.sh
