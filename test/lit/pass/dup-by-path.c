// Two kernel files of the same basename, dir1/inode.c and dir2/inode.c,
// each with a static init_once, and a third, dir3/inode.c, built without
// debug info. A manifest from a vmlinux with DWARF knows the first two by
// their paths in the kernel tree, so a path decides where a basename
// cannot (6.1's vmlinux has init_once in fs/inode.c, fs/proc/inode.c and
// fs/hugetlbfs/inode.c); the third it knows as "inode.c".
// REQUIRES: gcc, gnu-ld
// RUN: rm -rf %t && mkdir -p %t
// RUN: cd %S/Inputs/kernel && gcc -O2 -g -ffreestanding -fno-pie \
// RUN:   -mcmodel=kernel -mno-red-zone -fno-asynchronous-unwind-tables \
// RUN:   -c dir1/inode.c -o %t/inode1.o
// RUN: cd %S/Inputs/kernel && gcc -O2 -g -ffreestanding -fno-pie \
// RUN:   -mcmodel=kernel -mno-red-zone -fno-asynchronous-unwind-tables \
// RUN:   -c dir2/inode.c -o %t/inode2.o
// RUN: cd %S/Inputs/kernel && gcc -O2 -ffreestanding -fno-pie \
// RUN:   -mcmodel=kernel -mno-red-zone -fno-asynchronous-unwind-tables \
// RUN:   -c dir3/inode.c -o %t/inode3.o
// RUN: ld --no-warn-rwx-segments -e 0 -Ttext=0xffffffff81000000 \
// RUN:   %t/inode1.o %t/inode2.o %t/inode3.o -o %t/vmlinux
// RUN: %klp-manifest build --vmlinux %t/vmlinux -o %t/m.klpm
// RUN: %klp-manifest query %t/m.klpm init_once | FileCheck --check-prefix=QUERY %s
// QUERY:      vmlinux init_once sympos=1 count=3 type=t file=dir1/inode.c
// QUERY-NEXT: vmlinux init_once sympos=2 count=3 type=t file=dir2/inode.c
// QUERY-NEXT: vmlinux init_once sympos=3 count=3 type=t file=inode.c{{$}}

// The path names one of them; the file known only as "inode.c" is not
// taken for it:
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/m.klpm \
// RUN:   -DHINT='"dir2/inode.c"' %s -o %t/dir2.o
// RUN: %print_marks %t/dir2.o | FileCheck --check-prefix=DIR2 %s
// DIR2:     2 vmlinux 2 init_once init_once
// DIR2-NOT: {{.}}
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/m.klpm \
// RUN:   -DHINT='"./dir2/../dir1/inode.c"' %s -o %t/dir1.o
// RUN: %print_marks %t/dir1.o | FileCheck --check-prefix=DIR1 %s
// DIR1:     2 vmlinux 1 init_once init_once
// DIR1-NOT: {{.}}

// Data too: the manifest places it by the code beside it.
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/m.klpm \
// RUN:   -DHINT='"dir2/inode.c"' -DDATA %s -o %t/data.o
// RUN: %print_marks %t/data.o | FileCheck --check-prefix=DATA %s
// DATA:      2 vmlinux 2 init_once init_once
// DATA-NEXT: 2 vmlinux 2 nr_inodes nr_inodes
// DATA-NOT:  {{.}}

// A basename names all three: the link step decides, and the message
// offers the path.
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/m.klpm \
// RUN:   -DHINT='"inode.c"' %s -o %t/base.o
// RUN: %print_marks %t/base.o | FileCheck --check-prefix=BASE %s
// BASE:      deferred: 2 init_once dup-by-path.c:livepatch_init_once() reference to 'init_once' is ambiguous: 3 kernel symbols in inode.c have that name: vmlinux sympos 1 (t, dir1/inode.c); vmlinux sympos 2 (t, dir2/inode.c); vmlinux sympos 3 (t, inode.c).
// BASE-SAME: Say which one the patch means: declare it with KLP_SYMBOL(<object>, init_once, <sympos>) from klp.h, e.g. KLP_SYMBOL(vmlinux, init_once, 1), or give KLP_SOURCE_FILE the file's path in the kernel tree, e.g. KLP_SOURCE_FILE("dir1/inode.c"){{$}}
// BASE-NOT:  {{.}}
// A path that is neither dir1/inode.c nor dir2/inode.c can only be the file
// the manifest knows by its basename.
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/m.klpm \
// RUN:   -DHINT='"fs/inode.c"' %s -o %t/other.o
// RUN: %print_marks %t/other.o | FileCheck --check-prefix=OTHER %s
// OTHER:     2 vmlinux 3 init_once init_once
// OTHER-NOT: {{.}}

// Without a hint, the translation unit's own name: a path ending in
// dir2/inode.c is that file; elsewhere only its basename counts, as before.
// RUN: mkdir -p %t/linux/dir2 %t/patches && cp %s %t/linux/dir2/inode.c
// RUN: cp %s %t/patches/inode.c
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/m.klpm \
// RUN:   %t/linux/dir2/inode.c -o %t/own-path.o
// RUN: %print_marks %t/own-path.o | FileCheck --check-prefix=DIR2 %s
// RUN: cd %t/linux && %clang_kernel -O2 -c %klp_plugin \
// RUN:   -mllvm -klp-manifest=%t/m.klpm dir2/inode.c -o %t/own-relative.o
// RUN: %print_marks %t/own-relative.o | FileCheck --check-prefix=DIR2 %s
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/m.klpm \
// RUN:   %t/patches/inode.c -o %t/own-base.o
// RUN: %print_marks %t/own-base.o | FileCheck --check-prefix=OWNBASE %s
// OWNBASE: deferred: 2 init_once inode.c:livepatch_init_once() reference to 'init_once' is ambiguous: 3 kernel symbols in inode.c have that name:

// A manifest from the symbol table alone (no DWARF, or an older klp-manifest)
// knows basenames: a path hint compares its basename, as before.
// RUN: objcopy --wildcard --remove-section='.debug_*' %t/vmlinux %t/vmlinux.stripped
// RUN: %klp-manifest build --vmlinux %t/vmlinux.stripped -o %t/base.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/base.klpm \
// RUN:   -DHINT='"dir2/inode.c"' %s -o %t/old.o
// RUN: %print_marks %t/old.o | FileCheck --check-prefix=OLD %s
// OLD: deferred: 2 init_once dup-by-path.c:livepatch_init_once() reference to 'init_once' is ambiguous: 3 kernel symbols in dir2/inode.c have that name: vmlinux sympos 1 (t, inode.c); vmlinux sympos 2 (t, inode.c); vmlinux sympos 3 (t, inode.c). Say which one the patch means: declare it with KLP_SYMBOL(<object>, init_once, <sympos>) from klp.h, e.g. KLP_SYMBOL(vmlinux, init_once, 1){{$}}

#include <klp.h>

#ifdef HINT
KLP_SOURCE_FILE(HINT);
#endif

int init_once(int);
#ifdef DATA
extern int nr_inodes;
#define USE_DATA +nr_inodes
#else
#define USE_DATA
#endif

int livepatch_init_once(int x) { return init_once(x) + 1 USE_DATA; }
