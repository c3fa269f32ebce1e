# shellcheck shell=bash
# Fetching Debian's kernel image and matching headers into a private cache.
# Source after common.sh.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# The kernels klp-llvm knows, by name (--kernel NAME, or KLP_KERNEL):
#   debian-6.1   Debian 12's kernel: the meta package linux-image-<flavour>
#   debian-6.12  the 6.12 kernel Debian 12 ships beside it (bookworm-security,
#                bookworm-backports): linux-image-6.12-<flavour>
# Each names a series; the exact version is whatever apt's meta package
# depends on today. The flavour (KLP_KERNEL_FLAVOUR) is cloud-amd64:
# LZ4-compressed, reaches /init in about 2 s under TCG.
#   clang-lto    not fetched but built: debian-6.1's source with clang,
#                ThinLTO and a small configuration (kernel-clang-lto.sh)
KLP_KERNELS="debian-6.1 debian-6.12 clang-lto"
KLP_KERNEL=${KLP_KERNEL:-debian-6.1}
KLP_KERNEL_FLAVOUR=${KLP_KERNEL_FLAVOUR:-cloud-amd64}

# klp_set_kernel NAME: the kernel to use from now on (--kernel NAME);
# exported, so that scripts run from here use it too.
klp_set_kernel() {
  [[ " $KLP_KERNELS " == *" ${1:-} "* ]] ||
    klp_die "unknown kernel '${1:-}' (known: ${KLP_KERNELS// /, })"
  KLP_KERNEL=$1
  export KLP_KERNEL
}

# klp_kernel_meta: sets KERNEL_META (the meta package apt resolves) and
# KERNEL_SERIES (what its version must start with) for KLP_KERNEL.
klp_kernel_meta() {
  case $KLP_KERNEL in
  debian-6.1) KERNEL_META=linux-image-$KLP_KERNEL_FLAVOUR KERNEL_SERIES=6.1 ;;
  debian-6.12) KERNEL_META=linux-image-6.12-$KLP_KERNEL_FLAVOUR KERNEL_SERIES=6.12 ;;
  clang-lto) klp_die "clang-lto is built, not fetched: klp_kernel_meta does not apply" ;;
  *) klp_die "unknown kernel '$KLP_KERNEL' in KLP_KERNEL (known: ${KLP_KERNELS// /, })" ;;
  esac
}

# Where fetched kernels live: <build>/kernel/<tag>/, one folder per kernel.
klp_kernel_cache() { printf '%s/kernel\n' "${KLP_KERNEL_CACHE:-$(klp_build_dir)}"; }

# klp_kernel_tag: what names the resolved kernel's files (its cache folder,
# its manifests): <release>_<version>, the version's '~' (6.12's
# 6.12.117-1~deb12u1) made '_', which no Debian version has: klp-config
# refuses to print a path with '~' (a shell character) as a make word.
klp_kernel_tag() {
  if [[ $KLP_KERNEL == clang-lto ]]; then
    printf '%s\n' "$CLANG_LTO_TAG"
    return 0
  fi
  printf '%s_%s\n' "$KERNEL_RELEASE" "${KERNEL_VERSION//\~/_}"
}

# What apt's answer depends on: its package lists and pinning. Each apt-cache
# call parses the lists (about 0.6 s here), so the answer is kept until this
# fingerprint changes.
klp_apt_fingerprint() {
  stat -c '%n %s %Y' /var/lib/apt/lists/*Packages* /etc/apt/preferences* \
    /etc/apt/sources.list* 2>/dev/null | cksum | awk '{ print $1 }'
}

# Sets KERNEL_PKG, KERNEL_RELEASE, KERNEL_VERSION from apt's view of the meta
# package of KLP_KERNEL (and KERNEL_META, KERNEL_SERIES). Debian bumps the
# ABI with each upload and old ones leave the mirror, so the version is never
# written down anywhere.
klp_resolve_kernel() {
  local memo fingerprint
  if [[ $KLP_KERNEL == clang-lto ]]; then
    klp_clang_lto_resolve
    return 0
  fi
  klp_kernel_meta
  memo=$(klp_kernel_cache)/resolved-$KERNEL_META
  fingerprint=$(klp_apt_fingerprint)
  if [[ -f $memo ]] && [[ $(head -n 1 "$memo") == "apt $fingerprint" ]]; then
    # shellcheck source=/dev/null
    source <(tail -n +2 "$memo")
    return 0
  fi
  klp_resolve_kernel_with_apt
  mkdir -p "${memo%/*}"
  printf 'apt %s\nKERNEL_PKG=%s\nKERNEL_RELEASE=%s\nKERNEL_VERSION=%s\n' \
    "$fingerprint" "$KERNEL_PKG" "$KERNEL_RELEASE" "$KERNEL_VERSION" >"$memo.tmp.$$"
  mv "$memo.tmp.$$" "$memo"
}

klp_resolve_kernel_with_apt() {
  local meta=$KERNEL_META
  KERNEL_PKG=$(apt-cache depends "$meta" 2>/dev/null |
    awk '/Depends: linux-image-/ { print $2; exit }')
  [[ -n $KERNEL_PKG ]] ||
    klp_die "apt does not know $meta (kernel $KLP_KERNEL); run 'apt-get update' (a newer series than Debian 12's own comes from bookworm-security or bookworm-backports: check apt's sources)"
  KERNEL_RELEASE=${KERNEL_PKG#linux-image-}
  KERNEL_VERSION=$(apt-cache policy "$KERNEL_PKG" | awk '/Candidate:/ { print $2; exit }')
  [[ -n $KERNEL_VERSION && $KERNEL_VERSION != "(none)" ]] ||
    klp_die "apt has no installable version of $KERNEL_PKG; run 'apt-get update'"
  [[ $KERNEL_VERSION == "$KERNEL_SERIES".* ]] ||
    klp_die "$meta depends on $KERNEL_PKG $KERNEL_VERSION, not a $KERNEL_SERIES kernel as $KLP_KERNEL is"
}

# The packages the headers need: linux-headers-<release> depends on the
# -common headers and linux-kbuild-<major.minor> (6.1) or
# linux-kbuild-<release base> (6.12: linux-kbuild-6.12.117+deb12), all of
# one source version.
klp_header_packages() {
  local hdr=linux-headers-$KERNEL_RELEASE deps
  deps=$(apt-cache show --no-all-versions "$hdr=$KERNEL_VERSION" 2>/dev/null |
    awk -F': ' '/^Depends:/ { print $2; exit }') ||
    true
  [[ -n $deps ]] || klp_die "apt has no $hdr version $KERNEL_VERSION"
  printf '%s\n' "$hdr"
  tr ',' '\n' <<<"$deps" | awk '{ print $1 }' |
    grep -E '^linux-(headers-.*-common|kbuild-[0-9][0-9a-z.+~]*)$' || true
}

# klp_kernel_relocate: a cache entry that was moved or copied (another build
# directory, KLP_KERNEL_CACHE) still has its headers' top Makefile pointing
# into the old place; point it into this one.
klp_kernel_relocate() {
  local mk=$KERNEL_DIR/kdir/Makefile want
  want="include $KERNEL_DIR/root/usr/src/"
  [[ -f $mk ]] || klp_die "$mk is missing: remove $KERNEL_DIR to fetch again"
  grep -qF "$want" "$mk" && return 0
  sed -i "s|^include .*/root/usr/src/|$want|" "$mk"
  grep -qF "$want" "$mk" || klp_die "cannot point $mk into $KERNEL_DIR; remove $KERNEL_DIR to fetch again"
}

# klp_kernel_env_text: the text of KERNEL_DIR/kernel.env, shell assignments
# (KEY=VALUE, quoted where needed) for other tools to source: which kernel
# (KERNEL, its apt package, release and version) and where its parts are,
# as absolute paths: KERNEL_DIR (the cache entry), KDIR (make -C), VMLINUZ
# (the image), CONFIG (its config) and, once fetched (`kernel.sh vmlinux`),
# VMLINUX (the debug package's unstripped vmlinux).
klp_kernel_env_text() {
  local key value
  for key in KERNEL KERNEL_PKG KERNEL_RELEASE KERNEL_VERSION KERNEL_DIR KDIR VMLINUZ CONFIG VMLINUX; do
    case $key in
    KERNEL) value=$KLP_KERNEL ;;
    KDIR) value=$(klp_kernel_kdir) ;;
    VMLINUZ) value=$KERNEL_DIR/root/boot/vmlinuz-$KERNEL_RELEASE ;;&
    CONFIG) value=$KERNEL_DIR/root/boot/config-$KERNEL_RELEASE ;;&
    VMLINUZ | CONFIG) [[ $KLP_KERNEL != clang-lto ]] || value=$KERNEL_DIR/$(readlink "$KERNEL_DIR/${key,,}") ;;
    VMLINUX)
      [[ -f $KERNEL_DIR/vmlinux ]] || continue
      value=$KERNEL_DIR/vmlinux
      ;;
    *) value=${!key} ;;
    esac
    printf '%s=%q\n' "$key" "$value"
  done
}

# klp_kernel_env: rewrites KERNEL_DIR/kernel.env when its text is not the
# current one (a cache entry moved, fetched by an older klp-llvm, or its
# vmlinux fetched since); atomically, so that it never goes missing.
klp_kernel_env() {
  local text
  text=$(klp_kernel_env_text)
  [[ $(cat "$KERNEL_DIR/kernel.env" 2>/dev/null) == "$text" ]] && return 0
  printf '%s\n' "$text" >"$KERNEL_DIR/kernel.env.tmp.$$"
  mv "$KERNEL_DIR/kernel.env.tmp.$$" "$KERNEL_DIR/kernel.env"
}

# klp_kernel_fetch: makes sure the kernel (KLP_KERNEL) is in the cache; sets
# KERNEL_DIR (and KERNEL_PKG, KERNEL_RELEASE, KERNEL_VERSION).
# Everything is built in a temporary directory beside the final one and
# renamed into place, so an interrupted fetch never leaves a half cache.
klp_kernel_fetch() {
  if [[ $KLP_KERNEL == clang-lto ]]; then
    klp_clang_lto_fetch
    return 0
  fi
  klp_resolve_kernel
  local cache
  cache=$(klp_kernel_cache)
  KERNEL_DIR=$cache/$(klp_kernel_tag)
  if [[ -f $KERNEL_DIR/kernel.env ]]; then
    klp_kernel_relocate
    klp_kernel_env
    return 0
  fi
  klp_require_cmd dpkg-deb dpkg
  mkdir -p "$cache"
  local tmp
  tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
  # shellcheck disable=SC2064 # expand $tmp now: the trap outlives this function
  trap "rm -rf '$tmp'" EXIT

  local pkgs=("$KERNEL_PKG") p
  mapfile -t -O 1 pkgs < <(klp_header_packages)
  ((${#pkgs[@]} >= 4)) ||
    klp_die "expected image, headers, -common headers and kbuild packages, got: ${pkgs[*]}"
  local specs=()
  for p in "${pkgs[@]}"; do specs+=("$p=$KERNEL_VERSION"); done
  klp_log "fetching ${specs[*]}"
  mkdir "$tmp/debs" "$tmp/root"
  local sandbox=()
  ((EUID == 0)) && sandbox=(-o APT::Sandbox::User=root)
  (cd "$tmp/debs" && apt-get download -qq "${sandbox[@]}" "${specs[@]}") ||
    klp_die "apt-get download failed for ${specs[*]}"
  local deb
  for deb in "$tmp"/debs/*.deb; do
    dpkg-deb -x "$deb" "$tmp/root" || klp_die "cannot unpack $deb"
  done
  rm -rf "$tmp/debs"

  # The headers' top Makefile includes the -common tree by absolute path
  # under /usr/src; point it into the private root it will have after the
  # rename below.
  local kdir=root/usr/src/linux-headers-$KERNEL_RELEASE
  local mk=$tmp/$kdir/Makefile
  grep -q '^include /usr/src/' "$mk" ||
    klp_die "$mk does not include /usr/src/...: Debian changed its header layout"
  sed -i "s|^include /usr/src/|include $KERNEL_DIR/root/usr/src/|" "$mk"

  local image=root/boot/vmlinuz-$KERNEL_RELEASE f
  for f in "$image" "$kdir/include/config/auto.conf" "$kdir/Module.symvers" \
    "$kdir/scripts/mod/modpost" "root/boot/config-$KERNEL_RELEASE"; do
    [[ -e $tmp/$f ]] || klp_die "the fetched packages lack $f"
  done
  ln -s "$image" "$tmp/vmlinuz"
  ln -s "$kdir" "$tmp/kdir"
  ln -s "root/boot/config-$KERNEL_RELEASE" "$tmp/config"
  chmod 755 "$tmp" # mktemp made it private
  # Written last: its presence marks a complete cache entry.
  klp_kernel_env_text >"$tmp/kernel.env"
  if ! mv -T "$tmp" "$KERNEL_DIR" 2>/dev/null; then
    # Another fetch finished first; its copy is as good as ours.
    [[ -f $KERNEL_DIR/kernel.env ]] || klp_die "cannot move the fetched kernel to $KERNEL_DIR"
    rm -rf "$tmp"
  fi
  trap - EXIT
  klp_log "kernel $KERNEL_RELEASE ($KERNEL_VERSION) in $KERNEL_DIR"
}

# klp_dbg_download DIR WHAT: downloads the kernel's debug package,
# linux-image-<release>-dbg of its version (about 280 MB), into DIR and
# prints the .deb's path; WHAT says what it is fetched for.
klp_dbg_download() {
  local dir=$1 pkg=linux-image-$KERNEL_RELEASE-dbg deb
  local sandbox=()
  ((EUID == 0)) && sandbox=(-o APT::Sandbox::User=root)
  klp_log "fetching $pkg=$KERNEL_VERSION ($2, about 280 MB)"
  (cd "$dir" && apt-get download -qq "${sandbox[@]}" "$pkg=$KERNEL_VERSION") ||
    klp_die "apt-get download failed for $pkg=$KERNEL_VERSION"
  deb=$(printf '%s\n' "$dir"/*.deb | head -n 1)
  [[ -f $deb ]] || klp_die "apt-get download left no .deb for $pkg in $dir"
  printf '%s\n' "$deb"
}

# klp_kernel_debug_root: makes sure the whole debug package is unpacked in
# the cache (after klp_kernel_fetch) and sets DEBUG_ROOT to it: what
# klp-diff --debug-root reads, usr/lib/debug/boot/vmlinux-<release> and
# usr/lib/debug/lib/modules/<release>/**/*.ko (about 280 MB to download,
# 1.8 GB unpacked, half a minute). Unpacked beside and renamed into place.
klp_kernel_debug_root() {
  [[ $KLP_KERNEL != clang-lto ]] ||
    klp_die "the clang-lto kernel has no debug package: its vmlinux is $KERNEL_DIR/vmlinux, its modules' .ko files are in $KERNEL_DIR/obj"
  DEBUG_ROOT=$KERNEL_DIR/dbg
  [[ -d $DEBUG_ROOT/usr/lib/debug/lib/modules ]] && return 0
  local tmp deb
  tmp=$(mktemp -d "$KERNEL_DIR/.dbg.XXXXXX")
  # shellcheck disable=SC2064 # expand $tmp now: the trap outlives this function
  trap "rm -rf '$tmp'" EXIT
  deb=$(klp_dbg_download "$tmp" "the debug info of vmlinux and every module") || exit 1
  mkdir -p "$tmp/root"
  dpkg-deb -x "$deb" "$tmp/root" || klp_die "cannot unpack $deb"
  [[ -d $tmp/root/usr/lib/debug/lib/modules/$KERNEL_RELEASE ]] ||
    klp_die "$deb has no usr/lib/debug/lib/modules/$KERNEL_RELEASE"
  chmod 755 "$tmp/root"
  mv -T "$tmp/root" "$DEBUG_ROOT" 2>/dev/null ||
    [[ -d $DEBUG_ROOT/usr/lib/debug/lib/modules ]] ||
    klp_die "cannot move the debug package to $DEBUG_ROOT"
  rm -rf "$tmp"
  trap - EXIT
  klp_log "debug root: $DEBUG_ROOT"
}

# The headers directory (what `make -C` wants) of the fetched kernel (after
# klp_kernel_fetch; <KERNEL_DIR>/kdir links to it).
klp_kernel_kdir() {
  if [[ $KLP_KERNEL == clang-lto ]]; then
    printf '%s/obj\n' "$KERNEL_DIR"
    return 0
  fi
  printf '%s/root/usr/src/linux-headers-%s\n' "$KERNEL_DIR" "$KERNEL_RELEASE"
}

# klp_kernel_vmlinux: makes sure the kernel's unstripped vmlinux is in the
# cache (after klp_kernel_fetch); sets VMLINUX. It comes from the debug
# package linux-image-<release>-dbg (about 280 MB to download; only the
# 590 MB vmlinux is kept, the package is not): the image's own
# /boot/System.map is a placeholder, and only the ELF file has the full
# symbol table with each local symbol's source file (STT_FILE).
klp_kernel_vmlinux() {
  VMLINUX=$KERNEL_DIR/vmlinux
  [[ -f $VMLINUX ]] && return 0
  local tmp deb
  tmp=$(mktemp -d "$KERNEL_DIR/.dbg.XXXXXX")
  # shellcheck disable=SC2064 # expand $tmp now: the trap outlives this function
  trap "rm -rf '$tmp'" EXIT
  deb=$(klp_dbg_download "$tmp" "the unstripped vmlinux") || exit 1
  dpkg-deb --fsys-tarfile "$deb" |
    tar -x -C "$tmp" --wildcards "./usr/lib/debug/boot/vmlinux-$KERNEL_RELEASE" ||
    klp_die "$deb has no ./usr/lib/debug/boot/vmlinux-$KERNEL_RELEASE"
  rm -f "$deb"
  mv "$tmp/usr/lib/debug/boot/vmlinux-$KERNEL_RELEASE" "$VMLINUX.tmp.$$"
  mv "$VMLINUX.tmp.$$" "$VMLINUX"
  rm -rf "$tmp"
  trap - EXIT
  klp_kernel_env
  klp_log "vmlinux with symbols: $VMLINUX"
}

# The kernel built here (--kernel clang-lto).
# shellcheck source=scripts/lib/kernel-clang-lto.sh
source "$KLP_SCRIPTS_DIR/lib/kernel-clang-lto.sh"
