# shellcheck shell=bash
# Building out-of-tree modules with clang against the fetched kernel.
# Source after common.sh and kernel-fetch.sh.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# The headers directory (what `make -C` wants) of the fetched kernel.
klp_kernel_kdir() {
  printf '%s/root/usr/src/linux-headers-%s\n' "$KERNEL_DIR" "$KERNEL_RELEASE"
}

# klp_kbuild [--manifest M] [--object OBJ] [--cc CC] [--ld LD] [--klp-config EXE]
#            DIR [MAKE-ARGS...]
# Runs make -C KDIR M=DIR $(klp-config --kbuild ...) MAKE-ARGS modules.
# Without --manifest this is a plain clang build (no plugin, GNU ld links);
# klp-config still supplies the overrides a gcc-built kernel needs. --ld
# links with LD instead of klp-ld (the .ko files then need klp-convert).
klp_kbuild() {
  local config_exe="" cfg_args=() dir=""
  while (($#)); do
    case $1 in
    --manifest | --object | --cc | --ld) cfg_args+=("$1" "$2"); shift 2 ;;
    --klp-config) config_exe=$2; shift 2 ;;
    -*) klp_die "kbuild: unknown option '$1'" ;;
    *) dir=$1; shift; break ;;
    esac
  done
  [[ -n $dir ]] || klp_die "kbuild: give the module directory"
  [[ -d $dir ]] || klp_die "kbuild: module directory $dir not found"
  dir=$(cd "$dir" && pwd) # kbuild needs M= absolute
  : "${config_exe:=$(klp_build_dir)/bin/klp-config}"
  [[ -x $config_exe ]] ||
    klp_die "$config_exe not found; build it: ninja -C $(klp_build_dir) klp-config"
  local kdir words
  kdir=$(klp_kernel_kdir)
  # Exactly what a user's `make ... $(klp-config --kbuild ...)` does: the
  # output is split at white space into words.
  words=$("$config_exe" --kbuild --kernel "$kdir" "${cfg_args[@]}") ||
    klp_die "klp-config --kbuild failed"
  local -a flags
  read -r -a flags <<<"$words"
  make -C "$kdir" M="$dir" -j"$(nproc)" "${flags[@]}" "$@" modules
}

# klp_kernel_manifest [kallsyms|vmlinux|both]: the klp-llvm manifest of the
# fetched kernel's vmlinux, made with this build's klp-manifest and kept until
# its inputs or klp-manifest change. Sets MANIFEST. The source:
#   kallsyms  the booted kernel's /proc/kallsyms (one boot, cached) and the
#             headers' Module.symvers: what any running machine offers
#   vmlinux   the debug package's unstripped vmlinux (fetched once, cached)
#             and Module.symvers: the same symbols and positions, plus each
#             local symbol's source file, which a patch of a static that
#             several files define needs
#   both      both of them: what a machine offers plus the source files (for
#             vmlinux, which both describe, the ELF file wins)
klp_kernel_manifest() {
  local source=${1:-kallsyms} tool input inputs=()
  tool=$(klp_build_dir)/bin/klp-manifest
  [[ -x $tool ]] || klp_die "$tool not found; build it: ninja -C $(klp_build_dir) klp-manifest"
  local args=()
  case $source in
  kallsyms)
    input=$KERNEL_DIR/kallsyms
    [[ -f $input ]] || klp_kallsyms "$input"
    args=(--kallsyms "$input")
    inputs=("$input")
    ;;
  vmlinux)
    klp_kernel_vmlinux
    input=$VMLINUX
    args=(--vmlinux "$input")
    inputs=("$input")
    ;;
  both)
    input=$KERNEL_DIR/kallsyms
    [[ -f $input ]] || klp_kallsyms "$input"
    klp_kernel_vmlinux
    args=(--kallsyms "$input" --vmlinux "$VMLINUX")
    inputs=("$input" "$VMLINUX")
    ;;
  *) klp_die "klp_kernel_manifest: unknown source '$source' (kallsyms, vmlinux or both)" ;;
  esac
  MANIFEST=$(klp_build_dir)/manifests/${KERNEL_RELEASE}_$KERNEL_VERSION.$source.klpm
  local fresh=1
  [[ -f $MANIFEST && $MANIFEST -nt $tool ]] || fresh=0
  for input in "${inputs[@]}"; do [[ $MANIFEST -nt $input ]] || fresh=0; done
  ((fresh)) && return 0
  mkdir -p "${MANIFEST%/*}"
  "$tool" build "${args[@]}" --symvers "$(klp_kernel_kdir)/Module.symvers" \
    -o "$MANIFEST" || klp_die "klp-manifest could not build $MANIFEST"
}
