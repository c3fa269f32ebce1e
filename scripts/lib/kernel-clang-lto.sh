# shellcheck shell=bash
# The clang-lto kernel: built here, not fetched. Debian's linux-source of the
# version the debian-6.1 kernel uses (kernel-source.sh unpacks it into that
# kernel's cache entry; it is only read), configured from `make tinyconfig`
# plus scripts/lib/clang-lto.config (ThinLTO, livepatch, modules, what the
# QEMU guest needs) and built with LLVM=-<major> (clang, ld.lld, llvm-ar, ...)
# into its own cache entry:
#   <cache>/kernel/clang-lto_<source version>_<key>/
#     obj/          the output tree (make O=): KDIR for external modules,
#                   obj/vmlinux (unstripped), obj/arch/x86/boot/bzImage
#     root/lib/modules/<release>/  `make modules_install` (the tree's own
#                   modules, =m in the fragment)
#     vmlinuz, kdir, config, vmlinux   links into obj/, as a fetched kernel
#                   has them
#     build.log, build.env   what the build printed and how long it took
#     kernel.env    as for the Debian kernels; written last
# <key> is a checksum of what the result depends on: the fragment, the
# source version, clang's and ld.lld's --version and KLP_CLANG_LTO_RECIPE
# (bumped when the steps below change); any change gives a new entry, built
# once. Source after common.sh and kernel-fetch.sh.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# shellcheck source=scripts/lib/kernel-source.sh
declare -F klp_kernel_source >/dev/null || source "$KLP_SCRIPTS_DIR/lib/kernel-source.sh"

KLP_CLANG_LTO_CONFIG=$KLP_SCRIPTS_DIR/lib/clang-lto.config
KLP_CLANG_LTO_RECIPE=1
# The LLVM the kernel is built with: LLVM=-<major>, the tools' suffix.
KLP_CLANG_LTO_LLVM=${KLP_CLANG_LTO_LLVM:-19}
# The kernel whose source is used (its version, its unpacked tree).
KLP_CLANG_LTO_BASE=debian-6.1

# klp_clang_lto_source: the unpacked source of KLP_CLANG_LTO_BASE (fetched
# and prepared once by kernel-source.sh, shared with that kernel); sets
# CLANG_LTO_SRCTREE and CLANG_LTO_SOURCE_VERSION.
klp_clang_lto_source() {
  local saved=$KLP_KERNEL
  KLP_KERNEL=$KLP_CLANG_LTO_BASE
  klp_kernel_fetch
  # Only the unpacked tree is read: once prepared, take it as it is (the
  # preparation's checks concern debian-6.1's own compiles).
  if [[ -f $KERNEL_DIR/source/source.env ]]; then
    KERNEL_SRCTREE=$KERNEL_DIR/source/linux
  else
    klp_kernel_source
  fi
  CLANG_LTO_SRCTREE=$KERNEL_SRCTREE
  CLANG_LTO_SOURCE_VERSION=$KERNEL_VERSION
  CLANG_LTO_SOURCE_PKG=$(klp_source_package)
  KLP_KERNEL=$saved
}

# klp_clang_lto_key: the checksum naming the cache entry (see above).
klp_clang_lto_key() {
  local cc=clang-$KLP_CLANG_LTO_LLVM ld=ld.lld-$KLP_CLANG_LTO_LLVM
  klp_require_cmd "$cc" "clang-$KLP_CLANG_LTO_LLVM"
  klp_require_cmd "$ld" "lld-$KLP_CLANG_LTO_LLVM"
  {
    printf 'recipe %s\nsource %s %s\n' "$KLP_CLANG_LTO_RECIPE" "$CLANG_LTO_SOURCE_PKG" "$CLANG_LTO_SOURCE_VERSION"
    "$cc" --version | head -n 1
    "$ld" --version | head -n 1
    cat "$KLP_CLANG_LTO_CONFIG"
  } | cksum | awk '{ print $1 }'
}

# klp_clang_lto_resolve: sets what klp_resolve_kernel sets for a Debian
# kernel (KERNEL_PKG, KERNEL_VERSION; KERNEL_RELEASE once built) and
# CLANG_LTO_TAG, the cache entry's name.
klp_clang_lto_resolve() {
  klp_clang_lto_source
  # shellcheck disable=SC2034 # for kernel.env and the callers
  KERNEL_PKG=$CLANG_LTO_SOURCE_PKG
  KERNEL_VERSION=$CLANG_LTO_SOURCE_VERSION
  CLANG_LTO_TAG=clang-lto_${KERNEL_VERSION//\~/_}_$(klp_clang_lto_key)
  KERNEL_RELEASE=""
  local env
  env=$(klp_kernel_cache)/$CLANG_LTO_TAG/kernel.env
  if [[ -f $env ]]; then
    KERNEL_RELEASE=$(sed -n 's/^KERNEL_RELEASE=//p' "$env")
  fi
}

# klp_clang_lto_make OBJ ARGS...: make in the source tree with output in OBJ
# and the LLVM tools.
klp_clang_lto_make() {
  local obj=$1
  shift
  make -C "$CLANG_LTO_SRCTREE" O="$obj" ARCH=x86_64 LLVM=-"$KLP_CLANG_LTO_LLVM" "$@"
}

# klp_clang_lto_configure OBJ: tinyconfig, the fragment merged in,
# olddefconfig; every line of the fragment must have survived.
klp_clang_lto_configure() {
  local obj=$1 line missing=()
  klp_clang_lto_make "$obj" tinyconfig &&
    "$CLANG_LTO_SRCTREE/scripts/kconfig/merge_config.sh" -m -O "$obj" \
      "$obj/.config" "$KLP_CLANG_LTO_CONFIG" &&
    klp_clang_lto_make "$obj" olddefconfig ||
    return 1
  while IFS= read -r line; do
    case $line in
    CONFIG_*) grep -qxF -- "$line" "$obj/.config" || missing+=("$line") ;;
    "# CONFIG_"*" is not set")
      # Unset, or absent (its dependencies unmet): either is fine.
      line=${line#\# }
      ! grep -q "^${line%% *}=" "$obj/.config" || missing+=("# $line")
      ;;
    esac
  done <"$KLP_CLANG_LTO_CONFIG"
  if ((${#missing[@]})); then
    printf 'not in the resulting .config: %s\n' "${missing[@]}"
    return 1
  fi
}

# klp_clang_lto_fetch: makes sure the kernel is built (KLP_KERNEL=clang-lto);
# sets KERNEL_DIR and what klp_resolve_kernel sets. Built in a temporary
# directory beside the final one and renamed into place; one build at a
# time (a second run waits for the first and then uses its result).
klp_clang_lto_fetch() {
  klp_clang_lto_resolve
  local cache
  cache=$(klp_kernel_cache)
  KERNEL_DIR=$cache/$CLANG_LTO_TAG
  if [[ -f $KERNEL_DIR/kernel.env ]]; then
    klp_clang_lto_relocate
    klp_kernel_env
    return 0
  fi
  mkdir -p "$cache"
  local lock_fd
  exec {lock_fd}>"$cache/.clang-lto.lock"
  flock "$lock_fd"
  if [[ -f $KERNEL_DIR/kernel.env ]]; then
    exec {lock_fd}>&-
    klp_clang_lto_fetch
    return 0
  fi
  # With the lock held, a temporary directory left behind is a killed build's.
  rm -rf "$cache"/.clang-lto.*/
  klp_source_require
  klp_require_cmd "llvm-ar-$KLP_CLANG_LTO_LLVM" "llvm-$KLP_CLANG_LTO_LLVM"
  local tmp t0 jobs
  tmp=$(mktemp -d "$cache/.clang-lto.XXXXXX")
  # shellcheck disable=SC2064 # expand $tmp now: the trap outlives this function
  trap "rm -rf '$tmp'" EXIT
  jobs=${KLP_CLANG_LTO_JOBS:-$(nproc)}
  klp_log "building the clang-lto kernel from $CLANG_LTO_SOURCE_PKG $CLANG_LTO_SOURCE_VERSION with LLVM=-$KLP_CLANG_LTO_LLVM, -j$jobs (8 to 10 minutes on 2 cores; log: $tmp/build.log)"
  t0=$(klp_now)
  local obj=$tmp/obj
  mkdir -p "$obj"
  # No depmod at modules_install (nor needed: the guest insmods by path).
  if ! {
    klp_clang_lto_configure "$obj" &&
      klp_clang_lto_make "$obj" -j"$jobs" all &&
      klp_clang_lto_make "$obj" INSTALL_MOD_PATH="$tmp/root" DEPMOD=true modules_install
  } >"$tmp/build.log" 2>&1; then
    tail -n 30 "$tmp/build.log" >&2
    cp "$tmp/build.log" "$cache/clang-lto-build.log.failed"
    klp_die "building the clang-lto kernel failed; its log: $cache/clang-lto-build.log.failed"
  fi
  local seconds
  seconds=$(klp_elapsed "$t0")
  KERNEL_RELEASE=$(cat "$obj/include/config/kernel.release")
  [[ -n $KERNEL_RELEASE && -f $obj/arch/x86/boot/bzImage && -f $obj/vmlinux && -f $obj/Module.symvers ]] ||
    klp_die "the clang-lto build left no release, bzImage, vmlinux or Module.symvers in $obj"
  ln -s obj/arch/x86/boot/bzImage "$tmp/vmlinuz"
  ln -s obj "$tmp/kdir"
  ln -s obj/.config "$tmp/config"
  ln -s obj/vmlinux "$tmp/vmlinux"
  printf 'BUILD_SECONDS=%s\nBUILD_JOBS=%s\nSRCTREE=%q\n' "$seconds" "$jobs" "$CLANG_LTO_SRCTREE" >"$tmp/build.env"
  chmod 755 "$tmp"
  KERNEL_DIR_FINAL=$KERNEL_DIR
  KERNEL_DIR=$tmp
  klp_kernel_env_text | sed "s|$tmp|$KERNEL_DIR_FINAL|g" >"$tmp/kernel.env"
  KERNEL_DIR=$KERNEL_DIR_FINAL
  mv -T "$tmp" "$KERNEL_DIR" || klp_die "cannot move the built kernel to $KERNEL_DIR"
  trap - EXIT
  exec {lock_fd}>&-
  klp_log "clang-lto kernel $KERNEL_RELEASE built in ${seconds}s: $KERNEL_DIR"
}

# klp_clang_lto_relocate: the output tree's Makefile includes the source
# tree's by absolute path, and its `source` link points there; point both
# at the source tree found now (a moved cache).
klp_clang_lto_relocate() {
  local mk=$KERNEL_DIR/obj/Makefile want
  want="include $CLANG_LTO_SRCTREE/Makefile"
  [[ -f $mk ]] || klp_die "$mk is missing: remove $KERNEL_DIR to build again"
  grep -qxF "$want" "$mk" && return 0
  sed -i "s|^include /.*/Makefile\$|$want|" "$mk"
  grep -qxF "$want" "$mk" || klp_die "cannot point $mk at $CLANG_LTO_SRCTREE; remove $KERNEL_DIR to build again"
  ln -sfn "$CLANG_LTO_SRCTREE" "$KERNEL_DIR/obj/source"
}
