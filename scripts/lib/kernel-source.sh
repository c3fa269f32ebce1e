# shellcheck shell=bash
# The fetched kernel's own source, prepared once so that single objects of it
# compile with clang and exactly the flags kbuild gives them: Debian's
# linux-source-<major.minor> of the image's version, configured like the
# image (the headers package's .config and generated files). The groundwork
# for compiling a kernel file with the plugin, and for comparing a file's
# objects before and after a patch.
# Source after common.sh and kernel-fetch.sh (klp_kernel_fetch first: it sets
# KERNEL_DIR, KERNEL_RELEASE and KERNEL_VERSION).
#
# The cache entry <KERNEL_DIR>/source/ holds
#   linux/          the unpacked source (srctree), never written to after
#   obj/            the prepared output tree (make O=): the image's .config
#                   as clang's kconfig sees it, include/config/,
#                   include/generated/, arch/x86/include/generated/, the
#                   host tools (fixdep, objtool, recordmcount, ...) built by
#                   clang; never written to after either. Each compile works
#                   in a copy of it (klp_source_compile).
#   make.args       the make words every compile repeats, one a line (what
#                   klp-diff reads; the same as KLP_SOURCE_MAKE)
#   source.env      the versions and the make words every compile repeats;
#                   written last, it marks a complete entry
#   prepare.log     what the preparation printed
#   auto.conf.diff  the shipped include/config/auto.conf against clang's:
#                   only compiler-derived symbols should differ
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# Debian's source package of the kernel: linux-source-<major.minor>, of the
# same version as the image (6.1.192-3 -> linux-source-6.1=6.1.192-3; older
# versions stay in the archive).
klp_source_package() {
  [[ $KERNEL_VERSION =~ ^([0-9]+\.[0-9]+)\. ]] ||
    klp_die "cannot tell the kernel series from version '$KERNEL_VERSION'"
  printf 'linux-source-%s\n' "${BASH_REMATCH[1]}"
}

# What the preparation runs besides clang: kconfig needs flex and bison,
# objtool and resolve_btfids libelf, the timeconst header bc; pahole decides
# CONFIG_PAHOLE_VERSION (and with it DEBUG_INFO_BTF_MODULES, which kernel
# code tests), which must equal the shipped kernel's.
klp_source_require() {
  klp_require_cmd dpkg-deb dpkg
  klp_require_cmd xz xz-utils
  klp_require_cmd flex flex
  klp_require_cmd bison bison
  klp_require_cmd bc bc
  klp_require_cmd pahole dwarves
  [[ -f /usr/include/gelf.h ]] ||
    klp_die "/usr/include/gelf.h not found; install it with scripts/install-deps.sh (Debian package libelf-dev)"
}

# klp_source_make_words KLP_CONFIG: sets KLP_SOURCE_MAKE, the make words of
# every run in the tree (preparation and compiles alike, so that a compile
# finds the prepared files up to date):
#   ARCH=x86 KERNELRELEASE=<release>  what Debian's build passes (its
#                     headers' .kernelvariables); the release ends up in
#                     utsrelease.h, as in the image
#   KBUILD_BUILD_USER/HOST            the shipped compile.h's
#   HOSTCC=<cc>       the host tools with the same clang (no gcc needed)
#   klp-config --kbuild --kernel KDIR words (without a manifest: CC= and the
#                     CONFIG_* overrides a gcc-built kernel needs), but for
#                     KCPPFLAGS: its header unsets what the shipped
#                     autoconf.h defines for gcc only (6.12's named address
#                     spaces), and the tree prepared here has clang's own
#                     autoconf.h, without them; nor does it depend on a file
#                     in klp-config's cache
#   CONFIG_FTRACE_MCOUNT_USE_OBJTOOL=
#                     clang's kconfig picks objtool --mcount (call sites
#                     become NOPs, -DCC_USING_NOP_MCOUNT); klp-config's
#                     RECORDMCOUNT=y keeps them calls recorded in
#                     __mcount_loc, as the gcc-built image has them. Both
#                     at once make recordmcount warn "__mcount_loc already
#                     exists": this word turns the objtool one off.
klp_source_make_words() {
  local config_exe=$1 kdir=$KERNEL_DIR/kdir words cc
  [[ -x $config_exe ]] || klp_die "$config_exe not found; build it: ninja -C $(klp_build_dir) klp-config"
  words=$("$config_exe" --kbuild --kernel "$kdir") || klp_die "klp-config --kbuild --kernel $kdir failed"
  local -a kbuild all
  read -r -a all <<<"$words"
  local w
  for w in "${all[@]}"; do [[ $w == KCPPFLAGS=* ]] || kbuild+=("$w"); done
  cc=$(printf '%s\n' "${kbuild[@]}" | sed -n 's/^CC=//p')
  [[ -n $cc ]] || klp_die "klp-config --kbuild printed no CC= word: $words"
  local compile_h=$kdir/include/generated/compile.h user host
  user=$(sed -n 's/^#define LINUX_COMPILE_BY[[:space:]]*"\(.*\)"$/\1/p' "$compile_h")
  host=$(sed -n 's/^#define LINUX_COMPILE_HOST[[:space:]]*"\(.*\)"$/\1/p' "$compile_h")
  KLP_SOURCE_MAKE=(ARCH=x86 "KERNELRELEASE=$KERNEL_RELEASE" "HOSTCC=$cc"
    ${user:+"KBUILD_BUILD_USER=$user"} ${host:+"KBUILD_BUILD_HOST=$host"}
    "${kbuild[@]}" CONFIG_FTRACE_MCOUNT_USE_OBJTOOL=)
}

# klp_source_unpack DIR: downloads linux-source-<series>=<version> into DIR
# and unpacks its tarball into DIR/linux (the package is deleted again).
klp_source_unpack() {
  local dir=$1 pkg t0
  pkg=$(klp_source_package)
  local sandbox=()
  ((EUID == 0)) && sandbox=(-o APT::Sandbox::User=root)
  klp_log "fetching $pkg=$KERNEL_VERSION (the kernel source, about 140 MB)"
  t0=$(klp_now)
  mkdir -p "$dir/debs" "$dir/linux"
  (cd "$dir/debs" && apt-get download -qq "${sandbox[@]}" "$pkg=$KERNEL_VERSION") ||
    klp_die "apt-get download failed for $pkg=$KERNEL_VERSION"
  local deb
  deb=$(printf '%s\n' "$dir"/debs/*.deb | head -n 1)
  [[ -f $deb ]] || klp_die "apt-get download left no .deb for $pkg in $dir/debs"
  KLP_SOURCE_TIMES="download $(klp_elapsed "$t0")s"
  t0=$(klp_now)
  # The tarball is xz with many blocks: -T decompresses them in parallel.
  dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" |
    xz -dc -T"$(nproc)" | tar -x -C "$dir/linux" --strip-components=1 ||
    klp_die "cannot unpack ./usr/src/$pkg.tar.xz of $deb"
  rm -rf "$dir/debs"
  [[ -f $dir/linux/Makefile && -d $dir/linux/arch/x86 ]] ||
    klp_die "$pkg.tar.xz did not unpack to a kernel tree"
  KLP_SOURCE_TIMES+=", unpack $(klp_elapsed "$t0")s"
}

# klp_source_configure OBJ: the output tree starts as the image was
# configured: the headers' .config, include/config/ (auto.conf),
# include/generated/ and arch/x86/include/generated/.
klp_source_configure() {
  local obj=$1 kdir=$KERNEL_DIR/kdir/ d
  mkdir -p "$obj/include" "$obj/arch/x86/include"
  cp "$kdir/.config" "$obj/.config"
  for d in include/config include/generated arch/x86/include/generated; do
    [[ -d $kdir/$d ]] || klp_die "the headers lack $d"
    cp -a "$kdir/$d" "$obj/${d%/*}/"
  done
}

# klp_source_prepare SRC OBJ LOG: the one-time work in OBJ with the words of
# KLP_SOURCE_MAKE, output to LOG. olddefconfig first: clang's kconfig has
# symbols gcc's had not (CFI_CLANG, ...), which syncconfig would prompt for;
# olddefconfig gives them their defaults silently. Then prepare: syncconfig,
# fixdep, the host tools, objtool, resolve_btfids, bounds.h, asm-offsets.h.
klp_source_prepare() {
  local src=$1 obj=$2 log=$3 jobs
  jobs=$(nproc)
  if ! { make -C "$src" O="$obj" "${KLP_SOURCE_MAKE[@]}" olddefconfig &&
    make -C "$src" O="$obj" -j"$jobs" "${KLP_SOURCE_MAKE[@]}" prepare; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    klp_die "preparing the kernel source failed; see $log"
  fi
  # A struct laid out differently by clang would change asm-offsets.h; kbuild
  # rewrites a generated header only when its content changed.
  local h kdir=$KERNEL_DIR/kdir
  for h in include/generated/asm-offsets.h include/generated/bounds.h; do
    cmp -s "$kdir/$h" "$obj/$h" ||
      klp_log "warning: clang's $h differs from the shipped one (diff $kdir/$h $obj/$h)"
  done
}

# klp_source_relocate DIR [OBJ]: a prepared output tree OBJ (default
# DIR/obj) records where the source tree was when it was prepared: kbuild's
# generated OBJ/Makefile includes its Makefile by absolute path, OBJ/source
# points to it, include/config/auto.conf.cmd reruns syncconfig when
# $(srctree) differs, .cmd and .d files name its files. Every text file of
# OBJ is pointed at DIR/linux: before the rename into place (OBJ is then the
# temporary one), and when the cache was moved.
klp_source_relocate() {
  local dir=$1 obj=${2:-$1/obj} mk old
  mk=$obj/Makefile
  [[ -f $mk ]] || klp_die "$mk is missing: remove $dir to prepare again"
  old=$(sed -n 's|^include \(/.*/linux\)/Makefile$|\1|p' "$mk")
  [[ -n $old ]] || klp_die "$mk does not include a .../linux/Makefile: remove $dir to prepare again"
  if [[ $old != "$dir/linux" ]]; then
    old=${old%/linux}/ # linux/ and obj/ both moved
    grep -rlIZF -- "$old" "$obj" | xargs -0 -r sed -i "s|$old|$dir/|g"
    grep -qxF "include $dir/linux/Makefile" "$mk" ||
      klp_die "cannot point $mk at $dir/linux; remove $dir to prepare again"
  fi
  [[ $(readlink "$obj/source") == "$dir/linux" ]] || ln -sfn "$dir/linux" "$obj/source"
}

# klp_kernel_source [--klp-config EXE]: makes sure the prepared source of the
# fetched kernel is in the cache (after klp_kernel_fetch); sets KERNEL_SOURCE
# (<KERNEL_DIR>/source), KERNEL_SRCTREE (its linux/), KERNEL_OBJTREE (its
# obj/), KLP_SOURCE_MAKE (the recorded make words) and from source.env
# SOURCE_PKG, SOURCE_VERSION, SOURCE_TIMES (what the preparation took: its
# download, unpack and prepare times). EXE: the klp-config
# whose --kbuild words the preparation uses (default <build>/bin/klp-config).
# Everything is built in a temporary directory beside the final one and
# renamed into place, so an interrupted run never leaves a half tree. About
# 140 MB to download, 1.5 GB unpacked.
klp_kernel_source() {
  local config_exe=""
  while (($#)); do
    case $1 in
    --klp-config) config_exe=$2; shift 2 ;;
    *) klp_die "klp_kernel_source: unknown argument '$1'" ;;
    esac
  done
  : "${config_exe:=$(klp_build_dir)/bin/klp-config}"
  KERNEL_SOURCE=$KERNEL_DIR/source
  # shellcheck disable=SC2034 # for the callers
  KERNEL_SRCTREE=$KERNEL_SOURCE/linux KERNEL_OBJTREE=$KERNEL_SOURCE/obj
  local lock_fd
  if [[ -f $KERNEL_SOURCE/source.env ]]; then
    klp_source_relocate "$KERNEL_SOURCE"
    # shellcheck source=/dev/null
    source "$KERNEL_SOURCE/source.env"
    klp_source_check_words "$config_exe"
    [[ -f $KERNEL_SOURCE/make.args ]] || klp_source_write_make_args "$KERNEL_SOURCE"
    # A killed preparation's temporary directory (1.5 GB), unless one runs.
    if compgen -G "$KERNEL_DIR/.source.*/" >/dev/null; then
      exec {lock_fd}>"$KERNEL_DIR/.source.lock"
      flock -n "$lock_fd" && rm -rf "$KERNEL_DIR"/.source.*/
      exec {lock_fd}>&-
    fi
    return 0
  fi
  klp_source_require
  klp_source_make_words "$config_exe"
  # One preparation at a time (1.5 GB each): a second run waits, then finds
  # the first one's result. With the lock held, a temporary directory left
  # behind is from a run that was killed.
  exec {lock_fd}>"$KERNEL_DIR/.source.lock"
  flock "$lock_fd"
  if [[ -f $KERNEL_SOURCE/source.env ]]; then
    exec {lock_fd}>&-
    klp_kernel_source --klp-config "$config_exe"
    return 0
  fi
  rm -rf "$KERNEL_DIR"/.source.*/
  local tmp t0
  tmp=$(mktemp -d "$KERNEL_DIR/.source.XXXXXX")
  # shellcheck disable=SC2064 # expand $tmp now: the trap outlives this function
  trap "rm -rf '$tmp'" EXIT
  KLP_SOURCE_TIMES=""
  klp_source_unpack "$tmp"
  klp_source_configure "$tmp/obj"
  klp_log "preparing the source with ${KLP_SOURCE_MAKE[*]}"
  t0=$(klp_now)
  klp_source_prepare "$tmp/linux" "$tmp/obj" "$tmp/prepare.log"
  KLP_SOURCE_TIMES+=", prepare $(klp_elapsed "$t0")s"
  diff <(grep -v '^#' "$KERNEL_DIR/kdir/include/config/auto.conf" | sort) \
    <(grep -v '^#' "$tmp/obj/include/config/auto.conf" | sort) >"$tmp/auto.conf.diff" || true
  # Pointed at the place it will have after the rename; no make runs between.
  klp_source_relocate "$KERNEL_SOURCE" "$tmp/obj"
  chmod 755 "$tmp" # mktemp made it private
  klp_source_write_make_args "$tmp"
  # Written last: its presence marks a complete cache entry.
  {
    printf 'SOURCE_PKG=%s\nSOURCE_VERSION=%s\n' "$(klp_source_package)" "$KERNEL_VERSION"
    printf 'SOURCE_TIMES=%q\n' "$KLP_SOURCE_TIMES"
    printf 'KLP_SOURCE_MAKE=('
    printf ' %q' "${KLP_SOURCE_MAKE[@]}"
    printf ' )\n'
  } >"$tmp/source.env"
  if ! mv -T "$tmp" "$KERNEL_SOURCE" 2>/dev/null; then
    # Another run finished first; its copy is as good as ours.
    [[ -f $KERNEL_SOURCE/source.env ]] || klp_die "cannot move the prepared source to $KERNEL_SOURCE"
    rm -rf "$tmp"
  fi
  trap - EXIT
  # shellcheck source=/dev/null
  source "$KERNEL_SOURCE/source.env"
  exec {lock_fd}>&-
  klp_log "kernel source $SOURCE_PKG $SOURCE_VERSION in $KERNEL_SOURCE ($SOURCE_TIMES)"
}

# klp_source_write_make_args DIR: DIR/make.args, KLP_SOURCE_MAKE one word a
# line, for programs that run make in the tree (klp-diff); atomically.
klp_source_write_make_args() {
  printf '%s\n' "${KLP_SOURCE_MAKE[@]}" >"$1/make.args.tmp.$$" &&
    mv -f "$1/make.args.tmp.$$" "$1/make.args" ||
    klp_die "cannot write $1/make.args"
}

# klp_source_check_words EXE: the recorded words against what klp-config
# prints now. A compile must repeat the preparation's words (it does not
# prepare again), so a difference is only reported: remove the cache entry to
# prepare with the new ones.
klp_source_check_words() {
  local recorded=("${KLP_SOURCE_MAKE[@]}")
  [[ -x $1 ]] || return 0
  klp_source_make_words "$1"
  if [[ ${recorded[*]} != "${KLP_SOURCE_MAKE[*]}" ]]; then
    klp_log "note: $KERNEL_SOURCE was prepared with '${recorded[*]}'; klp-config now gives '${KLP_SOURCE_MAKE[*]}'; remove $KERNEL_SOURCE to prepare again"
  fi
  KLP_SOURCE_MAKE=("${recorded[@]}")
}

# klp_kernel_source_dir [--klp-config EXE]: prints the prepared source's
# cache entry (fetching and preparing first); linux/ and obj/ are in it.
klp_kernel_source_dir() {
  klp_kernel_source "$@"
  printf '%s\n' "$KERNEL_SOURCE"
}

# klp_source_compile [--cflags FLAGS] [-j N|-jN] OUT TARGET...
# Compiles TARGETs of the prepared source (after klp_kernel_source): single
# files kbuild knows how to make (.o .i .s .ll .lst), e.g. kernel/sched/core.o,
# fs/proc/meminfo.ll, fs/binfmt_misc.o (module objects get -DMODULE and their
# KBUILD_MODNAME by themselves; a .ko is not possible: its final link wants
# vmlinux), with kbuild's exact flags for that file (per-directory and
# per-file ones included; the command is in OUT/<dir>/.<file>.cmd) plus FLAGS
# (e.g. the plugin's, from klp-config --cflags) appended as KCFLAGS, and the
# same post-processing (objtool, recordmcount).
# OUT is an output tree (make O=): a new or empty OUT becomes a copy of the
# prepared one (15 MB); an OUT made before is reused, so kbuild recompiles
# only what changed (its source, headers or command line). The prepared tree
# and the source tree are never written. Runs make -C OUT -o prepare: the
# preparation is taken as done (a copy never reruns it, so the host tools
# are not rebuilt for the copy's path, and FLAGS reach only TARGETs, not
# asm-offsets or modpost). make's output goes to stderr; stdout gets the
# absolute path of each TARGET.
klp_source_compile() {
  local cflags="" jobs=1 out=""
  while (($#)); do
    case $1 in
    --cflags) cflags=$2; shift 2 ;;
    -j) jobs=$2; shift 2 ;;
    -j[0-9]*) jobs=${1#-j}; shift ;;
    -*) klp_die "klp_source_compile: unknown option '$1'" ;;
    *) out=$1; shift; break ;;
    esac
  done
  [[ -n $out ]] || klp_die "klp_source_compile: give the output directory"
  (($#)) || klp_die "klp_source_compile: give at least one target (e.g. kernel/sched/core.o)"
  [[ -n ${KERNEL_OBJTREE:-} && -f $KERNEL_SOURCE/source.env ]] ||
    klp_die "klp_source_compile: no prepared source; call klp_kernel_source first"
  klp_source_output_tree "$out"
  out=$(cd "$out" && pwd)
  local -a make_args=(-C "$out" -o prepare -j"$jobs" "${KLP_SOURCE_MAKE[@]}")
  [[ -n $cflags ]] && make_args+=("KCFLAGS=$cflags")
  make "${make_args[@]}" "$@" >&2 || return 1
  local target
  for target in "$@"; do printf '%s/%s\n' "$out" "$target"; done
}

# klp_source_output_tree OUT: OUT is an output tree of the prepared source:
# one made before from it (its marker names this source), or a new copy.
klp_source_output_tree() {
  local out=$1 marker=$1/.klp-source
  if [[ -f $marker ]]; then
    [[ $(cat "$marker") == "$KERNEL_SOURCE" ]] ||
      klp_die "$out is an output tree of $(cat "$marker"), not of $KERNEL_SOURCE"
    return 0
  fi
  if [[ -e $out ]] && [[ -n $(ls -A "$out") ]]; then
    klp_die "$out is not empty and not an output tree of the kernel source"
  fi
  mkdir -p "$out"
  cp -a "$KERNEL_OBJTREE/." "$out/" || klp_die "cannot copy $KERNEL_OBJTREE to $out"
  printf '%s\n' "$KERNEL_SOURCE" >"$marker"
}
