# shellcheck shell=bash
# Host steps: find each renamed static in the booted kernel's kallsyms and
# the manifests, build the patch twice (klp-ld against the manifest of the
# vmlinux plus configfs.ko; ld.lld + klp-convert against the booted
# kernel's kallsyms, which list configfs: scripts/lib/clang-lto-modules.txt),
# and check that each module names the renamed symbols by their whole
# kallsyms names, which is what 6.1's livepatch looks up.

# renamed NAME [MODULE]: the one kallsyms name "NAME.llvm.<hash>" (of
# vmlinux, or of MODULE).
renamed() {
  awk -v n="$1" -v m="${2:+[$2]}" '
    index($3, n ".llvm.") == 1 && substr($3, length(n) + 7) ~ /^[0-9]+$/ &&
      $4 == m { print $3 }' "$E2E_KALLSYMS"
}
tainted=$(renamed tainted_mask)
show=$(renamed tty_ldiscs_seq_show)
group=$(renamed configfs_root_group configfs)
for n in "$tainted" "$show" "$group"; do
  check "kallsyms list a ThinLTO rename (${n:-none found})" test "$(wc -w <<<"$n")" = 1
done
# Nothing of the plain names: kallsyms show only the renamed ones.
check "kallsyms, no plain tainted_mask, tty_ldiscs_seq_show, configfs_root_group" \
  bash -c "! grep -qE ' (tainted_mask|tty_ldiscs_seq_show|configfs_root_group)(\$|[[:space:]])' '$E2E_KALLSYMS'"

configfs=$(compgen -G "$KERNEL_DIR/root/lib/modules/*/kernel/fs/configfs/configfs.ko" | head -n 1)
check "configfs.ko among the kernel's modules" test -f "$configfs" || exit 0
e2e_guest_file "$configfs" /klp/configfs.ko
e2e_manifest "$E2E_WORK/with-configfs.klpm" --module "$configfs" || exit 0

# Both manifests record the renamed symbols by their whole names.
for m in "$E2E_WORK/with-configfs.klpm" "$E2E_KALLSYMS_MANIFEST"; do
  for n in "$tainted" "$show" "$group"; do
    # shellcheck disable=SC2016 # expanded by the inner bash
    check "${m##*/}, knows $n" bash -c '"$1" query "$2" "$3" | grep -qF "$3"' _ \
      "$E2E_BIN/klp-manifest" "$m" "$n"
  done
done

e2e_kbuild --link klp-ld --manifest "$E2E_WORK/with-configfs.klpm" ld
e2e_kbuild --link convert --manifest kallsyms convert
for ko in ld/klp_e2e_lto.ko convert/klp_e2e_lto_cv.ko; do
  [[ -f $ko ]] || continue
  e2e_klp_syms "$ko" vmlinux "${tainted//./\\.},0" "${show//./\\.},0"
  e2e_klp_syms "$ko" configfs "${group//./\\.},0" configfs_is_root,0
  # The module's own references keep the C names (the kernel's are only in
  # the livepatch symbols).
  syms=$("$E2E_LLVM_BIN/llvm-readelf" -sW "$ko")
  # shellcheck disable=SC2016 # expanded by the inner bash
  check "${ko##*/}, no symbol of the plain names is left undefined" \
    bash -c '! grep -E " UND (tainted_mask|tty_ldiscs_seq_show|configfs_root_group)\$" <<<"$1"' _ "$syms"
done

# The negative half: the suffix cut off in a copy of the kallsyms, the
# module built against its manifest asks for .klp.sym.vmlinux.tainted_mask,0.
# klp-check with the kernel's manifest refuses it and quotes the kernel's
# message, which the guest then expects.
awk -v n="$tainted" '$3 == n { $3 = "tainted_mask" } { print }' "$E2E_KALLSYMS" >stripped.kallsyms
log=$E2E_WORK/manifest-stripped.log
if "$E2E_BIN/klp-manifest" build --kallsyms stripped.kallsyms \
  --symvers "$E2E_KDIR/Module.symvers" -o "$E2E_WORK/stripped.klpm" >"$log" 2>&1; then
  pass "klp-manifest build stripped.klpm"
else
  fail "klp-manifest build stripped.klpm" "$(e2e_log_tail "$log")"
  exit 0
fi
e2e_kbuild --link klp-ld --manifest "$E2E_WORK/stripped.klpm" --no-klp-check stripped || exit 0
e2e_klp_syms stripped/klp_e2e_lto_stripped.ko vmlinux tainted_mask,0
status=0
"$E2E_BIN/klp-check" stripped/klp_e2e_lto_stripped.ko --manifest "$E2E_KALLSYMS_MANIFEST" \
  >klp-check.out 2>&1 || status=$?
cat klp-check.out
check_eq "klp-check with the kernel's manifest refuses tainted_mask,0 (exit 1)" 1 "$status"
message=$(sed -n 's/^.*kernel: //p' klp-check.out | grep -F tainted_mask | head -n 1)
check "klp-check quotes the kernel ($message)" grep -qF "tainted_mask" <<<"$message"
printf '%s\n' "$message" >expected-message
e2e_guest_file expected-message /klp/expected-message
