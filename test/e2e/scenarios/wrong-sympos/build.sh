# shellcheck shell=bash
# Host steps: make the stale manifest (the booted kernel's kallsyms, with the
# server's modules loaded, plus one more defrag_show), build the patch
# against it, then check it with the running kernel's manifest: klp-check
# must refuse it and quote the kernel's message, which the guest then
# expects in the kernel log.
awk '{ print } $3 == "defrag_show" && ++n == 2 { print }' "$E2E_KALLSYMS" >stale.kallsyms
check "stale kallsyms has 3 defrag_show" test "$(grep -c ' defrag_show$' stale.kallsyms)" = 3
log=$E2E_WORK/manifest-stale.log
if "$E2E_BIN/klp-manifest" build --kallsyms stale.kallsyms \
  --symvers "$E2E_KDIR/Module.symvers" -o "$E2E_WORK/stale.klpm" >"$log" 2>&1; then
  pass "klp-manifest build stale.klpm"
else
  fail "klp-manifest build stale.klpm" "$(e2e_log_tail "$log")"
  exit 0
fi
e2e_kbuild --link klp-ld --manifest "$E2E_WORK/stale.klpm" --no-klp-check . || exit 0
check "klp_e2e_badpos.ko, .klp.sym.vmlinux.defrag_show,3" \
  grep -qE "OS\[0xff20\] \.klp\.sym\.vmlinux\.defrag_show,3\$" \
  <("$E2E_LLVM_BIN/llvm-readelf" -s klp_e2e_badpos.ko)

# klp-check against the stale manifest passes (the module is what that
# manifest asked for); against the running kernel's it must fail.
e2e_klp_check klp_e2e_badpos.ko --manifest "$E2E_WORK/stale.klpm"
status=0
"$E2E_BIN/klp-check" klp_e2e_badpos.ko --manifest "$E2E_MANIFEST" \
  >klp-check.out 2>&1 || status=$?
cat klp-check.out
check_eq "klp-check with the kernel's manifest refuses the module (exit 1)" 1 "$status"
# The kernel's words, as klp-check quotes them ("kernel: <line>").
message=$(sed -n 's/^.*kernel: //p' klp-check.out | grep -F defrag_show | head -n 1)
check "klp-check names defrag_show,3 and quotes the kernel ($message)" \
  grep -q "position 3 for symbol 'defrag_show' in object 'vmlinux'" <<<"$message"
printf '%s\n' "$message" >expected-message
e2e_guest_file expected-message /klp/expected-message
