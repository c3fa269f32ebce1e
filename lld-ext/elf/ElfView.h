//===- lld-ext/elf/ElfView.h - A validated ELF view ------------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one validated reader of ELF files in klp-llvm. Parses a file with
// llvm::object::ELFFile and checks, once, everything its readers later
// index, up to the level they ask for (ElfChecks). After create() succeeds
// the arrays below can be indexed without further checks. Zero-copy: the
// view points into the image.
//
// Readers: the converter (lld-ext/convert) rewrites the file from this view;
// everyone else reads the normalized model built from it (ElfModule.h):
// klp-check, klp-ld's decision whether to finalize, and klp-manifest's
// vmlinux and .ko readers. What makes a module unusable is decided here
// once (ElfChecks::Module), and the converter asks for that and more: it
// refuses every file klp-check calls unusable, with the same message, and
// never writes one.
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

/// What e_ident says: the class and the byte order.
struct ElfIdent {
  bool Is64 = true;
  llvm::endianness Order = llvm::endianness::little;
};

/// What ElfView::create() requires of a file. Each level includes the ones
/// before it.
enum class ElfChecks {
  /// The ELF header and the section header table, e_shstrndx, every
  /// section's name and contents inside the file: enough to find sections
  /// by name and read them. Any class, any e_type (klp-ld's decision
  /// whether to finalize a link's output).
  Sections,
  /// Sections, and the symbol table: at most one, its entry size, its
  /// string table and SHT_SYMTAB_SHNDX, each symbol's name and section
  /// index (reserved values such as SHN_ABS kept as they are). Relocations
  /// are not looked at (klp-manifest's vmlinux and .ko readers).
  Symbols,
  /// Symbols, and what a livepatch module must be for the module loader to
  /// stay inside it: ELF64; a symbol table whose sh_info is within its
  /// symbols; no reserved st_shndx but SHN_ABS, SHN_COMMON and
  /// SHN_LIVEPATCH (the loader indexes its section table with any other);
  /// relocation sections with the exact entry size, a whole number of
  /// entries, a symbol table and an sh_info that is a section (so too for
  /// any section with SHF_RELA_LIVEPATCH); each relocation's symbol index
  /// inside the symbol table and, in an allocated target, its offset inside
  /// the target. Anything less is unusable input to klp-check and to the
  /// converter alike. klp-check reports the kernel's other rules as
  /// diagnostics: e_type, and a livepatch relocation section's type,
  /// sh_entsize, sh_link and what its sh_info names.
  Module,
  /// Module, and what the converter's rewrite relies on: ET_REL without
  /// program headers, power-of-two alignments, every sh_link a section, a
  /// non-empty symbol table with locals first, relocation sections linked
  /// to the symbol table and applying to a section that is not itself a
  /// relocation section.
  Relocatable,
};

/// The class and byte order of \p Image; an error naming \p File if it is
/// not ELF, or (from ElfChecks::Module on) not ELF64: every architecture
/// with livepatch support is 64-bit. Pick the ElfView flavour with it.
llvm::Expected<ElfIdent> readElfIdent(llvm::StringRef File,
                                      llvm::ArrayRef<uint8_t> Image,
                                      ElfChecks Checks);

/// The byte order of a 64-bit ELF file: readElfIdent() at
/// ElfChecks::Module.
llvm::Expected<llvm::endianness> readElf64Ident(llvm::StringRef File,
                                                llvm::ArrayRef<uint8_t> Image);

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
  unsigned FirstGlobal = 0; ///< sh_info; within Symbols from Module on.
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
  template <class RelT> llvm::Error checkRelocEntries(unsigned Sec) const;
};

extern template class ElfView<llvm::object::ELF64LE>;
extern template class ElfView<llvm::object::ELF64BE>;
// ELF32 only below ElfChecks::Module (klp-manifest reads any kernel's
// symbols).
extern template class ElfView<llvm::object::ELF32LE>;
extern template class ElfView<llvm::object::ELF32BE>;

} // namespace klp

#endif // KLP_LLD_EXT_ELF_ELFVIEW_H
