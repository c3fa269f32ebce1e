//===- lld-ext/elf/ElfView.cpp - A validated view of an ELF file ----------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "lld-ext/elf/ElfView.h"

#include "format/KlpFormat.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace llvm::ELF;
using namespace llvm::object;

namespace klp {

Error fileError(StringRef File, const Twine &Msg) {
  if (File.empty())
    return createStringError(Msg);
  return createStringError(File + ": " + Msg);
}

Expected<ElfIdent> readElfIdent(StringRef File, ArrayRef<uint8_t> Image,
                                ElfChecks Checks) {
  StringRef Bytes(reinterpret_cast<const char *>(Image.data()), Image.size());
  if (!Bytes.starts_with(ElfMagic))
    return fileError(File, "not an ELF file");
  if (Bytes.size() < EI_NIDENT)
    return fileError(File, "truncated ELF identification");
  ElfIdent Id;
  if (Image[EI_CLASS] == ELFCLASS32 && Checks < ElfChecks::Module)
    Id.Is64 = false;
  else if (Image[EI_CLASS] != ELFCLASS64)
    return fileError(File, "not a 64-bit ELF file; every architecture with "
                           "livepatch support is 64-bit (x86_64, aarch64, "
                           "ppc64le, s390x)");
  if (Image[EI_DATA] == ELFDATA2LSB)
    Id.Order = llvm::endianness::little;
  else if (Image[EI_DATA] == ELFDATA2MSB)
    Id.Order = llvm::endianness::big;
  else
    return fileError(File, formatv("unknown ELF data encoding {0}",
                                   unsigned(Image[EI_DATA])));
  return Id;
}

Expected<llvm::endianness> readElf64Ident(StringRef File,
                                          ArrayRef<uint8_t> Image) {
  Expected<ElfIdent> Id = readElfIdent(File, Image, ElfChecks::Module);
  if (!Id)
    return Id.takeError();
  return Id->Order;
}

template <class ELFT>
std::string ElfView<ELFT>::describeSection(unsigned Sec) const {
  if (Sec < SectionNames.size())
    return formatv("section '{0}' (index {1})", SectionNames[Sec], Sec).str();
  return formatv("section index {0}", Sec).str();
}

template <class ELFT>
std::string ElfView<ELFT>::describeSymbol(unsigned SymIdx) const {
  if (SymIdx < SymbolNames.size())
    return formatv("symbol '{0}' (index {1})", SymbolNames[SymIdx], SymIdx)
        .str();
  return formatv("symbol index {0}", SymIdx).str();
}

// A string table names are read from: in the file and ending in
// a NUL, so that every name below its size is terminated.
static Error checkStringTable(StringRef File, StringRef What, StringRef Data) {
  if (Data.empty() || Data.back() != '\0')
    return fileError(File, What + " is empty or does not end with a NUL");
  return Error::success();
}

template <class ELFT>
Expected<ElfView<ELFT>> ElfView<ELFT>::create(StringRef File,
                                              ArrayRef<uint8_t> Image,
                                              ElfChecks Checks) {
  bool Strict = Checks == ElfChecks::Relocatable;
  ElfView V;
  V.File = File;
  if (Checks >= ElfChecks::Module && !ELFT::Is64Bits)
    return V.error("not a 64-bit ELF file; every architecture with livepatch "
                   "support is 64-bit (x86_64, aarch64, ppc64le, s390x)");
  V.Image = Image;
  StringRef Bytes(reinterpret_cast<const char *>(Image.data()), Image.size());
  Expected<ELFFile<ELFT>> ObjOrErr = ELFFile<ELFT>::create(Bytes);
  if (!ObjOrErr)
    return V.error("not a valid ELF file: " + toString(ObjOrErr.takeError()));
  const ELFFile<ELFT> &Obj = *ObjOrErr;
  V.Header = reinterpret_cast<const Ehdr *>(Image.data());
  if (Strict && V.Header->e_type != ET_REL)
    return V.error(formatv("not a relocatable object (e_type {0}); the kernel "
                           "loads modules as ET_REL files: link them with -r",
                           (unsigned)V.Header->e_type));
  if (Strict && V.Header->e_phnum != 0)
    return V.error("a relocatable object with program headers is not "
                   "supported");

  Expected<typename ELFT::ShdrRange> SecsOrErr = Obj.sections();
  if (!SecsOrErr)
    return V.error("bad section header table: " +
                   toString(SecsOrErr.takeError()));
  V.Sections = *SecsOrErr;
  // Without sections there is nothing to index; klp-check reports what the
  // kernel says about such a file, the converter has nothing to rewrite.
  if (V.Sections.empty()) {
    if (Strict)
      return V.error("no section headers");
    return V;
  }
  // The section name table first, so that every later message can name the
  // section it is about. SHN_XINDEX: the real index is in the null
  // section's sh_link.
  V.ShStrNdx = V.Header->e_shstrndx;
  if (V.ShStrNdx == SHN_XINDEX)
    V.ShStrNdx = V.Sections[0].sh_link;
  if (V.ShStrNdx == 0 || V.ShStrNdx >= V.Sections.size())
    return V.error(formatv("e_shstrndx {0} is not a section (the file has {1} "
                           "sections)",
                           V.ShStrNdx, V.Sections.size()));
  if (V.Sections[V.ShStrNdx].sh_type != SHT_STRTAB)
    return V.error(
        formatv("e_shstrndx {0} does not name a string table", V.ShStrNdx));
  if (Error E = V.checkInFile(V.ShStrNdx))
    return E;
  ArrayRef<uint8_t> ShStrBytes = V.contents(V.ShStrNdx);
  StringRef ShStr(reinterpret_cast<const char *>(ShStrBytes.data()),
                  ShStrBytes.size());
  if (Error E = checkStringTable(File, "the section name table", ShStr))
    return E;
  V.SectionNames.resize(V.Sections.size());
  for (unsigned I = 1, E = V.Sections.size(); I != E; ++I) {
    uint32_t NameOff = V.Sections[I].sh_name;
    if (NameOff >= ShStr.size())
      return V.error(formatv("section index {0}: name offset {1} is outside "
                             "the section name table ({2} bytes)",
                             I, NameOff, ShStr.size()));
    V.SectionNames[I] = StringRef(ShStr.data() + NameOff);
  }

  // Contents inside the file; alignments sane for a file to be rewritten.
  for (unsigned I = 1, E = V.Sections.size(); I != E; ++I) {
    if (Error E = V.checkInFile(I))
      return E;
    uint64_t Align = V.Sections[I].sh_addralign;
    if (Strict && Align > 1 &&
        (!isPowerOf2_64(Align) || Align > (uint64_t(1) << 32)))
      return V.error(
          V.describeSection(I) +
          formatv(": alignment {0} is not a power of two up to 2^32", Align));
  }

  if (Checks == ElfChecks::Sections)
    return V;
  if (Error E = V.checkSectionLinks(Checks))
    return E;
  if (Error E = V.readSymbols(Checks))
    return E;
  if (Checks == ElfChecks::Symbols)
    return V;
  if (Error E = V.checkRelocSections(Checks))
    return E;
  return V;
}

template <class ELFT> Error ElfView<ELFT>::checkInFile(unsigned Sec) const {
  const Shdr &S = Sections[Sec];
  if (S.sh_type == SHT_NOBITS)
    return Error::success();
  uint64_t Off = S.sh_offset, Size = S.sh_size, FileSize = Image.size();
  if (Off > FileSize || Size > FileSize - Off)
    return error(describeSection(Sec) +
                 formatv(": contents at offset {0:x} size {1:x} go past the "
                         "end of the file ({2:x} bytes); the file is "
                         "truncated or corrupt",
                         Off, Size, FileSize));
  return Error::success();
}

// Links: in range wherever a reader follows them (the symbol table's string
// table, SHT_SYMTAB_SHNDX's symbol table, a relocation section's symbol
// table); everywhere for a file the converter rewrites.
template <class ELFT> Error ElfView<ELFT>::checkSectionLinks(ElfChecks Checks) {
  for (unsigned I = 1, E = Sections.size(); I != E; ++I) {
    const Shdr &S = Sections[I];
    bool Followed = S.sh_type == SHT_SYMTAB || S.sh_type == SHT_SYMTAB_SHNDX ||
                    isRelocSection(I);
    if ((Followed || Checks == ElfChecks::Relocatable) && S.sh_link >= E)
      return error(describeSection(I) +
                   formatv(": sh_link {0} is not a section index (the file "
                           "has {1} sections)",
                           (unsigned)S.sh_link, E));
    if (S.sh_type == SHT_SYMTAB) {
      if (SymtabIndex)
        return error(describeSection(I) +
                     formatv(": more than one symbol table (the first is "
                             "section index {0}); a module has one",
                             SymtabIndex));
      SymtabIndex = I;
    } else if (S.sh_type == SHT_SYMTAB_SHNDX) {
      ShndxIndex = I;
    }
  }
  return Error::success();
}

/// The reserved st_shndx values a module may use. The loader's
/// simplify_symbols() indexes its section table with any other.
static bool isModuleSpecialIndex(uint32_t Shndx) {
  return Shndx == SHN_ABS || Shndx == SHN_COMMON || Shndx == SHN_LIVEPATCH;
}

template <class ELFT> Error ElfView<ELFT>::readSymbols(ElfChecks Checks) {
  bool Strict = Checks == ElfChecks::Relocatable;
  bool IsModule = Checks >= ElfChecks::Module;
  if (!SymtabIndex)
    return Error::success();
  const Shdr &S = Sections[SymtabIndex];
  std::string What = describeSection(SymtabIndex);
  if (S.sh_entsize != sizeof(Sym))
    return error(What + formatv(": entry size {0}, expected {1}",
                                (uint64_t)S.sh_entsize, sizeof(Sym)));
  if (S.sh_size % sizeof(Sym))
    return error(What + ": size is not a multiple of the entry size");
  ArrayRef<uint8_t> Bytes = contents(SymtabIndex);
  Symbols = ArrayRef<Sym>(reinterpret_cast<const Sym *>(Bytes.data()),
                          Bytes.size() / sizeof(Sym));
  if (Strict && Symbols.empty())
    return error(What + ": empty (it needs at least the null symbol)");
  FirstGlobal = S.sh_info;
  if (IsModule && FirstGlobal > Symbols.size())
    return error(What + formatv(": sh_info {0} is past its {1} symbols",
                                FirstGlobal, Symbols.size()));
  StrtabIndex = S.sh_link;
  if (Sections[StrtabIndex].sh_type != SHT_STRTAB)
    return error(What + ": sh_link does not name a string table");
  ArrayRef<uint8_t> StrBytes = contents(StrtabIndex);
  StringRef Strtab(reinterpret_cast<const char *>(StrBytes.data()),
                   StrBytes.size());
  if (Error E = checkStringTable(File, describeSection(StrtabIndex), Strtab))
    return E;

  ArrayRef<Word> ShndxTable;
  if (ShndxIndex) {
    const Shdr &X = Sections[ShndxIndex];
    if (X.sh_link != SymtabIndex)
      return error(describeSection(ShndxIndex) +
                   ": does not belong to the symbol table");
    if (X.sh_size != Symbols.size() * sizeof(Word))
      return error(describeSection(ShndxIndex) +
                   ": size does not match the symbol table");
    ArrayRef<uint8_t> XB = contents(ShndxIndex);
    ShndxTable = ArrayRef<Word>(reinterpret_cast<const Word *>(XB.data()),
                                Symbols.size());
  }

  unsigned NumSecs = Sections.size();
  SymbolNames.resize(Symbols.size());
  SymbolSection.resize(Symbols.size());
  for (unsigned I = 0, E = Symbols.size(); I != E; ++I) {
    const Sym &Y = Symbols[I];
    uint32_t NameOff = Y.st_name;
    if (NameOff >= Strtab.size())
      return error(formatv("symbol index {0}: name offset {1} is outside the "
                           "string table ({2} bytes)",
                           I, NameOff, Strtab.size()));
    SymbolNames[I] = StringRef(Strtab.data() + NameOff);
    bool Local = Y.getBinding() == STB_LOCAL;
    if (Strict && I != 0 && Local != (I < FirstGlobal))
      return error(describeSymbol(I) +
                   formatv(": {0} symbol on the wrong side of sh_info {1} of "
                           "the symbol table (locals must come first)",
                           Local ? "local" : "non-local", FirstGlobal));
    uint32_t Shndx = Y.st_shndx;
    if (Shndx == SHN_XINDEX) {
      if (ShndxTable.empty())
        return error(describeSymbol(I) +
                     ": uses SHN_XINDEX but there is no SHT_SYMTAB_SHNDX");
      Shndx = ShndxTable[I];
      if (Shndx == 0 || Shndx >= NumSecs)
        return error(
            describeSymbol(I) +
            formatv(": extended section index {0} is out of range", Shndx));
      SymbolSection[I] = Shndx;
    } else if (Shndx == SHN_UNDEF) {
      SymbolSection[I] = 0;
    } else if (Shndx >= SHN_LORESERVE) {
      // Symbol 0 is never looked at.
      if (IsModule && I != 0 && !isModuleSpecialIndex(Shndx))
        return error(describeSymbol(I) +
                     formatv(": reserved section index {0:x} is not one a "
                             "module may use (SHN_ABS, SHN_COMMON or "
                             "SHN_LIVEPATCH); the module loader would index "
                             "its section table with it",
                             Shndx));
      SymbolSection[I] = SpecialShndxBit | Shndx;
    } else {
      if (Shndx >= NumSecs)
        return error(describeSymbol(I) +
                     formatv(": section index {0} is out of range (the file "
                             "has {1} sections)",
                             Shndx, NumSecs));
      SymbolSection[I] = Shndx;
    }
  }
  return Error::success();
}

// The entries have their size and fit the section, there is a symbol table
// for them, sh_info is a section, and each entry stays inside the symbol
// table and its target. klp-check reports the kernel's other rules (what
// sh_link and sh_info name) as diagnostics; the converter needs them.
template <class ELFT>
Error ElfView<ELFT>::checkRelocSections(ElfChecks Checks) {
  bool Strict = Checks == ElfChecks::Relocatable;
  for (unsigned I = 1, E = Sections.size(); I != E; ++I) {
    const Shdr &S = Sections[I];
    // The kernel applies any section with SHF_RELA_LIVEPATCH, whatever its
    // type (klp-check reports the type), to the section sh_info names.
    if (!isRelocSection(I)) {
      if ((S.sh_flags & SHF_RELA_LIVEPATCH) && S.sh_info >= E)
        return error(describeSection(I) +
                     formatv(": sh_info {0} does not name a section (the "
                             "file has {1} sections)",
                             (unsigned)S.sh_info, E));
      continue;
    }
    bool IsRela = S.sh_type == SHT_RELA;
    uint64_t EntSize = IsRela ? sizeof(Rela) : sizeof(Rel);
    std::string What = describeSection(I);
    // A livepatch relocation section's header fields are the kernel's
    // rules, which klp-check reports as diagnostics (klp-rela-entsize);
    // the converter needs them right.
    bool KernelRules = S.sh_flags & SHF_RELA_LIVEPATCH;
    if ((Strict || !KernelRules) && S.sh_entsize != EntSize)
      return error(What + formatv(": entry size {0}, expected {1}",
                                  (uint64_t)S.sh_entsize, EntSize));
    if (S.sh_size % EntSize)
      return error(What + formatv(": size {0} is not a multiple of the "
                                  "{1}-byte entry size",
                                  (uint64_t)S.sh_size, EntSize));
    if (Strict && (!SymtabIndex || S.sh_link != SymtabIndex))
      return error(What + ": sh_link does not name the symbol table");
    if (S.sh_size && Symbols.empty())
      return error(What + ": relocations but the file has no symbols");
    if (S.sh_info >= E)
      return error(What + formatv(": sh_info {0} does not name a section "
                                  "(the file has {1} sections)",
                                  (unsigned)S.sh_info, E));
    if (Strict && (S.sh_info == 0 || isRelocSection(S.sh_info)))
      return error(What + formatv(": sh_info {0} does not name a section "
                                  "that relocations can apply to",
                                  (unsigned)S.sh_info));
    if (Error Err =
            IsRela ? checkRelocEntries<Rela>(I) : checkRelocEntries<Rel>(I))
      return Err;
  }
  return Error::success();
}

// Offsets matter where the loader writes: into allocated sections (a
// relocation section aimed elsewhere is never applied; klp-check reports a
// .klp.rela section aimed there as a rule violation).
template <class ELFT>
template <class RelT>
Error ElfView<ELFT>::checkRelocEntries(unsigned Sec) const {
  const Shdr &S = Sections[Sec];
  ArrayRef<uint8_t> Bytes = contents(Sec);
  ArrayRef<RelT> Entries(reinterpret_cast<const RelT *>(Bytes.data()),
                         Bytes.size() / sizeof(RelT));
  unsigned Target = S.sh_info;
  bool CheckOffsets = Target != 0 && isAlloc(Target);
  uint64_t TargetSize = Sections[Target].sh_size;
  for (size_t I = 0, E = Entries.size(); I != E; ++I) {
    const RelT &R = Entries[I];
    uint32_t SymIdx = R.getSymbol(/*IsMips64EL=*/false);
    if (SymIdx >= Symbols.size())
      return error(describeSection(Sec) +
                   formatv(": relocation {0} (offset {1:x}): symbol index "
                           "{2} is past the symbol table ({3} entries)",
                           I, (uint64_t)R.r_offset, SymIdx, Symbols.size()));
    if (CheckOffsets && R.r_offset >= TargetSize)
      return error(describeSection(Sec) +
                   formatv(": relocation {0}: offset {1:x} is past the end "
                           "of {2} ({3:x} bytes)",
                           I, (uint64_t)R.r_offset, describeSection(Target),
                           TargetSize));
  }
  return Error::success();
}

template class ElfView<ELF64LE>;
template class ElfView<ELF64BE>;
template class ElfView<ELF32LE>;
template class ElfView<ELF32BE>;

} // namespace klp
