// Several kernel symbols share a name; the one in the kernel source file
// the patch was taken from wins: the translation unit's own name, or the
// files KLP_SOURCE_FILE names (basenames compared: these objects have no
// DWARF, dup-by-path.c has paths). The manifest comes from a real vmlinux
// and .ko, which carry the file names.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang_kernel -O2 -c %S/Inputs/kernel/fork.c -o %t/fork.o
// RUN: %clang_kernel -O2 -c %S/Inputs/kernel/exit.c -o %t/exit.o
// RUN: %clang_kernel -O2 -c %S/Inputs/kernel/super.c -o %t/ext4.ko
// RUN: %ld.lld -e 0 -Ttext=0xffffffff81000000 --defsym=_stext=0xffffffff81000000 \
// RUN:   --defsym=_etext=0xffffffff82000000 %t/fork.o %t/exit.o -o %t/vmlinux
// RUN: %klp-manifest build --vmlinux %t/vmlinux --module %t/ext4.ko -o %t/m.klpm

// The TU is called fork.c:
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/m.klpm \
// RUN:   %S/Inputs/patch/fork.c -o %t/own-name.o
// RUN: %print_marks %t/own-name.o | FileCheck --check-prefix=FORK %s
// FORK:      2 vmlinux 1 nr_calls nr_calls
// FORK-NEXT: 2 vmlinux 1 show_stat show_stat

// KLP_SOURCE_FILE with a path; the TU's own name no longer counts:
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/m.klpm \
// RUN:   -DHINT='"kernel/exit.c"' %s -o %t/exit-hint.o
// RUN: %print_marks %t/exit-hint.o | FileCheck --check-prefix=EXIT %s
// RUN: llvm-readelf -S %t/exit-hint.o | FileCheck --check-prefix=NOHINT %s
// EXIT:      2 vmlinux 2 nr_calls nr_calls
// EXIT-NEXT: 2 vmlinux 2 show_stat show_stat
// The hint itself does not reach the object.
// NOHINT-NOT: discard

// A module's file; nr_calls is not in super.c, so it stays ambiguous and
// goes to the link step:
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/m.klpm \
// RUN:   -DHINT='"fs/ext4/super.c"' %s -o %t/super-hint.o
// RUN: %print_marks %t/super-hint.o | FileCheck --check-prefix=SUPER %s
// SUPER:      2 ext4 0 show_stat show_stat
// SUPER-NEXT: deferred: 2 nr_calls dup-by-file.c:livepatch_do_exit() reference to 'nr_calls' is ambiguous: 2 kernel symbols have that name: vmlinux sympos 1 (b, fork.c); vmlinux sympos 2 (b, exit.c).
// SUPER-SAME: Say which one the patch means: declare it with KLP_SYMBOL(<object>, nr_calls, <sympos>) from klp.h, e.g. KLP_SYMBOL(vmlinux, nr_calls, 1), or name the kernel source file the code comes from with KLP_SOURCE_FILE("<file>"){{$}}
// SUPER-NOT: {{.}}

// Two hints and the object together:
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/m.klpm \
// RUN:   -DHINT='"fork.c"' -DHINT2='"super.c"' -mllvm -klp-object=ext4 \
// RUN:   -DNO_DATA %s -o %t/two-hints.o
// RUN: %print_marks %t/two-hints.o | FileCheck --check-prefix=TWO %s
// TWO:     2 ext4 0 show_stat show_stat
// TWO-NOT: {{.}}

#include <klp.h>

KLP_SOURCE_FILE(HINT);
#ifdef HINT2
KLP_SOURCE_FILE(HINT2);
#endif

int show_stat(int);
extern int nr_calls;

int livepatch_do_exit(int x) {
#ifndef NO_DATA
  nr_calls++;
#endif
  return show_stat(x);
}
