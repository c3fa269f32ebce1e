//===- lld-ext/check/ElfModule.h - A validated view of a .ko ----*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A 64-bit ELF relocatable as plain tables for the rules: validated by the
// shared reader (lld-ext/elf/ElfView.h, ElfChecks::Bounds), then normalized
// here, with the relocation entries decoded and their symbol indices and
// offsets checked. Anything that would make the kernel read outside the file
// (or make us do so) is an Error, so the rules never meet a bad index.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_LLD_EXT_CHECK_ELFMODULE_H
#define KLP_LLD_EXT_CHECK_ELFMODULE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace klp {
namespace check {

struct ElfSection {
  uint32_t Index = 0;
  llvm::StringRef Name;
  uint32_t Type = 0;
  uint64_t Flags = 0;
  uint64_t Size = 0;
  uint32_t Link = 0;
  uint32_t Info = 0;
  uint64_t AddrAlign = 0;
  uint64_t EntSize = 0;
  /// The bytes in the file; empty for SHT_NULL and SHT_NOBITS.
  llvm::ArrayRef<uint8_t> Contents;

  bool isAlloc() const { return Flags & llvm::ELF::SHF_ALLOC; }
  bool isRelocation() const {
    return Type == llvm::ELF::SHT_RELA || Type == llvm::ELF::SHT_REL;
  }
};

struct ElfSymbol {
  uint32_t Index = 0;
  llvm::StringRef Name;
  uint64_t Value = 0;
  uint64_t Size = 0;
  /// st_shndx with SHN_XINDEX resolved: a section index below the section
  /// count or one of SHN_UNDEF, SHN_ABS, SHN_COMMON, SHN_LIVEPATCH.
  uint32_t Shndx = 0;
  uint8_t Binding = 0;
  uint8_t Type = 0;

  bool isUndefined() const { return Shndx == llvm::ELF::SHN_UNDEF; }
  bool isWeak() const { return Binding == llvm::ELF::STB_WEAK; }
};

struct ElfReloc {
  uint32_t Index = 0; ///< Entry number in its section.
  uint64_t Offset = 0;
  uint32_t Type = 0;
  uint32_t Symbol = 0; ///< Always a valid index into symbols().
  int64_t Addend = 0;
};

/// The entries of one SHT_RELA or SHT_REL section.
struct ElfRelocSection {
  uint32_t Section = 0; ///< The relocation section's index.
  std::vector<ElfReloc> Relocs;
};

class ElfModule {
public:
  /// Reads and validates \p Buffer; the module keeps pointing into it.
  static llvm::Expected<ElfModule> read(llvm::MemoryBufferRef Buffer);

  uint16_t machine() const { return Machine; }
  uint16_t fileType() const { return FileType; }
  bool isLittleEndian() const { return LittleEndian; }

  llvm::ArrayRef<ElfSection> sections() const { return Sections; }
  const ElfSection &section(uint32_t Index) const { return Sections[Index]; }
  /// Index of the SHT_SYMTAB section, 0 if the module has none.
  uint32_t symtabIndex() const { return SymtabIndex; }
  /// Every entry of the symbol table, the null symbol included.
  llvm::ArrayRef<ElfSymbol> symbols() const { return Symbols; }
  llvm::ArrayRef<ElfRelocSection> relocSections() const { return Relocs; }

  /// The first section called \p Name, or null.
  const ElfSection *findSection(llvm::StringRef Name) const;
  /// Every section called \p Name, in section order.
  llvm::SmallVector<const ElfSection *, 1>
  sectionsNamed(llvm::StringRef Name) const;

  /// Reads a \p Size-byte (1, 2, 4 or 8) value of \p Sec's contents at
  /// \p Offset in the module's byte order; nothing if the section has no
  /// such bytes in the file (SHT_NOBITS, or out of range).
  std::optional<uint64_t> readValue(const ElfSection &Sec, uint64_t Offset,
                                    unsigned Size) const;

private:
  template <class ELFT> friend class ElfNormalizer;

  uint16_t Machine = 0;
  uint16_t FileType = 0;
  bool LittleEndian = true;
  uint32_t SymtabIndex = 0;
  std::vector<ElfSection> Sections;
  std::vector<ElfSymbol> Symbols;
  std::vector<ElfRelocSection> Relocs;
};

} // namespace check
} // namespace klp

#endif // KLP_LLD_EXT_CHECK_ELFMODULE_H
