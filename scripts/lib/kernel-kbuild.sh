# shellcheck shell=bash
# Building out-of-tree modules with clang against the fetched kernel.
# Source after common.sh and kernel-fetch.sh (klp_kernel_kdir).
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

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

# klp_kbuild_llvm_bin [KLP_CONFIG]: the bin directory of the LLVM whose clang
# klp-config builds with (its CC=), where ld.lld and llvm-readelf are too.
klp_kbuild_llvm_bin() {
  local config_exe=${1:-$(klp_build_dir)/bin/klp-config} cc
  cc=$("$config_exe" --kbuild --kernel "$(klp_kernel_kdir)" | tr ' ' '\n' | sed -n 's/^CC=//p') ||
    klp_die "$config_exe --kbuild --kernel $(klp_kernel_kdir) failed"
  [[ -n $cc ]] || klp_die "$config_exe --kbuild printed no CC="
  command -v "$cc" >/dev/null || klp_die "$cc (klp-config's CC=) not found"
  dirname "$(readlink -f "$(command -v "$cc")")"
}
