#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The real kernels klp-llvm tests against: Debian's cloud kernels, fetched
# into the build directory, booted under QEMU (TCG), their kallsyms read from
# the running guest, and out-of-tree modules built for them with clang via
# kbuild.
#
# Usage: scripts/kernel.sh [--build-dir DIR] [--kernel NAME] COMMAND [ARGS...]
#   --kernel NAME       the kernel: debian-6.1 (default; Debian 12's
#                       linux-image-cloud-amd64), debian-6.12 (Debian 12's
#                       linux-image-6.12-cloud-amd64) or clang-lto (built
#                       here from debian-6.1's source with clang and ThinLTO,
#                       scripts/lib/kernel-clang-lto.sh: `fetch` builds it
#                       once, about 10 minutes on 2 cores; its kallsyms
#                       guest loads scripts/lib/clang-lto-modules.txt; no
#                       debug-root, klp-diff or source); default $KLP_KERNEL
#   fetch               fetch (or find in the cache) the image and headers;
#                       prints the cache directory <build>/kernel/<tag> last
#                       (<tag>: <release>_<version>, '~' made '_'); its
#                       kernel.env (KEY=VALUE lines) names KERNEL,
#                       KERNEL_RELEASE, KERNEL_VERSION and, as absolute paths,
#                       KERNEL_DIR, KDIR, VMLINUZ, CONFIG and, once fetched,
#                       VMLINUX
#   kdir                prints the headers directory (make -C KDIR), fetching first
#   kallsyms [--bare] [-o FILE] [--module KO]...
#                       boot once, load the image's own modules listed in
#                       scripts/lib/server-modules.txt (and what they depend
#                       on, 72 to 79 modules, as on a server; names the
#                       kernel has built in are skipped), then the given
#                       modules, and save /proc/kallsyms to FILE (default,
#                       without --module: the cache, <cache dir>/kallsyms-
#                       server.<key>, kept until the list changes; the link
#                       <cache dir>/kallsyms points to it); prints FILE.
#                       --bare: load none of the image's modules (the cached
#                       one is <cache dir>/kallsyms-bare)
#   boot [--timeout S] [--log FILE] [--out FILE] [--work DIR] [--append ARGS]
#        [--cpu MODEL] [--module KO]... [--file SRC:DST]... SCRIPT
#                       boot with an initramfs whose /init runs the sh commands
#                       in SCRIPT (modules in /klp/modules, the helpers of
#                       scripts/lib/guest/ in $KLP_LIB = /klp/lib, raw data
#                       channel $KLP_OUT = /dev/ttyS1 saved to --out); prints
#                       what the guest printed between the markers; exit status 0 if
#                       SCRIPT returned 0, 2 if it failed, 3 if the guest never
#                       finished (timeout, panic); --cpu: QEMU's -cpu
#                       (default qemu64)
#   vmlinux             fetch (or find in the cache) the unstripped vmlinux of
#                       the debug package (about 280 MB download); prints its path
#   manifest [--from kallsyms|vmlinux|both] [--bare]
#                       make (or find) the manifest of the kernel with this
#                       build's klp-manifest, from the booted kernel's
#                       /proc/kallsyms (default; the kallsyms of `kallsyms`
#                       above: vmlinux and the loaded modules), from the debug
#                       vmlinux (adds source files; vmlinux only), or from
#                       both (vmlinux for vmlinux, kallsyms for the loaded
#                       modules); all add Module.symvers; --bare: from the
#                       kallsyms of a guest without modules; prints its path
#   debug-root          fetch (or find) the debug package unpacked, the debug
#                       info of vmlinux and of every module (klp-diff's
#                       --debug-root); prints its directory
#   klp-diff [--manifest M] [KLP-DIFF-ARGS...] FIX.patch...
#                       klp-diff for this kernel, with everything it reads
#                       fetched first (source, headers, debug package, and
#                       the manifest from the debug vmlinux unless M is
#                       given, e.g. one `klp-manifest capture` wrote on the
#                       machine to patch)
#   source              fetch (or find) the kernel's own source, Debian's
#                       linux-source of the image's version, prepared once
#                       like the image (its .config, generated headers, host
#                       tools; about 140 MB download, 1.5 GB unpacked, two
#                       minutes); prints its cache directory (linux/, obj/),
#                       klp-diff's --source
#   kbuild [--manifest M] [--object OBJ] [--cc CC] [--klp-config EXE] [--ld LD]
#          DIR [MAKE-ARGS...]
#                       build the modules in DIR (Kbuild/Makefile there) with
#                       make -C KDIR M=DIR $(klp-config --kbuild ...) modules
#                       (--ld: link with LD instead of klp-ld; run klp-convert
#                       on the .ko files afterwards)
#
# Environment: KLP_BUILD_DIR (default <repo>/build), KLP_KERNEL (default
# debian-6.1), KLP_KERNEL_CACHE (where kernel/ goes; default the build
# directory), KLP_KERNEL_FLAVOUR (default cloud-amd64), KLP_SERVER_MODULES
# (the module list, default scripts/lib/server-modules.txt).
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
set -euo pipefail

KLP_PROG=kernel.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$KLP_SCRIPTS_DIR/lib/kernel-fetch.sh"
source "$KLP_SCRIPTS_DIR/lib/serial-log.sh"
source "$KLP_SCRIPTS_DIR/lib/kernel-boot.sh"
source "$KLP_SCRIPTS_DIR/lib/kernel-kallsyms.sh"
source "$KLP_SCRIPTS_DIR/lib/kernel-manifest.sh"
source "$KLP_SCRIPTS_DIR/lib/kernel-kbuild.sh"

while (($#)); do
  case $1 in
  --build-dir)
    klp_set_build_dir "$2"
    shift 2
    ;;
  --kernel)
    klp_set_kernel "${2:-}"
    shift 2
    ;;
  -h | --help) klp_usage; exit 0 ;;
  *) break ;;
  esac
done
(($#)) || { klp_usage >&2; exit 1; }
command=$1
shift

case $command in
fetch)
  klp_kernel_fetch
  printf '%s\n' "$KERNEL_DIR"
  ;;
kdir)
  klp_kernel_fetch
  klp_kernel_kdir
  ;;
kallsyms)
  dest="" kind=server mods=()
  while (($#)); do
    case $1 in
    -o) dest=$2; shift 2 ;;
    --module) mods+=("$2"); shift 2 ;;
    --bare) kind=bare; shift ;;
    *) klp_die "kallsyms: unknown argument '$1'" ;;
    esac
  done
  klp_kernel_fetch
  if [[ -z $dest ]]; then
    ((${#mods[@]} == 0)) ||
      klp_die "kallsyms: with --module, say where to write with -o FILE (the cached kallsyms have only the image's modules)"
    klp_kernel_kallsyms "$kind"
    printf '%s\n' "$KALLSYMS"
    exit 0
  fi
  if [[ $kind == server ]]; then
    klp_server_modules
    klp_kallsyms "$dest" --server "${mods[@]}"
  else
    klp_kallsyms "$dest" "${mods[@]}"
  fi
  printf '%s\n' "$dest"
  ;;
boot)
  klp_kernel_fetch
  klp_boot "$@"
  klp_guest_section "$BOOT_LOG"
  klp_log "serial log: $BOOT_LOG; data channel: $BOOT_OUT"
  exit "$BOOT_STATUS"
  ;;
vmlinux)
  klp_kernel_fetch
  klp_kernel_vmlinux
  printf '%s\n' "$VMLINUX"
  ;;
manifest)
  from=kallsyms kind=server
  while (($#)); do
    case $1 in
    --from) from=$2; shift 2 ;;
    --bare) kind=bare; shift ;;
    *) klp_die "manifest: unknown argument '$1'" ;;
    esac
  done
  klp_kernel_fetch
  klp_kernel_manifest "$from" "$kind"
  printf '%s\n' "$MANIFEST"
  ;;
debug-root)
  klp_kernel_fetch
  klp_kernel_debug_root
  printf '%s\n' "$DEBUG_ROOT"
  ;;
klp-diff | source)
  [[ $KLP_KERNEL != clang-lto ]] ||
    klp_die "$command: not for clang-lto, whose source is debian-6.1's unpacked tree (scripts/kernel.sh --kernel debian-6.1 source) configured by scripts/lib/clang-lto.config"
  ;;&
klp-diff)
  source "$KLP_SCRIPTS_DIR/lib/kernel-source.sh"
  manifest=""
  args=()
  while (($#)); do
    case $1 in
    --manifest) manifest=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
    esac
  done
  klp_kernel_fetch
  klp_kernel_source
  klp_kernel_debug_root
  if [[ -z $manifest ]]; then
    klp_kernel_manifest vmlinux server
    manifest=$MANIFEST
  fi
  exe=$(klp_build_dir)/bin/klp-diff
  [[ -x $exe ]] || klp_die "$exe not found; build it: ninja -C $(klp_build_dir) klp-diff"
  exec "$exe" --source "$KERNEL_SOURCE" --kernel "$(klp_kernel_kdir)" \
    --manifest "$manifest" --debug-root "$DEBUG_ROOT" "${args[@]}"
  ;;
source)
  source "$KLP_SCRIPTS_DIR/lib/kernel-source.sh"
  klp_kernel_fetch
  klp_kernel_source_dir
  ;;
kbuild)
  klp_kernel_fetch
  klp_kbuild "$@"
  ;;
*) klp_die "unknown command '$command' (see --help)" ;;
esac
