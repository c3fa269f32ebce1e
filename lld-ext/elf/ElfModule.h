//===- lld-ext/elf/ElfModule.h - An ELF file as plain tables ----*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one normalized model of an ELF file: validated by ElfView (at the
// ElfChecks level the reader asks for), then copied into plain,
// endian-neutral tables. klp-check's rules, klp-ld's decision whether to
// finalize and klp-manifest's vmlinux and .ko readers all read it; only the
// converter, which rewrites the file byte for byte, works on the ElfView
// itself. Zero-copy for names and contents: the model points into the image,
// which must outlive it.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_LLD_EXT_ELF_ELFMODULE_H
#define KLP_LLD_EXT_ELF_ELFMODULE_H

#include "lld-ext/elf/ElfView.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace klp {

struct ElfModuleSection {
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
  llvm::StringRef contentsAsString() const {
    return {reinterpret_cast<const char *>(Contents.data()), Contents.size()};
  }
};

struct ElfModuleSymbol {
  uint32_t Index = 0;
  llvm::StringRef Name;
  uint32_t NameOffset = 0; ///< st_name.
  uint64_t Value = 0;
  uint64_t Size = 0;
  /// st_shndx with SHN_XINDEX resolved: a section index, SHN_UNDEF, or a
  /// reserved value (SHN_ABS, SHN_COMMON, SHN_LIVEPATCH, ...; from
  /// ElfChecks::Module on only these three).
  uint32_t Shndx = 0;
  /// Shndx is a reserved value, not a section index (the two only overlap
  /// in files with more than SHN_LORESERVE sections).
  bool Reserved = false;
  /// st_shndx as stored, SHN_XINDEX included: what the kernel compares.
  uint16_t RawShndx = 0;
  uint8_t Binding = 0;
  uint8_t Type = 0;

  bool isUndefined() const { return Shndx == llvm::ELF::SHN_UNDEF; }
  bool isWeak() const { return Binding == llvm::ELF::STB_WEAK; }
  bool isLocal() const { return Binding == llvm::ELF::STB_LOCAL; }
  /// True if st_shndx is the reserved value \p Shndx (SHN_LIVEPATCH, ...).
  bool isSpecial(uint16_t Special) const {
    return Reserved && Shndx == Special;
  }
  /// The section the symbol is defined in, or 0 (undefined or reserved).
  uint32_t section() const { return Reserved ? 0 : Shndx; }
};

struct ElfModuleReloc {
  uint32_t Index = 0; ///< Entry number in its section.
  uint64_t Offset = 0;
  uint32_t Type = 0;
  uint32_t Symbol = 0; ///< Always a valid index into symbols().
  int64_t Addend = 0;
};

/// The entries of one SHT_RELA or SHT_REL section.
struct ElfModuleRelocSection {
  uint32_t Section = 0; ///< The relocation section's index.
  std::vector<ElfModuleReloc> Relocs;
};

class ElfModule {
public:
  /// Validates \p Image at level \p Checks (ElfView) and normalizes it; the
  /// model keeps pointing into \p Image. Errors name \p File (pass "" when
  /// the caller names the file itself).
  static llvm::Expected<ElfModule>
  read(llvm::StringRef File, llvm::ArrayRef<uint8_t> Image, ElfChecks Checks);
  static llvm::Expected<ElfModule>
  read(llvm::StringRef File, llvm::StringRef Image, ElfChecks Checks) {
    return read(File, llvm::arrayRefFromStringRef(Image), Checks);
  }

  bool is64() const { return Is64; }
  bool isLittleEndian() const { return LittleEndian; }
  uint16_t machine() const { return Machine; }
  uint16_t fileType() const { return FileType; }
  /// e_shnum as stored (0 when the count is in section 0's sh_size).
  uint16_t storedShnum() const { return StoredShnum; }

  llvm::ArrayRef<ElfModuleSection> sections() const { return Sections; }
  const ElfModuleSection &section(uint32_t Index) const {
    return Sections[Index];
  }
  /// The first section called \p Name, or null.
  const ElfModuleSection *findSection(llvm::StringRef Name) const;
  /// Every section called \p Name, in section order.
  llvm::SmallVector<const ElfModuleSection *, 1>
  sectionsNamed(llvm::StringRef Name) const;

  /// Index of the SHT_SYMTAB section, 0 if the file has none.
  uint32_t symtabIndex() const { return SymtabIndex; }
  /// Every entry of the symbol table, the null symbol included; empty at
  /// ElfChecks::Sections.
  llvm::ArrayRef<ElfModuleSymbol> symbols() const { return Symbols; }
  /// The section \p Sym is defined in, or null.
  const ElfModuleSection *sectionOf(const ElfModuleSymbol &Sym) const {
    uint32_t Sec = Sym.section();
    return Sec ? &Sections[Sec] : nullptr;
  }
  /// The source file of each symbol, indexed like symbols(): the STT_FILE
  /// entry a local symbol follows (as the compiler wrote it); "" for
  /// globals and for locals before any STT_FILE.
  std::vector<llvm::StringRef> sourceFiles() const;

  /// The decoded entries of every relocation section, from
  /// ElfChecks::Module on (which validates them); empty below it, where
  /// nobody reads them (a debug vmlinux has hundreds of MB of them).
  llvm::ArrayRef<ElfModuleRelocSection> relocSections() const { return Relocs; }

  /// Reads a \p Size-byte (1, 2, 4 or 8) value of \p Sec's contents at
  /// \p Offset in the file's byte order; nothing if the section has no
  /// such bytes in the file (SHT_NOBITS, or out of range).
  std::optional<uint64_t> readValue(const ElfModuleSection &Sec,
                                    uint64_t Offset, unsigned Size) const;

private:
  template <class ELFT> friend class ElfNormalizer;

  bool Is64 = true;
  bool LittleEndian = true;
  uint16_t Machine = 0;
  uint16_t FileType = 0;
  uint16_t StoredShnum = 0;
  uint32_t SymtabIndex = 0;
  std::vector<ElfModuleSection> Sections;
  std::vector<ElfModuleSymbol> Symbols;
  std::vector<ElfModuleRelocSection> Relocs;
};

} // namespace klp

#endif // KLP_LLD_EXT_ELF_ELFMODULE_H
