# shellcheck shell=bash
# Booting the fetched kernel under QEMU with a generated initramfs.
# Source after common.sh and kernel-fetch.sh.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# Markers the generated /init writes around the guest script. The end marker
# carries the script's exit status: "@@KLP-END@@ status=N".
KLP_BEGIN_MARKER=@@KLP-BEGIN@@
KLP_END_MARKER=@@KLP-END@@

# klp_make_initramfs TREE OUT SCRIPT [MODULE|SRC:DST]...
# Builds a newc cpio (gzip) at OUT from busybox-static, an /init that runs
# SCRIPT between the markers, the modules (into /klp/modules) and extra
# files (SRC copied to DST inside the guest).
klp_make_initramfs() {
  local tree=$1 out=$2 script=$3
  shift 3
  local busybox=/bin/busybox
  if [[ ! -x $busybox ]] || ! klp_is_static "$busybox"; then
    klp_die "$busybox is missing or not static; install busybox-static (scripts/install-deps.sh)"
  fi
  klp_require_cmd cpio cpio
  rm -rf "$tree"
  mkdir -p "$tree"/{bin,dev,proc,sys,tmp,klp/modules}
  cp "$busybox" "$tree/bin/busybox"
  local applet
  for applet in $("$busybox" --list); do
    [[ $applet == busybox ]] || ln -s busybox "$tree/bin/$applet"
  done
  cp "$script" "$tree/klp/run.sh"
  local item
  for item in "$@"; do
    if [[ $item == *:* ]]; then
      local src=${item%%:*} dst=${item#*:}
      [[ -e $src ]] || klp_die "file to copy into the guest not found: $src"
      mkdir -p "$tree/$(dirname "$dst")"
      cp -r "$src" "$tree/$dst"
    else
      [[ -f $item ]] || klp_die "module not found: $item"
      cp "$item" "$tree/klp/modules/"
    fi
  done
  # /init: mount what checks need, give the script a raw second serial port
  # for data ($KLP_OUT), run it in a subshell so that `exit` or `set -e` in it
  # cannot skip the end marker, then power off. The end marker is written by
  # opening the console anew: closing it waits until the UART has sent
  # everything before, so poweroff cannot cut the log short.
  cat >"$tree/init" <<INIT
#!/bin/busybox sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
stty -F /dev/ttyS1 raw -echo -onlcr 2>/dev/null
export KLP_OUT=/dev/ttyS1 KLP_MODULES=/klp/modules
cd /klp
echo "$KLP_BEGIN_MARKER"
sh -c '. /klp/run.sh'
status=\$?
echo "$KLP_END_MARKER status=\$status" >/dev/console
poweroff -f
INIT
  chmod +x "$tree/init"
  (cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
    gzip -1 -n >"$out.tmp"
  mv "$out.tmp" "$out"
}

klp_is_static() {
  # busybox-static's binary has no program interpreter.
  ! LC_ALL=C readelf -l "$1" 2>/dev/null | grep -q 'program interpreter'
}

# klp_boot OPTIONS... -- see `kernel.sh boot --help`. Sets BOOT_STATUS:
#   0 the guest script ran and returned 0; 2 it returned non-zero;
#   3 no end marker (timeout, panic, or the guest never reached /init).
klp_boot() {
  local timeout=60 log="" out="" script="" append="" work="" cpu=qemu64
  local items=()
  while (($#)); do
    case $1 in
    --timeout) timeout=$2; shift 2 ;;
    --log) log=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --append) append=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --cpu) cpu=$2; shift 2 ;;
    --module) items+=("$2"); shift 2 ;;
    --file)
      [[ $2 == *:* ]] || klp_die "--file needs SRC:DST, got '$2'"
      items+=("$2")
      shift 2
      ;;
    -*) klp_die "boot: unknown option '$1'" ;;
    *)
      [[ -z $script ]] || klp_die "boot: one guest script only ('$script', '$1')"
      script=$1
      shift
      ;;
    esac
  done
  [[ -n $script ]] || klp_die "boot: give the guest script to run (a file of sh commands)"
  [[ -f $script ]] || klp_die "boot: guest script $script not found"
  [[ $timeout =~ ^[0-9]+$ ]] || klp_die "boot: --timeout needs seconds, got '$timeout'"
  klp_require_cmd qemu-system-x86_64 qemu-system-x86

  [[ -n ${KERNEL_DIR:-} ]] || klp_kernel_fetch
  if [[ -z $work ]]; then
    mkdir -p "$(klp_build_dir)/kernel-runs"
    work=$(mktemp -d "$(klp_build_dir)/kernel-runs/run.XXXXXX")
  fi
  mkdir -p "$work"
  : "${log:=$work/serial.log}" "${out:=$work/out}"
  klp_make_initramfs "$work/initramfs" "$work/initrd.cpio.gz" "$script" "${items[@]}"
  rm -f "$out" "$log"

  # ttyS0 (the console, -nographic's stdio) is the serial log; ttyS1 is a raw
  # data channel into $out. TCG: nested KVM is unreliable on these machines.
  local qemu_status=0
  timeout --kill-after=5 "$timeout" qemu-system-x86_64 \
    -machine q35,accel=tcg -cpu "$cpu" -smp 1 -m 512M \
    -nographic -serial mon:stdio -serial "file:$out" -no-reboot \
    -kernel "$KERNEL_DIR/vmlinuz" -initrd "$work/initrd.cpio.gz" \
    -append "console=ttyS0 panic=-1 oops=panic${append:+ $append}" \
    </dev/null >"$log" 2>&1 || qemu_status=$?
  BOOT_LOG=$log BOOT_OUT=$out
  local end
  end=$(grep -a -o "$KLP_END_MARKER status=[0-9]*" "$log" | tail -n 1 || true)
  if [[ -z $end ]]; then
    BOOT_STATUS=3
    if ((qemu_status == 124 || qemu_status == 137)); then
      klp_log "guest timed out after ${timeout}s; serial log: $log"
    else
      klp_log "guest stopped before the end marker (qemu status $qemu_status); serial log: $log"
    fi
  elif [[ ${end##*=} == 0 ]]; then
    BOOT_STATUS=0
  else
    BOOT_STATUS=2
  fi
}

# klp_guest_section LOG: the lines the guest printed between the markers
# (kernel messages printed meanwhile included), without the markers.
klp_guest_section() {
  awk -v b="$KLP_BEGIN_MARKER" -v e="$KLP_END_MARKER" '
    index($0, e) { exit }
    on { print }
    index($0, b) { on = 1 }' "$1" | tr -d '\r'
}

# The modules of the image that the guest loads before /proc/kallsyms is
# read, so that the kallsyms look like a real server's (the file says which
# and why). KLP_SERVER_MODULES overrides the list file.
KLP_SERVER_MODULES_FILE=${KLP_SERVER_MODULES:-$KLP_SCRIPTS_DIR/lib/server-modules.txt}
# The CPU of that guest: qemu64 plus what the x86 crypto modules of the list
# check for (without them aesni_intel, sha256_ssse3, ghash_clmulni_intel,
# crc32_pclmul and crc32c_intel refuse to load). TCG emulates all of them.
KLP_SERVER_CPU=qemu64,+ssse3,+sse4.1,+sse4.2,+aes,+pclmulqdq,+popcnt
# Bumped when what the kallsyms guest does changes: part of the cache key.
KLP_KALLSYMS_GUEST=2

# klp_modinfo KO FIELD: the values of FIELD in KO's .modinfo, one a line.
klp_modinfo() {
  LC_ALL=C readelf -p .modinfo "$1" 2>/dev/null |
    sed -n "s/^ *\[ *[0-9a-f]*\]  $2=//p"
}

# klp_server_modules: reads the module list (KLP_SERVER_MODULES_FILE) and
# finds each module and, from its modinfo depends=, what it needs, in the
# fetched image's /lib/modules. Sets SERVER_MODULES (the .ko files, each
# after what it depends on: the order to insmod them) and
# SERVER_MODULE_NAMES (their names, as kallsyms tags them).
klp_server_modules() {
  local list=$KLP_SERVER_MODULES_FILE
  local moddir=$KERNEL_DIR/root/lib/modules/$KERNEL_RELEASE/kernel
  [[ -f $list ]] || klp_die "module list $list not found"
  [[ -d $moddir ]] || klp_die "$moddir not found: the fetched image has no modules"
  klp_require_cmd readelf binutils
  local -A ko=() seen=()
  local f n
  while IFS= read -r f; do
    n=${f##*/}
    n=${n%.ko}
    ko[${n//-/_}]=$f
  done < <(find "$moddir" -name '*.ko' | LC_ALL=C sort)
  local line word wanted=()
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%%#*}
    for word in $line; do wanted+=("${word//-/_}"); done
  done <"$list"
  ((${#wanted[@]})) || klp_die "$list names no module"
  SERVER_MODULES=() SERVER_MODULE_NAMES=()
  for n in "${wanted[@]}"; do klp_server_visit "$n" ""; done
}

# klp_server_visit NAME NEEDED-BY: appends NAME to SERVER_MODULES after its
# dependencies (depth first). Uses klp_server_modules's ko and seen.
klp_server_visit() {
  local n=$1 dep modname
  [[ ${seen[$n]:-} == loaded ]] && return 0
  [[ ${seen[$n]:-} == visiting ]] && klp_die "module dependency cycle through $n"
  [[ -n ${ko[$n]:-} ]] ||
    klp_die "module '$n'${2:+ (needed by $2)} is not among the image's modules ($KLP_SERVER_MODULES_FILE)"
  seen[$n]=visiting
  for dep in $(klp_modinfo "${ko[$n]}" depends | tr ',' ' '); do
    klp_server_visit "${dep//-/_}" "$n"
  done
  modname=$(klp_modinfo "${ko[$n]}" name)
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

# The serial-log lines that mean the kallsyms guest's kernel was unwell.
KLP_KALLSYMS_BAD_LOG='WARNING:|BUG:|Oops|Kernel panic|Call Trace:|general protection|Unknown symbol'

# klp_kallsyms OUT [--server] [MODULE]...: boots once, loads the modules of
# the list (--server: SERVER_MODULES, in that order, from klp_server_modules)
# then the given .ko files, and saves the guest's /proc/kallsyms (read by
# root, so with real addresses) to OUT. A module that does not load is an
# error naming it, as is any kernel warning. nokaslr makes vmlinux's
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
  local work script
  mkdir -p "$(klp_build_dir)/kernel-runs"
  work=$(mktemp -d "$(klp_build_dir)/kernel-runs/kallsyms.XXXXXX")
  script=$work/kallsyms.sh
  cat >"$script" <<'GUEST'
# insmod_all LIST DIR: insmod DIR/<name>.ko for each name of LIST, in order.
insmod_all() {
  n=0
  for m in $(cat "$1"); do
    if ! out=$(insmod "$2/$m.ko" 2>&1); then
      echo "KLP-INSMOD-FAILED $m: $out" | tee "$KLP_OUT"
      dmesg | tail -n 5
      exit 1
    fi
    n=$((n + 1))
  done
}
t0=$(cut -d' ' -f1 /proc/uptime)
if [ -f /klp/server/order ]; then
  insmod_all /klp/server/order /klp/server
  echo "server modules: $n loaded in $(awk -v a="$t0" '{ printf "%.1f", $1 - a }' /proc/uptime) s"
fi
ls /klp/modules | sed -n 's/\.ko$//p' >/tmp/extra
insmod_all /tmp/extra /klp/modules
# Through a file: the gzip trailer (CRC, length) lets the host detect a cut.
cat /proc/kallsyms >/tmp/kallsyms || exit 1
gzip -1 -c /tmp/kallsyms >"$KLP_OUT" || exit 1
echo "kallsyms: $(wc -l </tmp/kallsyms) lines, $(grep -c . /proc/modules) modules"
GUEST
  local items=() m i
  for m in "$@"; do items+=(--module "$m"); done
  local boot=(--work "$work" --timeout 120 --append nokaslr)
  if ((server)); then
    : >"$work/order"
    for i in "${!SERVER_MODULES[@]}"; do
      m=${SERVER_MODULE_NAMES[i]}
      echo "$m" >>"$work/order"
      items+=(--file "${SERVER_MODULES[i]}:/klp/server/$m.ko")
    done
    items+=(--file "$work/order:/klp/server/order")
    boot=(--work "$work" --timeout 300 --append nokaslr --cpu "$KLP_SERVER_CPU")
    klp_log "booting to read /proc/kallsyms after loading ${#SERVER_MODULES[@]} modules of the image ($KLP_SERVER_MODULES_FILE)"
  fi
  local t0
  t0=$(klp_now)
  klp_boot "${boot[@]}" "${items[@]}" "$script"
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
  bad=$(tr -d '\r' <"$BOOT_LOG" | grep -aE "$KLP_KALLSYMS_BAD_LOG" || true)
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
      <(awk '$4 ~ /^\[/ { print substr($4, 2, length($4) - 2) }' "$dest.tmp.$$" | LC_ALL=C sort -u))
    [[ -z $missing ]] ||
      klp_die "modules loaded but not in the guest's /proc/kallsyms: $(tr '\n' ' ' <<<"$missing")"
  fi
  klp_log "$(klp_guest_section "$BOOT_LOG" | grep -aE '^(server modules|kallsyms):' | tr '\n' ';' | sed 's/;$//; s/;/; /g') (boot $(klp_elapsed "$t0") s)"
  mv "$dest.tmp.$$" "$dest"
  rm -rf "$work"
}
