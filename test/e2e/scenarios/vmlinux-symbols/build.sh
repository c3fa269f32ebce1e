# shellcheck shell=bash
# Host steps: the same patch finished both ways, as two modules:
#   klp_e2e_vmlinux     linked by klp-ld (make LD=klp-ld)
#   klp_e2e_vmlinux_cv  linked by a plain ld.lld, then klp-convert --in-place
mkdir ld convert
cp klp_e2e_vmlinux.c ld/
printf 'obj-m := klp_e2e_vmlinux.o\nccflags-y += -I$(E2E_LIB)\n' >ld/Kbuild
cp klp_e2e_vmlinux.c convert/klp_e2e_vmlinux_cv.c
printf 'obj-m := klp_e2e_vmlinux_cv.o\nccflags-y += -I$(E2E_LIB)\n' >convert/Kbuild
e2e_kbuild --link klp-ld ld
e2e_kbuild --link convert convert

# Each module names the three symbols the kernel must resolve, in vmlinux
# relocation sections.
for ko in ld/klp_e2e_vmlinux.ko convert/klp_e2e_vmlinux_cv.ko; do
  [[ -f $ko ]] || continue
  syms=$("$E2E_LLVM_BIN/llvm-readelf" -s "$ko")
  for s in nr_processes saved_command_line cmdline_proc_show; do
    check "${ko##*/}, .klp.sym.vmlinux.$s,0 is SHN_LIVEPATCH" \
      grep -qE "OS\[0xff20\] \.klp\.sym\.vmlinux\.$s,0\$" <<<"$syms"
  done
  check "${ko##*/}, .klp.rela.vmlinux.text" \
    grep -q '\.klp\.rela\.vmlinux\.text' <("$E2E_LLVM_BIN/llvm-readelf" -S "$ko")
done
