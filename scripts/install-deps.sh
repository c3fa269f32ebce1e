#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Installs what klp-llvm needs on Debian 12 (bookworm): the C++ toolchain,
# LLVM/clang/lld development packages for the LLVM majors asked for, and what
# the real-kernel tests need (QEMU, busybox, cpio). Idempotent and quiet:
# only missing packages are installed, and `apt-get update` runs only then.
#
# Usage: scripts/install-deps.sh [--llvm MAJOR]... [--dry-run]
#   --llvm MAJOR  also install that LLVM major (19, the default one, is
#                 always installed; repeatable: --llvm 22)
#   --dry-run     print the missing packages, install nothing
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
set -euo pipefail

KLP_PROG=install-deps
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"


majors=(19) # the LLVM the project builds with by default
dry_run=0
while (($#)); do
  case $1 in
  --llvm)
    [[ ${2:-} =~ ^[0-9]+$ ]] || klp_die "--llvm needs a major version number, e.g. --llvm 22"
    majors+=("$2")
    shift 2
    ;;
  --llvm=*)
    v=${1#--llvm=}
    [[ $v =~ ^[0-9]+$ ]] || klp_die "--llvm needs a major version number, e.g. --llvm=22"
    majors+=("$v")
    shift
    ;;
  --dry-run) dry_run=1; shift ;;
  -h | --help) klp_usage; exit 0 ;;
  *) klp_die "unknown argument '$1' (see --help)" ;;
  esac
done
mapfile -t majors < <(printf '%s\n' "${majors[@]}" | sort -un)

wanted=(cmake ninja-build make g++ binutils libgtest-dev python3
  qemu-system-x86 busybox-static cpio)
# Preparing the kernel's own source (scripts/lib/kernel-source.sh): kconfig,
# objtool, bc for timeconst.h, pahole for the config's PAHOLE_VERSION, xz
# (also 6.12's .ko.xz modules). pahole (dwarves) is also what kbuild runs on
# every module built for a kernel with DEBUG_INFO_BTF_MODULES and a vmlinux
# in its headers (6.12: "BTF [M]").
wanted+=(flex bison libelf-dev bc dwarves xz-utils)
wanted+=(libclang-rt-19-dev) # libFuzzer for the fuzz build (test/fuzz)
for v in "${majors[@]}"; do
  # llvm-N-tools carries FileCheck, not and lit's helpers used by the tests.
  wanted+=("llvm-$v-dev" "llvm-$v-tools" "clang-$v" "lld-$v" "liblld-$v-dev"
    "clang-format-$v")
done

# A package counts as present when dpkg says "install ok installed".
is_installed() {
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

missing=()
for p in "${wanted[@]}"; do
  is_installed "$p" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  klp_log "all ${#wanted[@]} packages are installed"
  exit 0
fi
klp_log "missing: ${missing[*]}"
((dry_run)) && exit 0

sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || klp_die "not root and no sudo: install ${missing[*]} by hand"
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# apt's chatter goes to a log that is shown only when something fails.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { "${sudo[@]}" apt-get update -qq &&
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  klp_die "apt-get failed to install: ${missing[*]}"
fi
for p in "${missing[@]}"; do
  is_installed "$p" || klp_die "package $p did not install"
done
klp_log "installed: ${missing[*]}"
