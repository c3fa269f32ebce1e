//===- manifest/KallsymsOrder.h - What kallsyms lists -----------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one place that decides which symbols of a vmlinux or a module .ko the
// kernel's kallsyms keeps, and in which order livepatch counts them. The
// manifest readers (VmlinuxSymbols.cpp, ModuleSymbols.cpp) and the DWARF
// reader of shipped objects (DebugUnits.h) both count positions with it, so a
// sympos from either agrees with the other.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_MANIFEST_KALLSYMSORDER_H
#define KLP_MANIFEST_KALLSYMSORDER_H

#include "lld-ext/elf/ElfModule.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <vector>

namespace klp {

/// One symbol kallsyms lists, with the type letter it shows.
struct KallsymsEntry {
  const ElfModuleSymbol *Sym = nullptr;
  char Type = '?';
};

/// The release (uname -r) from the banner in vmlinux's .rodata ("Linux
/// version 6.12.117+deb12-cloud-amd64 (...) ..."); "" if there is none.
llvm::StringRef vmlinuxRelease(const ElfModule &Elf);

/// vmlinux's kallsyms, filtered and ordered the way scripts/mksysmap and
/// scripts/kallsyms build it (the rules: KallsymsOrder.cpp): the order is
/// the one livepatch counts sympos in. \p KallsymsAll: CONFIG_KALLSYMS_ALL.
std::vector<KallsymsEntry> vmlinuxKallsyms(const ElfModule &Elf,
                                           bool KallsymsAll);

/// The section facts a module's kallsyms depends on
/// (kernel/module/kallsyms.c; the rules: KallsymsOrder.cpp).
class ModuleKallsyms {
public:
  explicit ModuleKallsyms(const ElfModule &Elf);

  /// is_core_symbol(): kept after the module's init, so listed by
  /// /proc/kallsyms and counted by livepatch once the module is live, in
  /// symbol-table order.
  bool isCore(const ElfModuleSymbol &S) const;

  /// elf_type(), before s_show's case change.
  char type(const ElfModuleSymbol &S) const;

private:
  uint64_t flags(uint32_t Sec) const;

  const ElfModule &Elf;
  uint32_t PerCpu;
  uint32_t ModInfo, Versions;
};

} // namespace klp

#endif // KLP_MANIFEST_KALLSYMSORDER_H
