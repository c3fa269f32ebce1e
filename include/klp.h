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
 *     means the one of that file. The path is relative to the kernel tree;
 *     where the manifest knows only basenames (modules, a vmlinux without
 *     DWARF), or the hint is one, basenames are compared. May be
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
 *   static struct klp_object objs[] = {
 *           { .funcs = funcs, .callbacks = KLP_VMLINUX_GUARD },  (vmlinux)
 *           { }
 *   };
 *     The load-time guard: the patch refuses to enable, before any function
 *     is redirected, on a kernel whose vmlinux build ID is not the one of
 *     the manifest it was built against, and says so in dmesg. Put it in
 *     the vmlinux object (name NULL): livepatch applies vmlinux relocations
 *     when the module loads, so its pre-patch callback can read the running
 *     kernel's vmlinux_build_id. A patch with its own pre_patch callback
 *     calls klp_vmlinux_guard(obj) first and returns what it returns.
 *     Needs the plugin (it fills in the expected ID from the manifest) and a
 *     manifest with the vmlinux build ID (docs/load-time-guard.md).
 *
 *   KLP_POST_PATCH_CALLBACK(my_post_patch);
 *     In a fix given to klp-diff, at file scope after the function: run it
 *     when livepatch has patched the object this file belongs to (vmlinux,
 *     or its module). Likewise KLP_PRE_PATCH_CALLBACK (int fn(struct
 *     klp_object *): non-zero refuses the patch), KLP_PRE_UNPATCH_CALLBACK
 *     and KLP_POST_UNPATCH_CALLBACK (void fn(struct klp_object *)).
 *     klp-diff puts them into the generated klp_object (docs/klp-diff.md).
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

/* The section names are read by klp-diff (diff/Extract.cpp); the kernel's
 * linker script discards .discard.* from a normal build. */
struct klp_object;
#define __KLP_CALLBACK(kind, type, fn)                                         \
  static type (*const __KLP_UNIQUE(__klp_callback_, __COUNTER__))(             \
      struct klp_object *)                                                     \
      __attribute__((__used__, __section__(".discard.klp.callback." #kind))) = \
          fn
#define KLP_PRE_PATCH_CALLBACK(fn) __KLP_CALLBACK(pre_patch, int, fn)
#define KLP_POST_PATCH_CALLBACK(fn) __KLP_CALLBACK(post_patch, void, fn)
#define KLP_PRE_UNPATCH_CALLBACK(fn) __KLP_CALLBACK(pre_unpatch, void, fn)
#define KLP_POST_UNPATCH_CALLBACK(fn) __KLP_CALLBACK(post_unpatch, void, fn)

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/string.h>

struct klp_object;

/* The running kernel's build ID, zero-padded to BUILD_ID_SIZE_MAX (20)
 * bytes (lib/buildid.c; declared without a size, which agrees with
 * <linux/buildid.h>'s declaration where a patch includes it), reached
 * through a livepatch relocation the plugin marks; and the one the patch
 * was built for, which the plugin defines from the manifest
 * (passes/BuildIdGuard.h). */
extern unsigned char vmlinux_build_id[];
extern const unsigned char __klp_expected_vmlinux_build_id[20];

#ifdef KBUILD_MODNAME
#define __KLP_MODNAME KBUILD_MODNAME
#else
#define __KLP_MODNAME "livepatch"
#endif

/* static inline: a file that does not use the guard references neither
 * array, and one that does gets its own copy of the callback. */
static inline int klp_vmlinux_guard(struct klp_object *obj) {
  (void)obj;
  if (!memcmp(vmlinux_build_id, __klp_expected_vmlinux_build_id, 20))
    return 0;
  printk(KERN_ERR
         "%s: refusing to patch: built for the kernel with "
         "vmlinux build ID %20phN, but the running kernel's is %20phN "
         "(another build, where this patch's symbol positions may name "
         "other functions); rebuild it against this kernel's manifest\n",
         __KLP_MODNAME, __klp_expected_vmlinux_build_id, vmlinux_build_id);
  return -EINVAL;
}

/* The .callbacks of the vmlinux klp_object. */
#define KLP_VMLINUX_GUARD {.pre_patch = klp_vmlinux_guard}
#endif /* __KERNEL__ */

#endif /* KLP_LLVM_KLP_H */
