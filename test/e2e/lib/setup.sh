# shellcheck shell=bash
# What every scenario's host steps need, made once before the first: the
# fetched kernel, its two manifests and the paths of the toolchain, exported
# as E2E_* (lib/host.sh lists them). Source after the scripts/lib files
# run.sh sources.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# e2e_setup [MANIFEST]: the kernel (fetched once, cached); the manifest from
# the debug vmlinux, which knows source files (E2E_MANIFEST; MANIFEST
# instead if given); the manifest of the booted kernel's /proc/kallsyms as a
# server has it (the guest loads the image's modules of
# scripts/lib/server-modules.txt first: one boot, cached), E2E_KALLSYMS_MANIFEST,
# and that file, E2E_KALLSYMS; the ld.lld of the LLVM klp-config builds with.
e2e_setup() {
  local t0
  t0=$(klp_now)
  klp_kernel_fetch
  printf 'kernel: %s, %s (%s), fetch/cache %ss\n' "$KLP_KERNEL" "$KERNEL_RELEASE" "$KERNEL_VERSION" "$(klp_elapsed "$t0")"
  t0=$(klp_now)
  E2E_MANIFEST=${1:-}
  if [[ -z $E2E_MANIFEST ]]; then
    klp_kernel_manifest vmlinux
    E2E_MANIFEST=$MANIFEST
  fi
  klp_kernel_manifest kallsyms
  E2E_KALLSYMS_MANIFEST=$MANIFEST E2E_KALLSYMS=$KALLSYMS
  printf 'manifests: %s, %s (%ss)\n' "${E2E_MANIFEST##*/}" "${E2E_KALLSYMS_MANIFEST##*/}" "$(klp_elapsed "$t0")"
  printf 'kallsyms: %s lines, %s modules loaded (%s)\n' "$(wc -l <"$KALLSYMS")" \
    "$(klp_kallsyms_modules "$KALLSYMS" | wc -l)" "$KALLSYMS"
  E2E_BIN=$(klp_build_dir)/bin
  E2E_KDIR=$(klp_kernel_kdir)
  E2E_LLVM_BIN=$(klp_kbuild_llvm_bin "$E2E_BIN/klp-config")
  E2E_LLD=$E2E_LLVM_BIN/ld.lld
  [[ -x $E2E_LLD ]] || klp_die "no ld.lld in $E2E_LLVM_BIN, beside klp-config's clang; install lld (scripts/install-deps.sh)"
  export E2E_BIN E2E_KDIR E2E_LLD E2E_LLVM_BIN E2E_MANIFEST E2E_KALLSYMS_MANIFEST E2E_KALLSYMS \
    KERNEL_DIR KLP_KERNEL KLP_SCRIPTS_DIR KLP_SRC_ROOT
}
