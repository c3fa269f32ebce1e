//===- lld-ext/elf/ElfView.h - A validated ELF view ------------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one validated reader of relocatable ELF64 files in klp-llvm. Parses a
// file with llvm::object::ELFFile and checks, once, everything its readers
// later index: section contents inside the file, string tables
// NUL-terminated, the symbol table's entry size, every section index in
// range, relocation section sizes and links. After create() succeeds the
// arrays below can be indexed without further checks except the
// per-relocation symbol index and offset, which each reader checks where it
// reads them. Zero-copy: the view points into the image.
//
// Two readers, two levels (ElfChecks): the converter (lld-ext/convert)
// rewrites the file and also needs it well-formed; klp-check (lld-ext/check,
// which normalizes the view into ElfModule) reports what the kernel would
// refuse as rule diagnostics, so it asks only for what keeps it in bounds.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_LLD_EXT_ELF_ELFVIEW_H
#define KLP_LLD_EXT_ELF_ELFVIEW_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace klp {

/// An error that names the file: "<file>: <message>" (just the message if
/// \p File is empty).
llvm::Error fileError(llvm::StringRef File, const llvm::Twine &Msg);

/// The byte order of a 64-bit ELF file, read from e_ident (every
/// architecture with livepatch support is 64-bit); an error naming \p File
/// for anything else. Pick the ElfView flavour with it.
llvm::Expected<llvm::endianness> readElf64Ident(llvm::StringRef File,
                                                llvm::ArrayRef<uint8_t> Image);

/// What ElfView::create() requires of a file.
enum class ElfChecks {
  /// Every index, offset and size a reader follows is in range: the section
  /// headers, names and contents, e_shstrndx, the symbol table and its
  /// string table and SHT_SYMTAB_SHNDX, each symbol's name and section, and
  /// the links and sizes of relocation sections. klp-check asks for this.
  Bounds,
  /// Bounds, and what the converter's rewrite relies on: ET_REL without
  /// program headers, power-of-two alignments, every sh_link a section, a
  /// non-empty symbol table with locals first, relocation sections with
  /// the exact entry size, linked to the symbol table and applying to a
  /// section that is not itself a relocation section.
  Relocatable,
};

/// Symbol section values: a section index, or one of these for the
/// reserved st_shndx values (kept apart from real indices reached through
/// SHN_XINDEX, which may be as large as a reserved value).
constexpr uint32_t SpecialShndxBit = 0x80000000u;

template <class ELFT> class ElfView {
public:
  using Ehdr = typename ELFT::Ehdr;
  using Shdr = typename ELFT::Shdr;
  using Sym = typename ELFT::Sym;
  using Rela = typename ELFT::Rela;
  using Rel = typename ELFT::Rel;
  using Word = typename ELFT::Word;

  /// Validates \p Image; errors name \p File (pass "" when the caller
  /// names the file itself). The view keeps pointing into \p Image.
  static llvm::Expected<ElfView>
  create(llvm::StringRef File, llvm::ArrayRef<uint8_t> Image, ElfChecks Checks);

  llvm::StringRef File;
  llvm::ArrayRef<uint8_t> Image;
  const Ehdr *Header = nullptr;
  llvm::ArrayRef<Shdr> Sections;
  std::vector<llvm::StringRef> SectionNames;
  unsigned ShStrNdx = 0;

  unsigned SymtabIndex = 0; ///< 0: no symbol table.
  unsigned StrtabIndex = 0;
  unsigned ShndxIndex = 0; ///< SHT_SYMTAB_SHNDX, 0 if none.
  llvm::ArrayRef<Sym> Symbols;
  unsigned FirstGlobal = 0; ///< sh_info; checked only by Relocatable.
  std::vector<llvm::StringRef> SymbolNames;
  /// Section index of each symbol, or SpecialShndxBit | st_shndx for the
  /// reserved values (SHN_UNDEF is 0 either way).
  std::vector<uint32_t> SymbolSection;

  unsigned numSections() const { return Sections.size(); }
  bool isAlloc(unsigned Sec) const {
    return Sections[Sec].sh_flags & llvm::ELF::SHF_ALLOC;
  }
  /// The bytes of a section (empty for SHT_NOBITS).
  llvm::ArrayRef<uint8_t> contents(unsigned Sec) const {
    const Shdr &S = Sections[Sec];
    if (S.sh_type == llvm::ELF::SHT_NOBITS)
      return {};
    return Image.slice(S.sh_offset, S.sh_size);
  }
  bool isRelocSection(unsigned Sec) const {
    return Sections[Sec].sh_type == llvm::ELF::SHT_RELA ||
           Sections[Sec].sh_type == llvm::ELF::SHT_REL;
  }
  bool isUndefined(unsigned SymIdx) const { return SymbolSection[SymIdx] == 0; }
  bool isSpecial(unsigned SymIdx, uint16_t Shndx) const {
    return SymbolSection[SymIdx] == (SpecialShndxBit | Shndx);
  }
  /// "section '.text' (index 1)".
  std::string describeSection(unsigned Sec) const;
  /// "symbol 'foo' (index 5)".
  std::string describeSymbol(unsigned SymIdx) const;
  llvm::Error error(const llvm::Twine &Msg) const {
    return fileError(File, Msg);
  }

private:
  llvm::Error checkInFile(unsigned Sec) const;
  llvm::Error checkSectionLinks(ElfChecks Checks);
  llvm::Error readSymbols(ElfChecks Checks);
  llvm::Error checkRelocSections(ElfChecks Checks);
};

extern template class ElfView<llvm::object::ELF64LE>;
extern template class ElfView<llvm::object::ELF64BE>;

} // namespace klp

#endif // KLP_LLD_EXT_ELF_ELFVIEW_H
