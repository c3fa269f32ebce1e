# shellcheck shell=bash
# Host steps. own/ is built by scenario.conf against this kernel's manifest
# (from its debug vmlinux: release and vmlinux build ID). other/ is the same
# patch built against the manifest of the other Debian kernel (6.12 when
# this is 6.1, 6.1 when it is 6.12), a real other build with its own build
# ID. klp-config refuses that pairing; the build below does by hand what a
# user who bypasses klp-config would do: this kernel's headers (the module
# loader only takes a module built for its own struct module; a 6.1 module
# forced into 6.12 is refused with ".gnu.linkonce.this_module section size
# must match the kernel's built struct module size" before any livepatch
# code runs), the other kernel's manifest.
case $KLP_KERNEL in
debian-6.1) other_kernel=debian-6.12 ;;
*) other_kernel=debian-6.1 ;;
esac
log=$E2E_WORK/other-manifest.log
if (
  klp_set_kernel "$other_kernel"
  klp_kernel_fetch
  klp_kernel_vmlinux
  klp_kernel_manifest vmlinux
  printf '%s\n' "$MANIFEST" >"$E2E_WORK/other-manifest"
  klp_kernel_kdir >"$E2E_WORK/other-kdir"
) >"$log" 2>&1; then
  pass "manifest of $other_kernel from its debug vmlinux"
else
  fail "manifest of $other_kernel from its debug vmlinux" "$(e2e_log_tail "$log")"
  exit 0
fi
other_manifest=$(cat "$E2E_WORK/other-manifest")
other_kdir=$(cat "$E2E_WORK/other-kdir")

# build_id M: the vmlinux build ID manifest M records.
build_id() {
  "$E2E_BIN/klp-manifest" dump "$1" | awk 'NR == 2 { sub(/.*vmlinux build ID /, ""); print; exit }'
}
own_id=$(build_id "$E2E_MANIFEST")
other_id=$(build_id "$other_manifest")
check "the manifests record two vmlinux build IDs ($own_id, $other_id)" \
  test -n "$own_id" -a -n "$other_id" -a "$own_id" != "$other_id"
printf '%s\n' "$own_id" >own-build-id
printf '%s\n' "$other_id" >other-build-id
e2e_guest_file own-build-id /klp/own-build-id
e2e_guest_file other-build-id /klp/other-build-id

# klp-config: this kernel's tree with the other kernel's manifest is refused.
status=0
"$E2E_BIN/klp-config" --kbuild --kernel "$E2E_KDIR" --manifest "$other_manifest" \
  >klp-config.out 2>&1 || status=$?
cat klp-config.out
check_eq "klp-config refuses this kernel's tree with $other_kernel's manifest (exit 1)" 1 "$status"
check "klp-config names both releases" \
  grep -q "is release .*, but the manifest .* describes release " klp-config.out

# The by-hand build: klp-config's words for a plain clang module linked by
# ld.lld, the plugin flags for the other manifest, then klp-convert.
log=$E2E_WORK/kbuild-other.log
if (
  read -r -a words <<<"$("$E2E_BIN/klp-config" --kbuild --kernel "$E2E_KDIR" --ld "$E2E_LLD")"
  make -C "$E2E_KDIR" M="$PWD/other" -j"$(nproc)" "${words[@]}" \
    KCFLAGS="$("$E2E_BIN/klp-config" --cflags --manifest "$other_manifest")" modules &&
    "$E2E_BIN/klp-convert" --in-place other/klp_e2e_guard_other.ko
) >"$log" 2>&1; then
  pass "kbuild other (this kernel's headers, $other_kernel's manifest, ld.lld + klp-convert)"
else
  fail "kbuild other (this kernel's headers, $other_kernel's manifest, ld.lld + klp-convert)" "$(e2e_log_tail "$log")"
  exit 0
fi
echo "$PWD/other/klp_e2e_guard_other.ko" >>"$E2E_WORK/guest-modules"
e2e_klp_syms other/klp_e2e_guard_other.ko vmlinux vmlinux_build_id,0

# foreign/: the patch built wholly for the other kernel, as klp-config
# prints it (its tree, its manifest). This kernel's module loader refuses it
# before any livepatch code runs (insmod -f would not help: on 6.12 the
# struct module size check comes before the vermagic and modversions
# checks that --force skips).
log=$E2E_WORK/kbuild-foreign.log
if (
  read -r -a words <<<"$("$E2E_BIN/klp-config" --kbuild --kernel "$other_kdir" --manifest "$other_manifest")"
  make -C "$other_kdir" M="$PWD/foreign" -j"$(nproc)" "${words[@]}" modules
) >"$log" 2>&1; then
  pass "kbuild foreign ($other_kernel's tree and manifest, klp-ld)"
else
  fail "kbuild foreign ($other_kernel's tree and manifest, klp-ld)" "$(e2e_log_tail "$log")"
  exit 0
fi
echo "$PWD/foreign/klp_e2e_guard_foreign.ko" >>"$E2E_WORK/guest-modules"

# This kernel's notes, as /sys/kernel/notes shows them: vmlinux's .notes.
read -r off size < <("$E2E_LLVM_BIN/llvm-readelf" -SW "$KERNEL_DIR/vmlinux" |
  awk '$2 == ".notes" { print $5, $6; exit }')
tail -c +$((16#$off + 1)) "$KERNEL_DIR/vmlinux" | head -c $((16#$size)) >notes
md5sum <notes | cut -d' ' -f1 >notes.md5
e2e_guest_file notes.md5 /klp/notes.md5

# klp-check: own/ passes against this kernel's manifest and notes; other/
# fails against each, naming the identity rule.
check "klp-check own/ with this kernel's manifest and notes passes" \
  "$E2E_BIN/klp-check" own/klp_e2e_guard.ko --manifest "$E2E_MANIFEST" --kernel-notes notes
for how in "--manifest $E2E_MANIFEST:kernel-identity" "--kernel-notes notes:kernel-build-id"; do
  status=0
  # shellcheck disable=SC2086 # the option and its value
  "$E2E_BIN/klp-check" other/klp_e2e_guard_other.ko ${how%:*} >klp-check.out 2>&1 || status=$?
  cat klp-check.out
  check_eq "klp-check ${how%% *} refuses other/ (exit 1)" 1 "$status"
  check "klp-check ${how%% *} says [${how##*:}]" grep -q "\[${how##*:}\]" klp-check.out
done
