# shellcheck shell=bash
# Booting the fetched kernel under QEMU with a generated initramfs.
# Source after common.sh, kernel-fetch.sh and serial-log.sh (the markers).
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# The guest's shared helpers (busybox sh, scripts/lib/guest/*.sh): every
# initramfs has them in /klp/lib.
KLP_GUEST_LIB=$KLP_SCRIPTS_DIR/lib/guest

# klp_make_initramfs TREE OUT SCRIPT [MODULE|SRC:DST]...
# Builds a newc cpio (gzip) at OUT from busybox-static, an /init that runs
# SCRIPT between the markers, the guest helpers (into /klp/lib), the modules
# (into /klp/modules) and extra files (SRC copied to DST inside the guest).
klp_make_initramfs() {
  local tree=$1 out=$2 script=$3
  shift 3
  local busybox=/bin/busybox
  if [[ ! -x $busybox ]] || ! klp_is_static "$busybox"; then
    klp_die "$busybox is missing or not static; install busybox-static (scripts/install-deps.sh)"
  fi
  klp_require_cmd cpio cpio
  rm -rf "$tree"
  mkdir -p "$tree"/{bin,dev,proc,sys,tmp,klp/modules,klp/lib}
  cp "$busybox" "$tree/bin/busybox"
  local applet
  for applet in $("$busybox" --list); do
    [[ $applet == busybox ]] || ln -s busybox "$tree/bin/$applet"
  done
  cp "$script" "$tree/klp/run.sh"
  cp "$KLP_GUEST_LIB"/*.sh "$tree/klp/lib/"
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
export KLP_OUT=/dev/ttyS1 KLP_MODULES=/klp/modules KLP_LIB=/klp/lib
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

# klp_boot OPTIONS... -- see `kernel.sh boot --help`. Sets BOOT_LOG (the
# serial log), BOOT_OUT (what the guest wrote to $KLP_OUT) and BOOT_STATUS:
#   0 the guest script ran and returned 0; 2 it returned non-zero;
#   3 no end marker (timeout, panic, or the guest never reached /init).
# shellcheck disable=SC2034 # BOOT_*: the results, for the caller
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
