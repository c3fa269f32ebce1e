# shellcheck shell=bash
# Building out-of-tree modules with clang against the fetched kernel.
# Source after common.sh and kernel-fetch.sh.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# The headers directory (what `make -C` wants) of the fetched kernel.
klp_kernel_kdir() {
  printf '%s/root/usr/src/linux-headers-%s\n' "$KERNEL_DIR" "$KERNEL_RELEASE"
}

# klp_kbuild [--manifest M] [--object OBJ] [--cc CC] [--klp-config EXE] DIR [MAKE-ARGS...]
# Runs make -C KDIR M=DIR $(klp-config --kbuild ...) MAKE-ARGS modules.
# Without --manifest this is a plain clang build (no plugin, GNU ld links);
# klp-config still supplies the overrides a gcc-built kernel needs.
klp_kbuild() {
  local config_exe="" cfg_args=() dir=""
  while (($#)); do
    case $1 in
    --manifest | --object | --cc) cfg_args+=("$1" "$2"); shift 2 ;;
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

# klp_kernel_manifest: the klp-llvm manifest of the fetched kernel (vmlinux:
# its /proc/kallsyms and Module.symvers), made with this build's
# klp-manifest and kept until kallsyms or klp-manifest change. Sets MANIFEST.
klp_kernel_manifest() {
  local tool
  tool=$(klp_build_dir)/bin/klp-manifest
  [[ -x $tool ]] || klp_die "$tool not found; build it: ninja -C $(klp_build_dir) klp-manifest"
  local kallsyms=$KERNEL_DIR/kallsyms
  [[ -f $kallsyms ]] || klp_kallsyms "$kallsyms"
  MANIFEST=$(klp_build_dir)/manifests/${KERNEL_RELEASE}_$KERNEL_VERSION.klpm
  if [[ -f $MANIFEST && $MANIFEST -nt $tool && $MANIFEST -nt $kallsyms ]]; then
    return 0
  fi
  mkdir -p "${MANIFEST%/*}"
  "$tool" build --kallsyms "$kallsyms" --symvers "$(klp_kernel_kdir)/Module.symvers" \
    -o "$MANIFEST" || klp_die "klp-manifest could not build $MANIFEST"
}
