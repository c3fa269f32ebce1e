#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# klp-llvm's main job, shown on a real kernel: Debian's cloud kernel (6.1 by
# default, --kernel debian-6.12 for the newer one) is fetched, booted once under QEMU to load about 80 of its own modules, as a
# server has them, and read its /proc/kallsyms, a manifest is
# made of it, each example under examples/ is built as a livepatch module
# through kbuild with klp-llvm, the klp sections the toolchain wrote are
# shown with klp-check's verdict, and the kernel boots again to load the
# patches and show its output before, while and after they are applied.
#
# Usage: scripts/demo.sh [--build-dir DIR] [--kernel NAME]
#                       [--from both|kallsyms|vmlinux] [--bare] [EXAMPLE...]
#   --build-dir DIR  the klp-llvm build (tools in DIR/bin); the kernel, the
#                    manifest and the builds are cached under it (the builds
#                    in DIR/demo/NAME)
#   --kernel NAME    the kernel: debian-6.1 (default) or debian-6.12
#                    (scripts/kernel.sh --help); default $KLP_KERNEL
#   --from SOURCE    what the manifest is made from, always with the
#                    headers' Module.symvers: the booted kernel's
#                    /proc/kallsyms (what any machine has), the debug
#                    package's vmlinux (about 280 MB download; adds the
#                    source file of each local symbol), or both (default:
#                    every example builds with it). The kallsyms are read
#                    after the guest loaded about 80 of the image's own
#                    modules (scripts/lib/server-modules.txt), so that they
#                    list modules' symbols as a server's do
#   --bare           read kallsyms from a guest without modules instead
#   EXAMPLE          a folder under examples/ (default: all of them)
# Each example folder holds Kbuild, the module sources and demo.conf
# (SHOW: the guest command whose output the patch changes; OBJECT: the
# -klp-object, if any; QUERY: names whose manifest entries are shown before
# the build; NEEDS=vmlinux: the example needs source files in the manifest,
# skipped with --from kallsyms), and optionally demo-verify.sh (guest sh run
# while the patch is on; sees sympos_<name>=N for each .klp.sym of the
# module; sets status=1 if what it shows is wrong). Every step is bounded
# by a timeout; a cached second run takes well under a minute.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
set -euo pipefail

KLP_PROG=demo
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$KLP_SCRIPTS_DIR/lib/kernel-fetch.sh"
source "$KLP_SCRIPTS_DIR/lib/serial-log.sh"
source "$KLP_SCRIPTS_DIR/lib/kernel-boot.sh"
source "$KLP_SCRIPTS_DIR/lib/kernel-kallsyms.sh"
source "$KLP_SCRIPTS_DIR/lib/kernel-manifest.sh"
source "$KLP_SCRIPTS_DIR/lib/kernel-kbuild.sh"

from=both kallsyms_kind=server examples=()
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
  --from)
    [[ ${2:-} =~ ^(both|kallsyms|vmlinux)$ ]] || klp_die "--from both, --from kallsyms or --from vmlinux"
    from=$2
    shift 2
    ;;
  --bare) kallsyms_kind=bare; shift ;;
  -h | --help) klp_usage; exit 0 ;;
  -*) klp_die "unknown option '$1' (see --help)" ;;
  *) examples+=("$1"); shift ;;
  esac
done
if ((${#examples[@]} == 0)); then
  for d in "$KLP_SRC_ROOT"/examples/*/; do
    [[ -f $d/Kbuild ]] && examples+=("$(basename "$d")")
  done
fi

bin=$(klp_build_dir)/bin
for tool in klp-config klp-manifest klp-check klp-ld; do
  [[ -x $bin/$tool ]] || klp_die "$bin/$tool not found; build klp-llvm first: cmake -S . -B $(klp_build_dir) -G Ninja && ninja -C $(klp_build_dir)"
done
[[ -f $(klp_build_dir)/lib/KlpPlugin.so ]] ||
  klp_die "$(klp_build_dir)/lib/KlpPlugin.so not found; build klp-llvm first (ninja -C $(klp_build_dir))"

# Output for a human: a title per step, commands as "$ ...", results
# indented, each step's time.
step_no=0
step() {
  step_no=$((step_no + 1))
  printf '\n[%d] %s\n' "$step_no" "$*"
  step_start=$(klp_now)
}
done_step() { printf '    (%ss)\n' "$(klp_elapsed "$step_start")"; }
say() { printf '    %s\n' "$*"; }
indent() { sed 's/^/      /'; }

start=$(klp_now)
printf 'klp-llvm demo: livepatch modules for a running Debian kernel, built at compile time\n'

if [[ $KLP_KERNEL == clang-lto ]]; then
  step "The clang-lto kernel: debian-6.1's source built with clang and ThinLTO (scripts/lib/clang-lto.config; about 10 minutes the first time)"
else
  klp_kernel_meta
  step "Debian's cloud kernel $KLP_KERNEL: image and headers (version from the meta package $KERNEL_META)"
fi
cached="cached"
klp_resolve_kernel
[[ -f $(klp_kernel_cache)/$(klp_kernel_tag)/kernel.env ]] || cached="fetched now"
klp_kernel_fetch
say "$KERNEL_RELEASE ($KERNEL_VERSION), $cached: $KERNEL_DIR"
say "KDIR (make -C) = $(klp_kernel_kdir)"
done_step

step "The manifest: what the target kernel's kallsyms holds"
build_args=()
if [[ $from != vmlinux ]]; then
  klp_kernel_kallsyms_path "$kallsyms_kind"
  if [[ $kallsyms_kind == bare ]]; then
    what="/proc/kallsyms of the booted kernel, no module loaded (--bare)"
  else
    what="/proc/kallsyms of the booted kernel with ${#SERVER_MODULES[@]} of its own modules loaded, as on a server ($(basename "$KLP_SERVER_MODULES_FILE"))"
  fi
  if [[ -f $KALLSYMS ]]; then
    say "$what: cached ($KALLSYMS)"
  else
    say "$what: booting the kernel once under QEMU to load them and read /proc/kallsyms as root..."
  fi
  build_args+=(--kallsyms kallsyms)
fi
if [[ $from != kallsyms ]]; then
  if [[ -f $KERNEL_DIR/vmlinux ]]; then
    say "the debug package's vmlinux (source file of each static): cached ($KERNEL_DIR/vmlinux)"
  else
    say "fetching the debug package's vmlinux (about 280 MB; the source file of each static)..."
  fi
  build_args+=(--vmlinux vmlinux)
fi
klp_kernel_manifest "$from" "$kallsyms_kind"
if [[ $from != vmlinux ]]; then
  say "kallsyms: $(wc -l <"$KALLSYMS") symbols, $(klp_kallsyms_modules "$KALLSYMS" | wc -l) modules"
fi
say "$ klp-manifest build ${build_args[*]} --symvers KDIR/Module.symvers -o ${MANIFEST##*/}"
say "$("$bin/klp-manifest" dump "$MANIFEST" | head -n 1 | sed 's/^# //'): $MANIFEST"
for sym in nr_processes saved_command_line cmdline_proc_show; do
  "$bin/klp-manifest" query "$MANIFEST" "$sym" 2>/dev/null | head -n 1 | indent || true
done
# Every loaded module has one: what a patch's own __this_module must not be
# confused with.
n=$("$bin/klp-manifest" query "$MANIFEST" __this_module 2>/dev/null | wc -l || true)
((n == 0)) || say "__this_module: in $n loaded modules"
done_step

kdir=$(klp_kernel_kdir)
# llvm-readelf of the LLVM that klp-config builds with (CC=clang-N).
llvm_bin=$(klp_kbuild_llvm_bin "$bin/klp-config")
[[ -x $llvm_bin/llvm-readelf ]] || klp_die "no llvm-readelf in $llvm_bin, beside klp-config's clang"
work=$(klp_build_dir)/demo/$KLP_KERNEL
mkdir -p "$work"
guest_items=() guest=$work/guest.sh
# The guest script: demo_patch (scripts/lib/guest/demo.sh) for each module.
# shellcheck disable=SC2016 # $KLP_LIB is the guest's
echo '. "$KLP_LIB/demo.sh"' >"$guest"
# sq WORD: WORD quoted for sh.
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
for ex in "${examples[@]}"; do
  src=$KLP_SRC_ROOT/examples/$ex
  [[ -f $src/Kbuild ]] || klp_die "examples/$ex has no Kbuild"
  SHOW="" OBJECT="" QUERY="" NEEDS=""
  # shellcheck source=/dev/null
  [[ -f $src/demo.conf ]] && source "$src/demo.conf"
  [[ -n $SHOW ]] || klp_die "examples/$ex/demo.conf does not set SHOW (the command whose output the patch changes)"
  if [[ $NEEDS == vmlinux && $from == kallsyms ]]; then
    printf '\n(examples/%s skipped: it names a static by its source file, which a manifest from kallsyms alone does not know; run with --from both or --from vmlinux)\n' "$ex"
    continue
  fi

  step "Build examples/$ex with clang, the klp-llvm plugin and klp-ld, through kbuild"
  for sym in $QUERY; do
    say "\$ klp-manifest query ${MANIFEST##*/} $sym"
    "$bin/klp-manifest" query "$MANIFEST" "$sym" | indent
  done
  rm -rf "${work:?}/$ex"
  cp -r "$src" "$work/$ex"
  cfg=(--kbuild --kernel "$kdir" --manifest "$MANIFEST")
  [[ -n $OBJECT ]] && cfg+=(--object "$OBJECT")
  say "\$ make -C KDIR M=\$PWD \$(klp-config ${cfg[*]/#$kdir/KDIR}) modules" | sed "s|$MANIFEST|${MANIFEST##*/}|"
  words=$("$bin/klp-config" "${cfg[@]}") || klp_die "klp-config failed (see above)"
  say "klp-config printed:"
  tr ' ' '\n' <<<"$words" | indent
  read -r -a flags <<<"$words"
  if ! timeout 300 make -C "$kdir" M="$work/$ex" -j"$(nproc)" "${flags[@]}" modules \
    >"$work/$ex.build.log" 2>&1; then
    tail -n 30 "$work/$ex.build.log" | indent
    klp_die "building examples/$ex failed; log: $work/$ex.build.log"
  fi
  grep -aE '^  (CC|LD) ' "$work/$ex.build.log" | sed "s|$work/$ex/||" | indent
  done_step

  for ko in "$work/$ex"/*.ko; do
    mod=$(basename "$ko" .ko)
    guest_items+=(--module "$ko")
    step "What klp-llvm wrote into $mod.ko"
    say "\$ llvm-readelf -S $mod.ko   (livepatch relocation sections: flag o = SHF_RELA_LIVEPATCH)"
    "$llvm_bin/llvm-readelf" -S "$ko" | grep -E '\.klp\.|Name' | indent
    say "\$ llvm-readelf -r $mod.ko   (the relocations the kernel applies through livepatch)"
    "$llvm_bin/llvm-readelf" -r "$ko" |
      awk '/^Relocation section/ { on = index($0, ".klp.rela.") > 0 } on && NF' | indent
    say "\$ llvm-readelf -s $mod.ko | grep .klp.sym   (st_shndx OS[0xff20] = SHN_LIVEPATCH)"
    "$llvm_bin/llvm-readelf" -s "$ko" | grep -E '\.klp\.sym\.' | indent || say "(none)"
    # .klp.sym.<object>.<name>,<sympos>: the positions the compiler chose.
    klp_syms=$("$llvm_bin/llvm-readelf" -s "$ko" | grep -oE '\.klp\.sym\.[^ ]+,[0-9]+$' || true)
    for sym in $QUERY; do
      pos=$(sed -n "s/^\.klp\.sym\.[^.]*\.$sym,//p" <<<"$klp_syms" | head -n 1)
      [[ -n $pos ]] || continue
      say "$sym,$pos is, in the manifest:"
      "$bin/klp-manifest" query "$MANIFEST" "$sym" | awk -v p="sympos=$pos" '$3 == p' | indent
    done
    say "\$ klp-check $mod.ko --manifest ${MANIFEST##*/}"
    if "$bin/klp-check" "$ko" --manifest "$MANIFEST" >"$work/$mod.klp-check" 2>&1; then
      indent <"$work/$mod.klp-check"
    else
      indent <"$work/$mod.klp-check"
      klp_die "klp-check refused $mod.ko"
    fi
    done_step
    # The guest part of this module: show, load, show, disable, show; the
    # example's demo-verify.sh, if any, sees the positions klp-ld wrote.
    verify=""
    if [[ -f $src/demo-verify.sh ]]; then
      { sed -nE 's/^\.klp\.sym\.[^.]+\.([A-Za-z_][A-Za-z0-9_]*),([0-9]+)$/sympos_\1=\2/p' <<<"$klp_syms"
        cat "$src/demo-verify.sh"; } >"$work/$mod.verify.sh"
      guest_items+=(--file "$work/$mod.verify.sh:/klp/verify/$mod.sh")
      verify=" /klp/verify/$mod.sh"
    fi
    echo "demo_patch $mod $(sq "examples/$ex") $(sq "$SHOW")$verify" >>"$guest"
  done
done
# shellcheck disable=SC2016 # $status is the guest's
echo 'exit $status' >>"$guest"

step "Boot the kernel under QEMU (TCG), load the patches, read the kernel's output"
klp_boot --work "$work/boot" --timeout 120 "${guest_items[@]}" "$guest"
klp_guest_section "$BOOT_LOG" | grep -v '^$' | indent
case $BOOT_STATUS in
0) ;;
2) klp_die "a step in the guest failed (serial log: $BOOT_LOG)" ;;
*) klp_die "the guest did not finish (serial log: $BOOT_LOG)" ;;
esac
bad=$(klp_log_trouble "$BOOT_LOG")
[[ -z $bad ]] || {
  indent <<<"$bad"
  klp_die "the kernel reported a problem (serial log: $BOOT_LOG)"
}
say "serial log: $BOOT_LOG (no WARNING, BUG, Oops, ftrace failure, unknown symbol or livepatch error)"
done_step

printf '\ndemo finished in %ss\n' "$(klp_elapsed "$start")"
