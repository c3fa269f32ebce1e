//===- manifest/ManifestInputs.h - Readers of kernel symbol data -*- C++
//-*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// One reader per kind of input `klp-manifest build` accepts. Each hands its
// objects and exports to a ManifestBuilder; errors name the file (and line).
//
//===----------------------------------------------------------------------===//

#ifndef KLP_MANIFEST_MANIFESTINPUTS_H
#define KLP_MANIFEST_MANIFESTINPUTS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>

namespace klp {

class ManifestBuilder;

/// A /proc/kallsyms dump: "ADDR TYPE NAME [MODULE]" lines, vmlinux first in
/// address order, then each module in its symbol-table order.
llvm::Error readKallsymsDump(llvm::StringRef Path, ManifestBuilder &Builder);
/// The same for a dump in memory; errors name the buffer's identifier.
llvm::Error readKallsymsDump(std::unique_ptr<llvm::MemoryBuffer> Buffer,
                             ManifestBuilder &Builder);

/// Module.symvers: "CRC<TAB>SYMBOL<TAB>OBJECT<TAB>EXPORT_SYMBOL[_GPL]
/// [<TAB>NAMESPACE]".
llvm::Error readModuleSymvers(llvm::StringRef Path, ManifestBuilder &Builder);
/// The same for a Module.symvers in memory; errors name the buffer's
/// identifier.
llvm::Error readModuleSymvers(std::unique_ptr<llvm::MemoryBuffer> Buffer,
                              ManifestBuilder &Builder);

struct VmlinuxOptions {
  /// CONFIG_KALLSYMS_ALL: keep data symbols, not only the text ranges.
  bool KallsymsAll = true;
};

/// A vmlinux ELF with its symbol table, filtered and ordered the way
/// scripts/mksysmap and scripts/kallsyms build kallsyms.
llvm::Error readVmlinux(llvm::StringRef Path, ManifestBuilder &Builder,
                        const VmlinuxOptions &Options = VmlinuxOptions());

/// A kernel module (.ko, ELF ET_REL), with the symbols the module loader
/// keeps for kallsyms (kernel/module/kallsyms.c).
llvm::Error readKernelModule(llvm::StringRef Path, ManifestBuilder &Builder);

/// Reads the kernel running on this machine, under \p Root ("/" on the
/// target; a copy of its /proc and /sys files elsewhere): /proc/kallsyms and
/// the build's identity (release, vmlinux and module build IDs,
/// srcversions). See manifest/RunningKernel.cpp.
llvm::Error readRunningKernel(llvm::StringRef Root, ManifestBuilder &Builder);

} // namespace klp

#endif // KLP_MANIFEST_MANIFESTINPUTS_H
