# shellcheck shell=bash
# shellcheck source-path=SCRIPTDIR
# klp-diff on each fix of fixes/ (fixes/<kernel>/ has the version of a fix
# for a kernel whose source differs there): the source is Debian's linux-source of
# exactly the booted image's version, prepared once
# (scripts/lib/kernel-source.sh); the debug info is the image's -dbg
# vmlinux. fixes/refuse-*.patch must be refused with the message named
# below and leave no module; every other fix becomes klp_diff_<name>.ko,
# which goes into the guest (check.sh).
root=$(cd "$E2E_LIB/../../.." && pwd)
# shellcheck source=../../../../scripts/lib/common.sh
declare -F klp_die >/dev/null || source "$root/scripts/lib/common.sh"
# shellcheck source=../../../../scripts/lib/kernel-fetch.sh
declare -F klp_kernel_fetch >/dev/null || source "$root/scripts/lib/kernel-fetch.sh"
# shellcheck source=../../../../scripts/lib/kernel-source.sh
source "$root/scripts/lib/kernel-source.sh"
# shellcheck source=/dev/null
[[ -n ${KERNEL_VERSION:-} ]] || source "$KERNEL_DIR/kernel.env"

klp_kernel_source --klp-config "$E2E_BIN/klp-config"
klp_kernel_debug_root

# What klp-diff must say for each fix (a line of its output, or of its error).
declare -A expect=(
  [cmdline-string]="replaces cmdline_proc_show (vmlinux cmdline_proc_show,0): changed"
  [meminfo-inlined]="replaces meminfo_proc_show (vmlinux meminfo_proc_show,0): the kernel inlined show_val_kb() into it"
  [version-new-function]="new functions: version_proc_note"
  [loadavg-new-data]="own data loadavg_reads: new in the fix"
  [drop-caches-static-local]="drop_caches_sysctl_handler.stfu -> .klp.sym.vmlinux.stfu."
  [filesystems-static-data]="file_systems -> .klp.sym.vmlinux.file_systems,0"
  [uptime-shadow-callbacks]="post_unpatch callback: uptime_post_unpatch"
  [binfmt-misc-module]="replaces bm_status_read (binfmt_misc bm_status_read,0): changed"
  [clone-callers]="calls show_mem_node_skip(), which the kernel has as the gcc clone show_mem_node_skip.part.0"
  [header-followed]="replaces show_softirqs (vmlinux show_softirqs,0): changed"
  [refuse-init]="proc_cmdline_init() is __init code"
  [refuse-data]="changes the initial value of 'task_state_array'"
  [refuse-header]="the fix changes a header that more than 40 files of the shipped kernel include"
  [refuse-asm]="the fix changes assembly"
  [refuse-notrace]="native_sched_clock() has no ftrace entry"
)
# A module's statics are in the manifest of a machine that has it loaded:
# the guest's kallsyms with the server's 79 modules, with the debug
# vmlinux for the build ID the load-time guard compares.
# shellcheck source=../../../../scripts/lib/kernel-manifest.sh
declare -F klp_kernel_manifest >/dev/null || source "$root/scripts/lib/kernel-manifest.sh"
klp_kernel_manifest both server
declare -A manifest_of=([binfmt-misc-module]=$MANIFEST)

# Functions that must not count as changed (line shifts, untouched code).
declare -A unchanged=(
  [loadavg-new-data]="proc_loadavg_init"
  [drop-caches-static-local]="drop_pagecache_sb"
)

for fix in fixes/*.patch; do
  name=$(basename "$fix" .patch)
  # A kernel whose source differs where a fix applies has its own version.
  [[ -f fixes/${KLP_KERNEL:-debian-6.1}/$name.patch ]] &&
    fix=fixes/${KLP_KERNEL:-debian-6.1}/$name.patch
  module=klp_diff_${name//-/_}
  out=$E2E_WORK/$module.ko log=$E2E_WORK/klp-diff-$name.log
  sums=$(cd "$KERNEL_SRCTREE" && sed -n 's|^+++ b/||p' "$E2E_SRC/$fix" |
    xargs -r md5sum 2>/dev/null)
  status=0
  "$E2E_BIN/klp-diff" --source "$KERNEL_SOURCE" --kernel "$E2E_KDIR" \
    --manifest "${manifest_of[$name]:-$E2E_MANIFEST}" --debug-root "$DEBUG_ROOT" \
    --cache-dir "$KERNEL_DIR/klp-diff-cache" --name "$module" \
    -o "$out" "$fix" >"$log" 2>&1 || status=$?
  cat "$log"
  if [[ $name == refuse-* ]]; then
    check_eq "$name, klp-diff refuses" 1 "$status"
    check "$name, no module written" test ! -e "$out"
  else
    check_eq "$name, klp-diff succeeds" 0 "$status"
    check "$name, module written" test -f "$out"
    [[ -f $out ]] && echo "$out" >>"$E2E_WORK/guest-modules"
  fi
  check_contains "$name, says what it decided" "${expect[$name]}" "$(cat "$log")"
  if [[ -n ${unchanged[$name]:-} ]]; then
    check_not_contains "$name, ${unchanged[$name]} unchanged" "${unchanged[$name]}" \
      "$(grep '^  changed:' "$log")"
  fi
  if [[ $name == header-followed ]]; then
    check_contains "$name, followed into every file that includes the header" \
      "fs/proc/internal.h: followed into the" "$(cat "$log")"
    check_eq "$name, of those only softirqs.c changed" "  changed: show_softirqs" \
      "$(grep '^  changed:' "$log")"
  fi
  check_eq "$name, the source tree is left as it was" "$sums" \
    "$(cd "$KERNEL_SRCTREE" && sed -n 's|^+++ b/||p' "$E2E_SRC/$fix" | xargs -r md5sum 2>/dev/null)"
done

# The target of binfmt-misc-module, the image's own module (6.12 ships it
# compressed).
# shellcheck source=../../../../scripts/lib/kernel-kallsyms.sh
declare -F klp_module_decompress >/dev/null || source "$root/scripts/lib/kernel-kallsyms.sh"
target=$(compgen -G "$KERNEL_DIR/root/lib/modules/$KERNEL_RELEASE/kernel/fs/binfmt_misc.ko*" | head -n 1)
klp_module_decompress "$target" "$E2E_WORK/binfmt_misc.ko"
echo "$E2E_WORK/binfmt_misc.ko" >>"$E2E_WORK/guest-modules"
