//===- manifest/ShippedSymbols.h - Symbols by address -----------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The ELF symbols of a vmlinux or module .ko by address, each with the
// position livepatch gives it among the symbols of its name (counted with
// KallsymsOrder.h, as the manifest counts), so that the DWARF reader can
// turn a DW_AT_low_pc or a DW_OP_addr into the symbol a livepatch names.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_MANIFEST_SHIPPEDSYMBOLS_H
#define KLP_MANIFEST_SHIPPEDSYMBOLS_H

#include "manifest/DebugUnits.h"

#include "lld-ext/elf/ElfModule.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace klp {

class ShippedSymbols {
public:
  /// Indexes \p Elf's defined symbols (vmlinux: positions in kallsyms
  /// order with CONFIG_KALLSYMS_ALL; a .ko: among the core symbols, in
  /// symbol-table order). \p Elf must outlive this.
  explicit ShippedSymbols(const ElfModule &Elf);

  /// The symbol for C name \p CName at \p Address (in section \p Section
  /// when the object is relocatable; ignored otherwise): one named \p CName,
  /// else one named \p CName followed by a '.' suffix (gcc's clones, .cold
  /// parts and numbered static locals), else, with \p OrAnyOfType, any
  /// symbol of ELF type \p ElfType there (an alias). Among equals, the one
  /// kallsyms lists first.
  std::optional<ShippedSymbol> at(uint64_t Section, uint64_t Address,
                                  llvm::StringRef CName, bool OrAnyOfType,
                                  uint8_t ElfType) const;

  bool isRelocatable() const { return Relocatable; }

private:
  struct Entry {
    uint64_t Section = 0;
    uint64_t Address = 0;
    const ElfModuleSymbol *Sym = nullptr;
  };
  ShippedSymbol describe(const ElfModuleSymbol &S) const;

  bool Relocatable = false;
  std::vector<Entry> ByAddress;   ///< Sorted by (Section, Address, rank).
  std::vector<uint32_t> Position; ///< By symbol index; 0: not in kallsyms.
  std::vector<uint32_t> Rank;     ///< By symbol index: kallsyms order.
  llvm::StringMap<uint32_t> Count;
};

} // namespace klp

#endif // KLP_MANIFEST_SHIPPEDSYMBOLS_H
