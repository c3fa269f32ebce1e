# shellcheck shell=bash
# Sourced by test/e2e/lib/scenario.sh into the subshell that runs a
# scenario's host steps (cwd: the scenario's build copy): its scenario.conf
# BUILD and KLP_SYMS, then its build.sh. The host side of a scenario: build
# modules through kbuild, make manifests, check modules, choose what goes
# into the guest. Each check reports one line "PASS <name>" or
# "FAIL <name>: <why>" on fd 3, as the guest's checks do; the driver counts
# them. Details go to log files in $E2E_WORK, never to the report.
#
# Set by the driver (setup.sh, scenario.sh): E2E_WORK (the scenario's work
# folder), E2E_SRC (its build copy), E2E_SCENARIO (its name), E2E_BIN (the
# build's bin/), E2E_MANIFEST (the kernel's manifest, from the debug
# vmlinux), E2E_KALLSYMS_MANIFEST and E2E_KALLSYMS (the booted kernel's
# kallsyms, as a server has them, and its manifest), E2E_KDIR (make -C),
# E2E_LLD and E2E_LLVM_BIN (the ld.lld and bin/ of the build's LLVM),
# KERNEL_DIR, KLP_SCRIPTS_DIR, KLP_SRC_ROOT.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

pass() { echo "PASS $1" >&3; }
fail() {
  local name=$1
  shift
  echo "FAIL $name: $*" >&3
}

# check, check_eq, check_contains, check_not_contains, check_addr
# shellcheck source=test/e2e/lib/checks.sh
source "$E2E_LIB/checks.sh"

# e2e_log_tail LOG: the last lines of LOG, for a FAIL reason.
e2e_log_tail() { tail -n "${2:-15}" "$1" | tr '\n' '|' | sed 's/|$//'; }

# e2e_label DIR: DIR relative to the scenario copy, for check names.
e2e_label() {
  local abs
  abs=$(cd "$1" && pwd)
  if [[ $abs == "$E2E_SRC" ]]; then echo .; else echo "${abs#"$E2E_SRC"/}"; fi
}

# e2e_kbuild [--cc clang|gcc] [--link plain|klp-ld|convert] [--no-plugin]
#            [--modpost-warn] [--manifest M] [--object OBJ] [--no-klp-check]
#            [--no-guest] DIR
# Builds the modules of DIR with make -C KDIR M=DIR $(klp-config --kbuild
# ...) modules:
#   plain   clang, no plugin, the kernel's linker (default)
#   klp-ld  the plugin with manifest M, linked by klp-ld
#   convert the plugin, linked by a plain ld.lld, then klp-convert --in-place
# M: a file, or vmlinux ($E2E_MANIFEST, the default) or kallsyms
# ($E2E_KALLSYMS_MANIFEST).
# --no-plugin: convert without the plugin (clang, ld.lld, klp-convert), for
# modules that name their kernel symbols themselves (asm labels, tables).
# --cc gcc: the kernel's own compiler and linker (make -C KDIR M=DIR modules,
# no klp-config words): plain, or convert (then klp-convert).
# --modpost-warn: KBUILD_MODPOST_WARN=1, for modules whose references stay
# strong undefined symbols until klp-convert; modpost's "undefined!" lines
# are then not counted as warnings (klp-check and the kernel judge them).
# Checks: kbuild succeeded, its log has no warning, klp-convert succeeded
# (convert), klp-check with M passes on each livepatch .ko (unless
# --no-klp-check). The .ko files go into the guest (unless --no-guest).
e2e_kbuild() {
  local link=plain manifest=$E2E_MANIFEST object="" klp_check=1 guest=1 dir=""
  local cc=clang plugin=1 make_args=() undefined_ok=0
  while (($#)); do
    case $1 in
    --cc) cc=$2; shift 2 ;;
    --no-plugin) plugin=0; shift ;;
    --modpost-warn) make_args+=(KBUILD_MODPOST_WARN=1); undefined_ok=1; shift ;;
    --link) link=$2; shift 2 ;;
    --manifest) manifest=$(e2e_manifest_path "$2"); shift 2 ;;
    --object) object=$2; shift 2 ;;
    --no-klp-check) klp_check=0; shift ;;
    --no-guest) guest=0; shift ;;
    -*) fail "e2e_kbuild" "unknown option '$1'"; return 1 ;;
    *) dir=$1; shift ;;
    esac
  done
  local label
  label=$(e2e_label "$dir")
  local log=$E2E_WORK/kbuild-${label//\//_}.log
  [[ $label == . ]] && log=$E2E_WORK/kbuild.log
  local args=() what=$link
  case $link in
  plain) ;;
  klp-ld) args=(--manifest "$manifest") ;;
  convert) args=(--manifest "$manifest" --ld "$E2E_LLD") ;;
  *) fail "kbuild $label" "unknown --link '$link' (plain, klp-ld or convert)"; return 1 ;;
  esac
  [[ $link == plain || $manifest != "$E2E_KALLSYMS_MANIFEST" ]] || what+=", manifest from kallsyms"
  if [[ $link == convert ]] && ((!plugin)); then
    args=(--ld "$E2E_LLD")
    what="convert, no plugin"
  fi
  [[ -n $object ]] && args+=(--object "$object")
  case $cc in
  clang)
    if ! (klp_kbuild "${args[@]}" "$dir" "${make_args[@]}") >"$log" 2>&1; then
      fail "kbuild $label ($what)" "$(e2e_log_tail "$log")"
      return 1
    fi
    ;;
  gcc)
    what="gcc, $link"
    if [[ $link == klp-ld ]]; then
      fail "kbuild $label ($what)" "klp-ld needs clang"
      return 1
    fi
    if ! make -C "$E2E_KDIR" M="$(cd "$dir" && pwd)" -j"$(nproc)" \
      "${make_args[@]}" modules >"$log" 2>&1; then
      fail "kbuild $label ($what)" "$(e2e_log_tail "$log")"
      return 1
    fi
    ;;
  *) fail "kbuild $label" "unknown --cc '$cc' (clang or gcc)"; return 1 ;;
  esac
  pass "kbuild $label ($what)"
  local warnings
  # klp-config's warning about a manifest without a kernel identity: the
  # suite builds against kallsyms manifests on purpose (lit tests it).
  warnings=$(grep -aiE 'warning:' "$log" |
    grep -avE '^klp-config: warning: the manifest .* does not say which kernel build it describes' || true)
  if ((undefined_ok)); then
    warnings=$(grep -avE '^WARNING: modpost: .* undefined!$' <<<"$warnings" || true)
  fi
  if [[ -z $warnings ]]; then
    pass "kbuild $label without warnings"
  else
    fail "kbuild $label without warnings" "$(tr '\n' '|' <<<"$warnings")"
  fi
  local ko ok=0
  for ko in "$dir"/*.ko; do
    [[ -e $ko ]] || continue
    local name=${ko##*/}
    if [[ $link == convert ]]; then
      if "$E2E_BIN/klp-convert" --verbose --in-place "$ko" >>"$log" 2>&1; then
        pass "klp-convert $name"
      else
        fail "klp-convert $name" "$(e2e_log_tail "$log" 5)"
        ok=1
        continue
      fi
    fi
    if [[ $link != plain ]] && ((klp_check)); then
      e2e_klp_check "$ko" --manifest "$manifest"
    fi
    ((guest)) && echo "$(cd "${ko%/*}" && pwd)/$name" >>"$E2E_WORK/guest-modules"
  done
  return $ok
}

# e2e_klp_check KO [--manifest M]: klp-check passes on KO (output kept in
# <KO>.klp-check).
e2e_klp_check() {
  local ko=$1
  shift
  local out=$ko.klp-check
  if "$E2E_BIN/klp-check" "$ko" "$@" >"$out" 2>&1; then
    pass "klp-check ${ko##*/}"
  else
    fail "klp-check ${ko##*/}" "$(e2e_log_tail "$out")"
  fi
}

# e2e_manifest OUT [klp-manifest build inputs...]: a manifest of the booted
# kernel (the debug vmlinux and Module.symvers) plus the given inputs
# (typically --module target.ko for modules the kernel does not have).
# Without a fetched debug vmlinux (run.sh --manifest), the booted kernel's
# kallsyms stand in for it (same symbols and positions, no source files).
e2e_manifest() {
  local out=$1
  shift
  local log=$E2E_WORK/manifest-${out##*/}.log kernel=(--vmlinux "$KERNEL_DIR/vmlinux")
  [[ -f $KERNEL_DIR/vmlinux ]] || kernel=(--kallsyms "$E2E_KALLSYMS")
  if "$E2E_BIN/klp-manifest" build "${kernel[@]}" \
    --symvers "$E2E_KDIR/Module.symvers" "$@" -o "$out" >"$log" 2>&1; then
    pass "klp-manifest build ${out##*/}"
  else
    fail "klp-manifest build ${out##*/}" "$(e2e_log_tail "$log")"
    return 1
  fi
}

# e2e_guest_file SRC DST: SRC is copied to DST inside the guest.
e2e_guest_file() {
  echo "$(cd "$(dirname "$1")" && pwd)/${1##*/}:$2" >>"$E2E_WORK/guest-files"
}

# e2e_manifest_path M: the manifest M names: vmlinux ($E2E_MANIFEST, from the
# debug vmlinux), kallsyms ($E2E_KALLSYMS_MANIFEST, from the booted kernel's
# kallsyms with the server's modules loaded), else the file M.
e2e_manifest_path() {
  case $1 in
  vmlinux) echo "$E2E_MANIFEST" ;;
  kallsyms) echo "$E2E_KALLSYMS_MANIFEST" ;;
  *) echo "$1" ;;
  esac
}

# e2e_build HOW [DIR] [OPTION...]: one entry of scenario.conf's BUILD:
# e2e_kbuild --link HOW [OPTION...] DIR (DIR: default the copy itself).
e2e_build() {
  local how=$1 dir=.
  shift
  if [[ -n ${1:-} && $1 != -* ]]; then
    dir=$1
    shift
  fi
  e2e_kbuild --link "$how" "$@" "$dir"
}

# e2e_klp_syms KO OBJECT NAME,POS...: KO has the livepatch symbol
# .klp.sym.OBJECT.NAME,POS (SHN_LIVEPATCH) for each, and a .klp.rela.OBJECT.*
# section. KO may be a glob (relative to the copy): then every match.
e2e_klp_syms() {
  local pattern=$1 obj=$2 ko s syms found=0
  shift 2
  # shellcheck disable=SC2086 # a glob
  for ko in $pattern; do
    [[ -f $ko ]] || continue
    found=1
    syms=$("$E2E_LLVM_BIN/llvm-readelf" -sW "$ko")
    for s in "$@"; do
      check "${ko##*/}, .klp.sym.$obj.$s is SHN_LIVEPATCH" \
        grep -qE "OS\[0xff20\] \.klp\.sym\.$obj\.$s\$" <<<"$syms"
    done
    check "${ko##*/}, .klp.rela.$obj.* section" \
      grep -qF " .klp.rela.$obj." <("$E2E_LLVM_BIN/llvm-readelf" -SW "$ko")
  done
  ((found)) || fail "$pattern, .klp.sym.$obj.*" "no module matches $pattern"
}
