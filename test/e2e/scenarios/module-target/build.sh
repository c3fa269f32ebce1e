# shellcheck shell=bash
# Host steps: build the target module (a plain clang module), add it to the
# kernel's manifest from its .ko (it is not in the booted kernel's
# kallsyms), build the livepatch against that manifest with klp-ld, and
# check what the link step wrote (with scenario.conf's KLP_SYMS).
e2e_kbuild --link plain target || exit 0
e2e_manifest "$E2E_WORK/with-target.klpm" --module target/klp_e2e_target.ko || exit 0
e2e_kbuild --link klp-ld --manifest "$E2E_WORK/with-target.klpm" \
  --object klp_e2e_target patch || exit 0

# The module's livepatch symbols: scenario.conf's KLP_SYMS; none of vmlinux.
ko=patch/klp_e2e_modpatch.ko
syms=$("$E2E_LLVM_BIN/llvm-readelf" -s "$ko")
check "patch, no vmlinux livepatch symbol" \
  bash -c "! grep -q '\.klp\.sym\.vmlinux\.' <<<\"\$1\"" _ "$syms"
# modpost did not make the patch depend on the target (its export is reached
# through livepatch, not the module loader).
depends=$("$E2E_LLVM_BIN/llvm-readelf" -p .modinfo "$ko" | grep -o 'depends=[^ ]*' || true)
check "patch, no module dependency ($depends)" test "$depends" = "depends="
