/* A patch function that calls one kernel function and reads one kernel
   variable, marked as the plugin marks them (weak declarations, one note
   per mark in .note.klp.marks). */
extern int nr_foo(int) __attribute__((weak));
extern int nr_bar __attribute__((weak));
int patched(int x) { return nr_foo(x) + nr_bar; }

#define KLP_MARK(record)                                                      \
  ".pushsection .note.klp.marks,\"\",%note\n"                                 \
  ".balign 4\n"                                                               \
  ".long 9, 1f - 0f, 1\n"                                                     \
  ".asciz \"klp-llvm\"\n"                                                     \
  ".balign 4\n"                                                               \
  "0: .asciz \"" record "\"\n"                                                \
  "1: .balign 4\n"                                                            \
  ".popsection\n"
__asm__(KLP_MARK("1 vmlinux 0 nr_foo nr_foo")
        KLP_MARK("1 vmlinux 2 nr_bar nr_bar")
        ".pushsection .modinfo,\"a\"\n"
        ".asciz \"livepatch=Y\"\n"
        ".popsection\n");
