# shellcheck shell=bash
# Host-only scenario: the two ways of making a manifest of one kernel must
# agree. One is built from the booted kernel's /proc/kallsyms (what the
# kernel itself computed), the other from the debug package's vmlinux, where
# klp-manifest reconstructs what scripts/kallsyms.c would have kept and in
# which order. For every vmlinux symbol, (object, name, sympos) must be the
# same in both, and so should the count and the type letter. A difference is
# a bug in klp-manifest's emulation of the kernel's build scripts: each one
# is listed with the debug vmlinux's source file of the symbol.
dump() { # dump MANIFEST OUT: "name sympos count type [file=...]" per vmlinux symbol
  "$E2E_BIN/klp-manifest" dump "$1" | awk '$1 == "vmlinux"' | LC_ALL=C sort >"$2"
}
dump "$E2E_MANIFEST" vmlinux.txt
dump "$E2E_KALLSYMS_MANIFEST" kallsyms.txt
check "both manifests list vmlinux symbols" test -s vmlinux.txt -a -s kallsyms.txt
echo "vmlinux symbols: $(wc -l <vmlinux.txt) from the debug vmlinux, $(wc -l <kallsyms.txt) from /proc/kallsyms"

# compare CHECK FIELDS...: the fields ($2 name, $3 sympos, $4 count, $5
# type) of the two dumps are equal; else the differing lines, annotated.
compare() {
  local name=$1
  shift
  local cols
  cols=$(printf '$%s " " ' 1 "$@")
  awk "{ print $cols }" vmlinux.txt | LC_ALL=C sort >a.txt
  awk "{ print $cols }" kallsyms.txt | LC_ALL=C sort >b.txt
  if cmp -s a.txt b.txt; then
    pass "$name"
    return
  fi
  LC_ALL=C comm -23 a.txt b.txt >only-vmlinux.txt
  LC_ALL=C comm -13 a.txt b.txt >only-kallsyms.txt
  {
    echo "only in the manifest from the debug vmlinux ($(wc -l <only-vmlinux.txt)):"
    head -n 20 only-vmlinux.txt | while read -r obj sym _; do
      grep -F " $sym " vmlinux.txt | grep "^$obj $sym " | head -n 3
    done
    echo "only in the manifest from /proc/kallsyms ($(wc -l <only-kallsyms.txt)):"
    head -n 20 only-kallsyms.txt
  } | tee "$name.diff" | sed 's/^/  /'
  fail "$name" "$(wc -l <only-vmlinux.txt) vs $(wc -l <only-kallsyms.txt) lines differ; see $PWD/$name.diff"
}
compare "(object, name, sympos) agree for every vmlinux symbol" 2 3
compare "(object, name, sympos, count) agree" 2 3 4
compare "type letters agree" 2 3 5
