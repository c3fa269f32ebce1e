# shellcheck shell=bash
# The klp-llvm manifest of the fetched kernel, made with this build's
# klp-manifest from the booted kernel's kallsyms, the debug vmlinux or both,
# and cached under <build>/manifests/.
# Source after common.sh, kernel-fetch.sh, serial-log.sh, kernel-boot.sh and
# kernel-kallsyms.sh.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# klp_kernel_manifest [kallsyms|vmlinux|both] [server|bare]: the klp-llvm
# manifest of the fetched kernel, made with this build's klp-manifest and
# kept until its inputs or klp-manifest change. Sets MANIFEST. The source:
#   kallsyms  the booted kernel's /proc/kallsyms (one boot, cached) and the
#             headers' Module.symvers: what any running machine offers
#   vmlinux   the debug package's unstripped vmlinux (fetched once, cached)
#             and Module.symvers: the same symbols and positions, plus each
#             local symbol's source file, which a patch of a static that
#             several files define needs
#   both      both of them: what a machine offers plus the source files (for
#             vmlinux, which both describe, the ELF file wins; the loaded
#             modules come from kallsyms)
# The kallsyms are those of a guest that loaded the image's modules of
# scripts/lib/server-modules.txt first, as a server has them (server, the
# default), or of a guest without any module (bare); see klp_kernel_kallsyms.
klp_kernel_manifest() {
  local source=${1:-kallsyms} kind=${2:-server} tool input inputs=() tag=""
  tool=$(klp_build_dir)/bin/klp-manifest
  [[ -x $tool ]] || klp_die "$tool not found; build it: ninja -C $(klp_build_dir) klp-manifest"
  local args=()
  case $source in
  kallsyms)
    klp_kernel_kallsyms "$kind"
    args=(--kallsyms "$KALLSYMS")
    inputs=("$KALLSYMS")
    tag=.$KALLSYMS_TAG
    ;;
  vmlinux)
    klp_kernel_vmlinux
    args=(--vmlinux "$VMLINUX")
    inputs=("$VMLINUX")
    ;;
  both)
    klp_kernel_kallsyms "$kind"
    klp_kernel_vmlinux
    args=(--kallsyms "$KALLSYMS" --vmlinux "$VMLINUX")
    inputs=("$KALLSYMS" "$VMLINUX")
    tag=.$KALLSYMS_TAG
    ;;
  *) klp_die "klp_kernel_manifest: unknown source '$source' (kallsyms, vmlinux or both)" ;;
  esac
  MANIFEST=$(klp_build_dir)/manifests/$(klp_kernel_tag).$source$tag.klpm
  local fresh=1
  [[ -f $MANIFEST && $MANIFEST -nt $tool ]] || fresh=0
  for input in "${inputs[@]}"; do [[ $MANIFEST -nt $input ]] || fresh=0; done
  ((fresh)) && return 0
  mkdir -p "${MANIFEST%/*}"
  "$tool" build "${args[@]}" --symvers "$(klp_kernel_kdir)/Module.symvers" \
    -o "$MANIFEST.tmp.$$" || klp_die "klp-manifest could not build $MANIFEST"
  mv "$MANIFEST.tmp.$$" "$MANIFEST"
}
