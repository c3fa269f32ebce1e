/* The README's patch written for SUSE's klp-convert, its label in double
   quotes so that GNU as accepts the comma. clang keeps the quotes in the
   symbol name: ".klp.sym.rela.vmlinux.vmlinux.saved_command_line,0" with
   both quote characters. */
#include "klp-module.h"

extern char *saved_command_line
    __asm__("\".klp.sym.rela.vmlinux.vmlinux.saved_command_line,0\"");

const char *livepatch_cmdline(void) { return saved_command_line; }

KLP_TEST_MODULE(livepatch_cmdline);
