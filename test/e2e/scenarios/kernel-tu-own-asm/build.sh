# shellcheck shell=bash
# shellcheck source-path=SCRIPTDIR
# Host-only scenario: files of the real kernel, compiled with kbuild's exact
# flags and the plugin, keep the symbols their own assembly defines.
#
# kernel/sched/core.c defines its static calls with DEFINE_STATIC_CALL: the
# trampolines __SCT__* are module-level asm, and in the IR only declarations,
# which the manifest lists as vmlinux symbols. The plugin must not take them
# for references into vmlinux: before the pass skipped names the file's own
# asm defines, each became a weak livepatch reference and the assembler
# warned "__SCT__tp_func_sched_switch changed binding to STB_WEAK" (27 times).
# arch/x86/kernel/alternative.c defines int3_magic in module-level asm and
# the label int3_selftest_ip inside an inline asm statement, both read from
# C and both locals of alternative.c in the manifest; paravirt.c defines
# functions in module-level asm that C code uses: 6.1's _paravirt_nop, 6.12's
# DEFINE_ASM_FUNC()s paravirt_ret0, _paravirt_ident_64 (C in 6.1) and
# pv_native_save_fl.
#
# The source is Debian's linux-source of exactly the booted image's version,
# prepared once (scripts/lib/kernel-source.sh; the first run downloads about
# 140 MB and takes one to two minutes). Each file is compiled twice, without
# and with the plugin (manifest: $E2E_MANIFEST); objcheck.py compares them.
root=$(cd "$E2E_LIB/../../.." && pwd)
# The driver's shell has common.sh and kernel-fetch.sh already; a shell of
# its own would not.
# shellcheck source=../../../../scripts/lib/common.sh
declare -F klp_die >/dev/null || source "$root/scripts/lib/common.sh"
# shellcheck source=../../../../scripts/lib/kernel-fetch.sh
declare -F klp_kernel_fetch >/dev/null || source "$root/scripts/lib/kernel-fetch.sh"
# shellcheck source=../../../../scripts/lib/kernel-source.sh
source "$root/scripts/lib/kernel-source.sh"
# shellcheck source=/dev/null
[[ -n ${KERNEL_VERSION:-} ]] || source "$KERNEL_DIR/kernel.env"
export LLVM_BIN=$E2E_LLVM_BIN PRINT_MARKS=$root/test/lit/pass/Inputs/print-marks.py

t0=$(klp_now)
klp_kernel_source --klp-config "$E2E_BIN/klp-config"
echo "kernel source: $KERNEL_SOURCE, ready in $(klp_elapsed "$t0")s (its preparation: $SOURCE_TIMES)"

targets=(kernel/sched/core.o arch/x86/kernel/alternative.o arch/x86/kernel/paravirt.o)
if ! flags=$("$E2E_BIN/klp-config" --cflags --manifest "$E2E_MANIFEST"); then
  fail "klp-config --cflags" "exited $?"
  return 1
fi

# compile NAME [FLAGS]: every target into $E2E_WORK/NAME (an output tree),
# the log in $E2E_WORK/compile-NAME.log.
compile() {
  local name=$1 log=$E2E_WORK/compile-$1.log t0
  t0=$(klp_now)
  if (klp_source_compile -j"$(nproc)" ${2:+--cflags "$2"} "$E2E_WORK/$name" \
    "${targets[@]}") >/dev/null 2>"$log"; then
    pass "compile ${#targets[@]} kernel files ($name)"
  else
    fail "compile ${#targets[@]} kernel files ($name)" "$(e2e_log_tail "$log")"
    return 1
  fi
  echo "compile ($name): $(klp_elapsed "$t0")s"
  local warnings
  warnings=$(grep -aiE 'warning:' "$log" || true)
  if [[ -z $warnings ]]; then
    pass "compile ($name) without warnings"
  else
    fail "compile ($name) without warnings" \
      "$(wc -l <<<"$warnings") warnings: $(head -n 5 <<<"$warnings" | tr '\n' '|')"
  fi
}
compile plain || return 1
compile plugin "$flags" || return 1
check "kbuild's command for core.o has the plugin flags" \
  grep -qF -- "-fpass-plugin=$("$E2E_BIN/klp-config" --plugin)" "$E2E_WORK/plugin/kernel/sched/.core.o.cmd"

# objcheck TARGET ARGS...: objcheck.py's PASS/FAIL lines become checks.
objcheck() {
  local target=$1 line what
  shift
  while IFS= read -r line; do
    case $line in
    "PASS "*) pass "${line#PASS }" ;;
    "FAIL "*)
      what=${line#FAIL }
      fail "${what%%: *}" "${what#*: }"
      ;;
    "INFO "*) echo "${line#INFO }" ;;
    *) echo "$line" ;;
    esac
  done < <(python3 ./objcheck.py "$target" "$E2E_WORK/plain/$target" \
    "$E2E_WORK/plugin/$target" "$@" || echo "FAIL objcheck.py $target: exited $?")
}
objcheck kernel/sched/core.o --own-prefix __SCT__
objcheck arch/x86/kernel/alternative.o --own int3_magic --own int3_selftest_ip
case ${KLP_KERNEL:-debian-6.1} in
debian-6.1) paravirt_own=(--own _paravirt_nop) ;;
*) paravirt_own=(--own paravirt_ret0 --own _paravirt_ident_64 --own pv_native_save_fl) ;;
esac
objcheck arch/x86/kernel/paravirt.o "${paravirt_own[@]}" --own-prefix __SCT__
