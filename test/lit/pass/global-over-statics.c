// A plain extern reference means what the C linker would bind it to: the
// one global of that name, not another file's static (kernel/trace/trace.c
// refers to the global event_function of trace_export.c while
// kernel/events/core.c has a static one). Only when the manifest knows the
// statics' files, so that none can be the patched file's own: a manifest
// from kallsyms alone leaves the choice to the author.
// RUN: rm -rf %t && split-file %s %t
// RUN: %clang_kernel -O2 -c %t/trace_export.c -o %t/trace_export.o
// RUN: %clang_kernel -O2 -c %t/core.c -o %t/core.o
// RUN: %ld.lld -e 0 -Ttext=0xffffffff81000000 --defsym=_stext=0xffffffff81000000 \
// RUN:   --defsym=_etext=0xffffffff82000000 %t/trace_export.o %t/core.o -o %t/vmlinux
// RUN: %klp-manifest build --vmlinux %t/vmlinux -o %t/files.klpm 2>/dev/null
// RUN: %klp-manifest query %t/files.klpm event_function | FileCheck --check-prefix=QUERY %s
// QUERY: vmlinux event_function sympos=1 count=2 type=D{{$}}
// QUERY: vmlinux event_function sympos=2 count=2 type=d file=core.c

// trace.c, whose own file has no event_function: the global.
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/files.klpm \
// RUN:   %t/trace.c -o %t/trace.o
// RUN: %print_marks %t/trace.o | FileCheck --check-prefix=GLOBAL %s
// GLOBAL:     2 vmlinux 1 event_function event_function
// GLOBAL-NOT: deferred

// A patch of core.c means its own static.
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/files.klpm \
// RUN:   %t/trace.c -DHINT -o %t/core-patch.o
// RUN: %print_marks %t/core-patch.o | FileCheck --check-prefix=STATIC %s
// STATIC: 2 vmlinux 2 event_function event_function

// Without files (kallsyms alone) nothing tells a static of the patched
// file from another's: left to the link step, which asks the author.
// RUN: printf 'ffffffff81000000 T _stext\nffffffff81000100 D event_function\nffffffff81000200 d event_function\n' > %t/kallsyms.txt
// RUN: %klp-manifest build --kallsyms %t/kallsyms.txt -o %t/bare.klpm 2>/dev/null
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/bare.klpm \
// RUN:   %t/trace.c -o %t/bare.o
// RUN: %print_marks %t/bare.o | FileCheck --check-prefix=BARE %s
// BARE: deferred: 2 event_function trace.c:{{.*}} reference to 'event_function' is ambiguous: 2 kernel symbols

//--- trace_export.c
int event_function = 1;

//--- core.c
static int event_function = 2;
int *core_ref(void) { return &event_function; }

//--- trace.c
#ifdef HINT
#include <klp.h>
KLP_SOURCE_FILE("kernel/events/core.c");
#endif
extern int event_function;
int read_event_function(void) { return event_function; }
