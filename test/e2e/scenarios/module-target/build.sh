# shellcheck shell=bash
# Host steps: build the target module (a plain clang module), add it to the
# kernel's manifest from its .ko (it is not in the booted kernel's
# kallsyms), build the livepatch against that manifest with klp-ld, and
# check what the link step wrote.
e2e_kbuild --link plain target || exit 0
e2e_manifest "$E2E_WORK/with-target.klpm" --module target/klp_e2e_target.ko || exit 0
e2e_kbuild --link klp-ld --manifest "$E2E_WORK/with-target.klpm" \
  --object klp_e2e_target patch || exit 0

ko=patch/klp_e2e_modpatch.ko
syms=$("$E2E_LLVM_BIN/llvm-readelf" -s "$ko")
for s in target_reads,0 helper,2 uptime_proc_show,0 klp_e2e_target_answer,0; do
  check "patch, .klp.sym.klp_e2e_target.$s is SHN_LIVEPATCH" \
    grep -qE "OS\[0xff20\] \.klp\.sym\.klp_e2e_target\.$s\$" <<<"$syms"
done
check "patch, no vmlinux livepatch symbol" \
  bash -c "! grep -q '\.klp\.sym\.vmlinux\.' <<<\"\$1\"" _ "$syms"
check "patch, .klp.rela.klp_e2e_target.text" \
  grep -q '\.klp\.rela\.klp_e2e_target\.text' <("$E2E_LLVM_BIN/llvm-readelf" -S "$ko")
# modpost did not make the patch depend on the target (its export is reached
# through livepatch, not the module loader).
depends=$("$E2E_LLVM_BIN/llvm-readelf" -p .modinfo "$ko" | grep -o 'depends=[^ ]*' || true)
check "patch, no module dependency ($depends)" test "$depends" = "depends="
