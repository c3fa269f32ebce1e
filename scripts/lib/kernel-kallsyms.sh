# shellcheck shell=bash
# The booted kernel's /proc/kallsyms as a server has it: the image's modules
# of scripts/lib/server-modules.txt (and what they depend on) loaded first,
# then read by root in the guest; cached beside the fetched kernel.
# Source after common.sh, kernel-fetch.sh, serial-log.sh and kernel-boot.sh.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# The modules of the image that the guest loads before /proc/kallsyms is
# read, so that the kallsyms look like a real server's (the file says which
# and why). KLP_SERVER_MODULES overrides the list file. The clang-lto
# kernel, which has none of Debian's modules, has its own list
# (clang-lto-modules.txt); klp_server_modules picks it by KLP_KERNEL.
KLP_SERVER_MODULES_FILE=${KLP_SERVER_MODULES:-$KLP_SCRIPTS_DIR/lib/server-modules.txt}

# klp_server_modules_file: sets KLP_SERVER_MODULES_FILE for KLP_KERNEL.
klp_server_modules_file() {
  if [[ -n ${KLP_SERVER_MODULES:-} ]]; then
    KLP_SERVER_MODULES_FILE=$KLP_SERVER_MODULES
  elif [[ $KLP_KERNEL == clang-lto ]]; then
    KLP_SERVER_MODULES_FILE=$KLP_SCRIPTS_DIR/lib/clang-lto-modules.txt
  else
    KLP_SERVER_MODULES_FILE=$KLP_SCRIPTS_DIR/lib/server-modules.txt
  fi
}
# The CPU of that guest: qemu64 plus what the x86 crypto modules of the list
# check for (without them aesni_intel, sha256_ssse3, ghash_clmulni_intel,
# crc32_pclmul and crc32c_intel refuse to load). TCG emulates all of them.
KLP_SERVER_CPU=qemu64,+ssse3,+sse4.1,+sse4.2,+aes,+pclmulqdq,+popcnt
# Bumped when what the kallsyms guest does changes: part of the cache key.
KLP_KALLSYMS_GUEST=2

# klp_modinfo KO: KO's .modinfo, one "field=value" a line. KO may be
# compressed as the image ships it (.ko.xz, .ko.zst, .ko.gz).
klp_modinfo() {
  local ko=$1 tmp=""
  if [[ $ko != *.ko ]]; then
    tmp=$(mktemp)
    klp_module_decompress "$ko" "$tmp"
    ko=$tmp
  fi
  LC_ALL=C readelf -p .modinfo "$ko" 2>/dev/null | sed -n 's/^ *\[ *[0-9a-f]*\]  //p'
  [[ -z $tmp ]] || rm -f "$tmp"
}

# klp_module_decompress KO OUT: KO as the image ships it (6.1: .ko; 6.12:
# .ko.xz, CONFIG_MODULE_COMPRESS_XZ), uncompressed into OUT.
klp_module_decompress() {
  case $1 in
  *.ko) cp "$1" "$2" ;;
  *.ko.xz) klp_require_cmd xz xz-utils; xz -dc "$1" >"$2" ;;
  *.ko.zst) klp_require_cmd zstd zstd; zstd -qdc "$1" >"$2" ;;
  *.ko.gz) gzip -dc "$1" >"$2" ;;
  *) klp_die "not a kernel module: $1" ;;
  esac || klp_die "cannot decompress $1"
}

# klp_server_modules: reads the module list (KLP_SERVER_MODULES_FILE) and
# finds each module and, from its modinfo depends=, what it needs, in the
# fetched image's /lib/modules. Sets SERVER_MODULES (the .ko files, each
# after what it depends on: the order to insmod them), SERVER_MODULE_NAMES
# (their names, as kallsyms tags them) and SERVER_BUILTIN (the names of the
# list this kernel has built in, per its modules.builtin: 6.12's cloud
# kernel has fuse, virtio_pci and virtio_console in vmlinux, 6.1's as
# modules; a server has them either way, so the one list serves both).
klp_server_modules() {
  klp_server_modules_file
  local list=$KLP_SERVER_MODULES_FILE
  local moddir=$KERNEL_DIR/root/lib/modules/$KERNEL_RELEASE
  [[ -f $list ]] || klp_die "module list $list not found"
  [[ -d $moddir/kernel ]] || klp_die "$moddir/kernel not found: the fetched image has no modules"
  klp_require_cmd readelf binutils
  local -A ko=() seen=() builtin=()
  local f n
  while IFS= read -r f; do
    n=${f##*/}
    n=${n%.ko*}
    ko[${n//-/_}]=$f
  done < <(find "$moddir/kernel" -name '*.ko' -o -name '*.ko.[gxz]z' -o -name '*.ko.zst' | LC_ALL=C sort)
  if [[ -f $moddir/modules.builtin ]]; then
    while IFS= read -r f; do
      n=${f##*/}
      n=${n%.ko}
      builtin[${n//-/_}]=1
    done <"$moddir/modules.builtin"
  fi
  local line word wanted=()
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%%#*}
    for word in $line; do wanted+=("${word//-/_}"); done
  done <"$list"
  ((${#wanted[@]})) || klp_die "$list names no module"
  SERVER_MODULES=() SERVER_MODULE_NAMES=() SERVER_BUILTIN=()
  for n in "${wanted[@]}"; do klp_server_visit "$n" ""; done
}

# klp_server_visit NAME NEEDED-BY: appends NAME to SERVER_MODULES after its
# dependencies (depth first), or to SERVER_BUILTIN if the kernel has it
# built in. Uses klp_server_modules's ko, builtin and seen.
klp_server_visit() {
  local n=$1 dep modname
  [[ ${seen[$n]:-} == loaded ]] && return 0
  [[ ${seen[$n]:-} == visiting ]] && klp_die "module dependency cycle through $n"
  if [[ -z ${ko[$n]:-} && -n ${builtin[$n]:-} ]]; then
    seen[$n]=loaded
    SERVER_BUILTIN+=("$n")
    return 0
  fi
  [[ -n ${ko[$n]:-} ]] ||
    klp_die "module '$n'${2:+ (needed by $2)} is neither among the image's modules nor built in ($KLP_SERVER_MODULES_FILE)"
  seen[$n]=visiting
  local info
  info=$(klp_modinfo "${ko[$n]}")
  for dep in $(sed -n 's/^depends=//p' <<<"$info" | tr ',' ' '); do
    klp_server_visit "${dep//-/_}" "$n"
  done
  modname=$(sed -n 's/^name=//p' <<<"$info")
  seen[$n]=loaded
  SERVER_MODULES+=("${ko[$n]}")
  SERVER_MODULE_NAMES+=("${modname:-$n}")
}

# klp_kernel_kallsyms [server|bare]: the booted kernel's /proc/kallsyms, in
# the cache beside the fetched kernel (one boot, then kept). Sets KALLSYMS
# (the file) and KALLSYMS_TAG (what names its manifests).
#   server  (default) the guest first loads the modules of the list, as a
#           server would have them: <cache dir>/kallsyms-server.<key>, the
#           key a checksum of the module files in load order, the guest's
#           CPU and procedure, so that changing the list boots again.
#           <cache dir>/kallsyms links to the newest one.
#   bare    no module loaded: <cache dir>/kallsyms-bare
klp_kernel_kallsyms() {
  klp_kernel_kallsyms_path "$@"
  case $KALLSYMS_TAG in
  bare) [[ -f $KALLSYMS ]] || klp_kallsyms "$KALLSYMS" ;;
  *)
    [[ -f $KALLSYMS ]] || klp_kallsyms "$KALLSYMS" --server
    if [[ $(readlink "$KERNEL_DIR/kallsyms" 2>/dev/null) != "${KALLSYMS##*/}" ]]; then
      ln -sfn "${KALLSYMS##*/}" "$KERNEL_DIR/.kallsyms.$$"
      mv -T "$KERNEL_DIR/.kallsyms.$$" "$KERNEL_DIR/kallsyms"
    fi
    ;;
  esac
}

# klp_kernel_kallsyms_path [server|bare]: sets KALLSYMS and KALLSYMS_TAG as
# klp_kernel_kallsyms does, and for server SERVER_MODULES, without booting:
# the file may not exist yet.
klp_kernel_kallsyms_path() {
  case ${1:-server} in
  server)
    klp_server_modules
    local key m
    key=$({
      printf '%s\n' "guest $KLP_KALLSYMS_GUEST" "cpu $KLP_SERVER_CPU"
      for m in "${SERVER_MODULES[@]}"; do printf '%s\n' "${m#"$KERNEL_DIR"/}"; done
    } | cksum | awk '{ print $1 }')
    KALLSYMS=$KERNEL_DIR/kallsyms-server.$key KALLSYMS_TAG=server-$key
    ;;
  bare) KALLSYMS=$KERNEL_DIR/kallsyms-bare KALLSYMS_TAG=bare ;;
  *) klp_die "klp_kernel_kallsyms: unknown kind '$1' (server or bare)" ;;
  esac
}

# klp_kallsyms OUT [--server] [MODULE]...: boots once, loads the modules of
# the list (--server: SERVER_MODULES, in that order, from klp_server_modules)
# then the given .ko files (guest/kallsyms.sh), and saves the guest's
# /proc/kallsyms (read by root, so with real addresses) to OUT. A module that does not load is an
# error naming it, as is any kernel message of klp_log_trouble's list. nokaslr makes vmlinux's
# addresses the same on every run; the modules' names, order and symbols are
# the same too, their addresses may differ (what else the guest allocates
# meanwhile in the module area).
klp_kallsyms() {
  local dest=$1 server=0
  shift
  if [[ ${1:-} == --server ]]; then
    server=1
    shift
  fi
  local work
  mkdir -p "$(klp_build_dir)/kernel-runs"
  work=$(mktemp -d "$(klp_build_dir)/kernel-runs/kallsyms.XXXXXX")
  local items=() m i
  for m in "$@"; do items+=(--module "$m"); done
  local boot=(--work "$work" --timeout 120 --append nokaslr)
  if ((server)); then
    : >"$work/order"
    for i in "${!SERVER_MODULES[@]}"; do
      m=${SERVER_MODULE_NAMES[i]}
      echo "$m" >>"$work/order"
      # The guest's busybox insmod wants them uncompressed.
      klp_module_decompress "${SERVER_MODULES[i]}" "$work/server-$m.ko"
      items+=(--file "$work/server-$m.ko:/klp/server/$m.ko")
    done
    items+=(--file "$work/order:/klp/server/order")
    ((${#SERVER_BUILTIN[@]} == 0)) ||
      klp_log "built into this kernel, not loaded: ${SERVER_BUILTIN[*]}"
    boot=(--work "$work" --timeout 300 --append nokaslr --cpu "$KLP_SERVER_CPU")
    klp_log "booting to read /proc/kallsyms after loading ${#SERVER_MODULES[@]} modules of the image ($KLP_SERVER_MODULES_FILE)"
  fi
  local t0
  t0=$(klp_now)
  klp_boot "${boot[@]}" "${items[@]}" "$KLP_GUEST_LIB/kallsyms.sh"
  if ((BOOT_STATUS != 0)); then
    klp_guest_section "$BOOT_LOG" | tail -n 20 >&2
    local failed
    # The data channel has the line whole; the console may have kernel
    # messages in the middle of it.
    failed=$(sed -n 's/^KLP-INSMOD-FAILED //p' "$BOOT_OUT" 2>/dev/null | head -n 1)
    [[ -z $failed ]] || klp_die "module ${failed%%:*} did not load in the kallsyms guest (${failed#*: }); serial log: $BOOT_LOG"
    klp_die "kallsyms boot failed; serial log: $BOOT_LOG"
  fi
  local bad
  bad=$(klp_log_trouble "$BOOT_LOG")
  if [[ -n $bad ]]; then
    head -n 20 <<<"$bad" >&2
    klp_die "the kernel of the kallsyms guest reported a problem; serial log: $BOOT_LOG"
  fi
  gzip -t <"$BOOT_OUT" 2>/dev/null ||
    klp_die "the kallsyms sent by the guest are cut or corrupt ($BOOT_OUT)"
  gzip -d -c <"$BOOT_OUT" >"$dest.tmp.$$"
  # Unprivileged readers see 0 addresses; the manifest needs real ones.
  awk '$1 !~ /^0+$/ { found = 1; exit } END { exit !found }' "$dest.tmp.$$" ||
    klp_die "every address in the guest's /proc/kallsyms is 0 (kptr_restrict?)"
  if ((server)); then
    # Every module loaded shows in kallsyms as [name].
    local missing
    missing=$(comm -23 <(printf '%s\n' "${SERVER_MODULE_NAMES[@]}" | LC_ALL=C sort -u) \
      <(klp_kallsyms_modules "$dest.tmp.$$"))
    [[ -z $missing ]] ||
      klp_die "modules loaded but not in the guest's /proc/kallsyms: $(tr '\n' ' ' <<<"$missing")"
  fi
  klp_log "$(klp_guest_section "$BOOT_LOG" | grep -aE '^(server modules|kallsyms):' | tr '\n' ';' | sed 's/;$//; s/;/; /g') (boot $(klp_elapsed "$t0") s)"
  mv "$dest.tmp.$$" "$dest"
  rm -rf "$work"
}

# klp_kallsyms_modules KALLSYMS: the names of the modules KALLSYMS lists
# (the "[name]" of their lines), sorted, one a line.
klp_kallsyms_modules() {
  awk '$4 ~ /^\[/ { print substr($4, 2, length($4) - 2) }' "$1" | LC_ALL=C sort -u
}
