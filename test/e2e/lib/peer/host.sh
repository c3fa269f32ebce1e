# shellcheck shell=bash
# Host steps shared by the peer-* scenarios, which prove that the annotation
# forms other livepatch tools write (asm labels, klp-convert tables) give
# modules that bind the intended kernel symbols. Sourced by their build.sh
# (after lib/host.sh; cwd: the scenario's build copy, which holds the
# scenario's vmlinux.c, target.c and their headers).
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# peer_setup: builds the target module klp_e2e_target (module-target's, a
# plain clang module), makes the manifest of the kernel plus that module
# ($PEER_MANIFEST), and takes from the manifests the positions the patches
# name: the last of vmlinux's defrag_show (> 1) and target_b.c's helper.
# They go into positions.h (DEFRAG_SHOW_POS, HELPER_POS) for the C files
# and /klp/expect.sh for the guest.
peer_setup() {
  mkdir target
  cp "$E2E_LIB"/../scenarios/module-target/target/* target/
  e2e_kbuild --link plain target || return 1
  PEER_MANIFEST=$E2E_WORK/with-target.klpm
  e2e_manifest "$PEER_MANIFEST" --module target/klp_e2e_target.ko || return 1

  local defrag defrag_file helper
  defrag=$("$E2E_BIN/klp-manifest" query "$E2E_MANIFEST" defrag_show |
    awk '$1 == "vmlinux" { sub("sympos=", "", $3); if ($3 + 0 > n + 0) n = $3 } END { print n }')
  peer_found "manifest, vmlinux has several defrag_show (the last: $defrag)" "${defrag:-0}" 1 || return 1
  # The file of that copy, where the manifest knows it (made from the
  # debug vmlinux): the guest then knows which sysfs attribute it shows.
  defrag_file=$("$E2E_BIN/klp-manifest" query "$E2E_MANIFEST" defrag_show |
    awk -v p="sympos=$defrag" '$1 == "vmlinux" && $3 == p {
      for (i = 4; i <= NF; i++) if ($i ~ /^file=/) print substr($i, 6) }')
  helper=$("$E2E_BIN/klp-manifest" query "$PEER_MANIFEST" helper |
    awk '$1 == "klp_e2e_target" && / file=target_b\.c( |$)/ { sub("sympos=", "", $3); print $3 }')
  peer_found "manifest, target_b.c's helper of klp_e2e_target (sympos $helper)" "${helper:-0}" 0 || return 1

  printf '#define DEFRAG_SHOW_POS %s\n#define HELPER_POS %s\n' "$defrag" "$helper" >positions.h
  PEER_DEFRAG_POS=$defrag PEER_HELPER_POS=$helper
  local attr=""
  case $defrag_file in
  huge_memory.c) attr=/sys/kernel/mm/transparent_hugepage/defrag ;;
  khugepaged.c) attr=/sys/kernel/mm/transparent_hugepage/khugepaged/defrag ;;
  esac
  printf 'pos_defrag=%s\npos_helper=%s\ndefrag_attr=%s\n' "$defrag" "$helper" "$attr" >expect.sh
  e2e_guest_file expect.sh /klp/expect.sh
  e2e_guest_file "$E2E_LIB/peer/checks.sh" /klp/peer.sh
}

# peer_found NAME POS MIN: passes if POS > MIN (returns 1 otherwise).
peer_found() {
  if (($2 > $3)); then pass "$1"; else fail "$1" "no such symbol position in the manifest"; return 1; fi
}

# peer_build FORM [CFLAGS...]: the scenario's vmlinux.c and target.c, built
# three ways into klp_e2e_<FORM>_{vm,mod}_<path>.ko:
#   cv   clang without the plugin, ld.lld, then klp-convert (the peers' path)
#   ld   clang with the plugin, klp-ld
#   gcc  the kernel's own compiler and linker (gcc, GNU ld), then klp-convert
# CFLAGS go to both C files (a form's variant, e.g. -DQUOTED). Each module
# must come out with the kernel's livepatch symbols for what its form
# named, and nothing left of the form itself.
peer_build() {
  local form=$1 path
  shift
  for path in cv ld gcc; do
    local vm=klp_e2e_${form}_vm_$path mod=klp_e2e_${form}_mod_$path dir=$form-$path
    mkdir "$dir"
    cp vmlinux.c "$dir/$vm.c"
    cp target.c "$dir/$mod.c"
    cp ./*.h "$dir/"
    # shellcheck disable=SC2016 # $(E2E_LIB) is for make
    printf 'obj-m := %s.o %s.o\nccflags-y += -I$(E2E_LIB) -I%s %s\n' \
      "$vm" "$mod" "$E2E_BIN/../include" "$*" >"$dir/Kbuild"
    local how=()
    case $path in
    cv) how=(--link convert --no-plugin --modpost-warn) ;;
    ld) how=(--link klp-ld) ;;
    gcc) how=(--cc gcc --link convert --modpost-warn) ;;
    esac
    e2e_kbuild "${how[@]}" --manifest "$PEER_MANIFEST" "$dir" || continue
    peer_check_elf "$dir/$vm.ko" vmlinux "defrag_show,$PEER_DEFRAG_POS" cmdline_proc_show,0
    peer_check_elf "$dir/$mod.ko" klp_e2e_target target_reads,0 "helper,$PEER_HELPER_POS"
  done
}

# peer_check_elf KO OBJECT NAME,POS...: KO has .klp.sym.OBJECT.NAME,POS
# (SHN_LIVEPATCH) for each, .klp.rela.OBJECT.* sections (e2e_klp_syms), and
# no label or table of a peer's form left (.klp.sym.rela.*, quotes,
# .klp.module_relocs.*).
peer_check_elf() {
  local ko=$1 syms sections
  e2e_klp_syms "$@"
  syms=$("$E2E_LLVM_BIN/llvm-readelf" -sW "$ko")
  sections=$("$E2E_LLVM_BIN/llvm-readelf" -SW "$ko")
  # shellcheck disable=SC2016 # $1 is for bash -c
  check "${ko##*/}, no .klp.sym.rela or quoted symbol left" \
    bash -c '! grep -qE "\.klp\.sym\.rela\.|\"" <<<"$1"' _ "$syms"
  # shellcheck disable=SC2016
  check "${ko##*/}, no .klp.module_relocs section left" \
    bash -c '! grep -qF ".klp.module_relocs" <<<"$1"' _ "$sections"
}
