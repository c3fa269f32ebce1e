/*===- include/klp.h - Name kernel symbols in a livepatch for klp-llvm ----===*
 *
 * Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * With the klp-llvm plugin, a livepatch refers to kernel symbols by their
 * plain names: the compiler looks each one up in the kernel's manifest and
 * marks the ones livepatch has to resolve. This header is for the cases the
 * manifest cannot decide alone (docs/pass-plugin.md):
 *
 *   KLP_SOURCE_FILE("kernel/fork.c");
 *     At file scope: the code of this file was taken from that kernel
 *     source file, so a name that several kernel files define as a static
 *     means the one of that file. Only the basename is compared. May be
 *     given more than once; without it the file's own name is used.
 *
 *   extern int foo(void) KLP_SYMBOL(vmlinux, foo, 2);
 *     This declaration means the 2nd symbol named foo in vmlinux (sympos as
 *     livepatch counts it; 0 for a name that is unique in its object). The
 *     C name may differ from the kernel's: KLP_SYMBOL(ext4, foo.isra.0, 0).
 *     The compiler checks object, name and position against the manifest.
 *
 * Both work without the plugin too: KLP_SYMBOL is the .klp.sym name the
 * kernel reads, and KLP_SOURCE_FILE lands in a .discard section.
 *
 *===----------------------------------------------------------------------===*/

#ifndef KLP_LLVM_KLP_H
#define KLP_LLVM_KLP_H

#define __KLP_PASTE(a, b) a##b
#define __KLP_UNIQUE(prefix, n) __KLP_PASTE(prefix, n)

/* Stringified without macro expansion: a kernel symbol may share its name
 * with a macro (current, jiffies, ...). GCC pastes the label into its
 * assembly as it is, where GNU as needs quotes around the comma; clang would
 * keep such quotes in the symbol name. */
#ifdef __clang__
#define __KLP_LABEL(name) __asm__(name)
#else
#define __KLP_LABEL(name) __asm__("\"" name "\"")
#endif
#define KLP_SYMBOL(object, symbol, sympos)                                     \
  __KLP_LABEL(".klp.sym." #object "." #symbol "," #sympos)

/* The section name is read by the plugin (passes/SourceFileHints.h). */
#define KLP_SOURCE_FILE(path)                                                  \
  static const char __KLP_UNIQUE(__klp_source_file_, __COUNTER__)[]            \
      __attribute__((__used__, __section__(".discard.klp.source_file"))) =     \
          path

#endif /* KLP_LLVM_KLP_H */
