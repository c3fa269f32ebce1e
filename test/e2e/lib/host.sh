# shellcheck shell=bash
# Sourced by test/e2e/run.sh into the subshell that runs a scenario's
# build.sh (cwd: the scenario's build copy). The host side of a scenario:
# build modules through kbuild, make manifests, check modules, choose what
# goes into the guest. Each check reports one line "PASS <name>" or
# "FAIL <name>: <why>" on fd 3, as the guest's checks do; the driver counts
# them. Details go to log files in $E2E_WORK, never to the report.
#
# Set by the driver: E2E_WORK (the scenario's work folder), E2E_BIN (the
# build's bin/), E2E_MANIFEST (the kernel's manifest, from the debug vmlinux),
# E2E_KDIR (make -C), E2E_LLD (the ld.lld of the build's LLVM), KERNEL_DIR.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

pass() { echo "PASS $1" >&3; }
fail() {
  local name=$1
  shift
  echo "FAIL $name: $*" >&3
}

# check NAME CMD...: passes when CMD exits 0.
check() {
  local name=$1
  shift
  if "$@"; then pass "$name"; else fail "$name" "'$*' exited $?"; fi
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
  if [[ $2 == "$3" ]]; then pass "$1"; else fail "$1" "expected '$2', got '$3'"; fi
}

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
#   klp-ld  the plugin with manifest M (default $E2E_MANIFEST), linked by klp-ld
#   convert the plugin, linked by a plain ld.lld, then klp-convert --in-place
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
    --manifest) manifest=$2; shift 2 ;;
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
  warnings=$(grep -aiE 'warning:' "$log" || true)
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
  [[ -f $KERNEL_DIR/vmlinux ]] || kernel=(--kallsyms "${E2E_KALLSYMS:-$KERNEL_DIR/kallsyms}")
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
