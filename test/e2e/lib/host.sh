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

# e2e_kbuild [--link plain|klp-ld|convert] [--manifest M] [--object OBJ]
#            [--no-klp-check] [--no-guest] DIR
# Builds the modules of DIR with make -C KDIR M=DIR $(klp-config --kbuild
# ...) modules:
#   plain   clang, no plugin, the kernel's linker (default)
#   klp-ld  the plugin with manifest M (default $E2E_MANIFEST), linked by klp-ld
#   convert the plugin, linked by a plain ld.lld, then klp-convert --in-place
# Checks: kbuild succeeded, its log has no warning, klp-convert succeeded
# (convert), klp-check with M passes on each livepatch .ko (unless
# --no-klp-check). The .ko files go into the guest (unless --no-guest).
e2e_kbuild() {
  local link=plain manifest=$E2E_MANIFEST object="" klp_check=1 guest=1 dir=""
  while (($#)); do
    case $1 in
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
  local args=()
  case $link in
  plain) ;;
  klp-ld) args=(--manifest "$manifest") ;;
  convert) args=(--manifest "$manifest" --ld "$E2E_LLD") ;;
  *) fail "kbuild $label" "unknown --link '$link' (plain, klp-ld or convert)"; return 1 ;;
  esac
  [[ -n $object ]] && args+=(--object "$object")
  if ! (klp_kbuild "${args[@]}" "$dir") >"$log" 2>&1; then
    fail "kbuild $label ($link)" "$(e2e_log_tail "$log")"
    return 1
  fi
  pass "kbuild $label ($link)"
  local warnings
  warnings=$(grep -aiE 'warning:' "$log" || true)
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
e2e_manifest() {
  local out=$1
  shift
  local log=$E2E_WORK/manifest-${out##*/}.log
  if "$E2E_BIN/klp-manifest" build --vmlinux "$KERNEL_DIR/vmlinux" \
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
