//===- lld-ext/elf/ElfModule.cpp - An ELF file as plain tables ------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "lld-ext/elf/ElfModule.h"

#include "llvm/Support/Endian.h"

using namespace llvm;
using namespace llvm::ELF;

namespace klp {

/// Copies a validated ElfView into the model's plain tables. Everything it
/// indexes was checked by the view at the level it was created with.
template <class ELFT> class ElfNormalizer {
public:
  ElfNormalizer(const ElfView<ELFT> &V, ElfModule &Out) : V(V), Out(Out) {}

  void run(ElfChecks Checks) {
    Out.Is64 = ELFT::Is64Bits;
    Out.LittleEndian = ELFT::Endianness == llvm::endianness::little;
    Out.Machine = V.Header->e_machine;
    Out.FileType = V.Header->e_type;
    Out.StoredShnum = V.Header->e_shnum;
    Out.SymtabIndex = V.SymtabIndex;
    copySections();
    copySymbols();
    if (Checks >= ElfChecks::Module)
      decodeRelocations();
  }

private:
  void copySections() {
    Out.Sections.resize(V.numSections());
    for (unsigned I = 0, E = V.numSections(); I != E; ++I) {
      const typename ELFT::Shdr &Hdr = V.Sections[I];
      ElfModuleSection &Sec = Out.Sections[I];
      Sec.Index = I;
      Sec.Name = V.SectionNames[I];
      Sec.Type = Hdr.sh_type;
      Sec.Flags = Hdr.sh_flags;
      Sec.Size = Hdr.sh_size;
      Sec.Link = Hdr.sh_link;
      Sec.Info = Hdr.sh_info;
      Sec.AddrAlign = Hdr.sh_addralign;
      Sec.EntSize = Hdr.sh_entsize;
      if (I != 0 && Sec.Type != SHT_NULL)
        Sec.Contents = V.contents(I);
    }
  }

  void copySymbols() {
    Out.Symbols.resize(V.Symbols.size());
    for (unsigned I = 0, E = V.Symbols.size(); I != E; ++I) {
      const typename ELFT::Sym &Sym = V.Symbols[I];
      ElfModuleSymbol &S = Out.Symbols[I];
      S.Index = I;
      S.Name = V.SymbolNames[I];
      S.NameOffset = Sym.st_name;
      S.Value = Sym.st_value;
      S.Size = Sym.st_size;
      S.Binding = Sym.getBinding();
      S.Type = Sym.getType();
      S.RawShndx = Sym.st_shndx;
      S.Reserved = V.SymbolSection[I] & SpecialShndxBit;
      S.Shndx = V.SymbolSection[I] & ~SpecialShndxBit;
    }
  }

  void decodeRelocations() {
    // Section 0 is the null section whatever its header says (the view
    // validates relocation sections from index 1).
    for (size_t I = 1; I < Out.Sections.size(); ++I) {
      const ElfModuleSection &Sec = Out.Sections[I];
      if (Sec.isRelocation())
        Out.Relocs.push_back(Sec.Type == SHT_RELA
                                 ? decode<typename ELFT::Rela>(Sec)
                                 : decode<typename ELFT::Rel>(Sec));
    }
  }

  template <class RelT>
  ElfModuleRelocSection decode(const ElfModuleSection &Sec) {
    ArrayRef<RelT> Entries(reinterpret_cast<const RelT *>(Sec.Contents.data()),
                           Sec.Contents.size() / sizeof(RelT));
    ElfModuleRelocSection RS;
    RS.Section = Sec.Index;
    RS.Relocs.resize(Entries.size());
    for (size_t I = 0, E = Entries.size(); I != E; ++I) {
      const RelT &R = Entries[I];
      ElfModuleReloc &Out = RS.Relocs[I];
      Out.Index = I;
      Out.Offset = R.r_offset;
      Out.Symbol = R.getSymbol(/*IsMips64EL=*/false);
      Out.Type = R.getType(/*IsMips64EL=*/false);
      if constexpr (RelT::HasAddend)
        Out.Addend = R.r_addend;
    }
    return RS;
  }

  const ElfView<ELFT> &V;
  ElfModule &Out;
};

template <class ELFT>
static Expected<ElfModule> readAs(StringRef File, ArrayRef<uint8_t> Image,
                                  ElfChecks Checks) {
  Expected<ElfView<ELFT>> View = ElfView<ELFT>::create(File, Image, Checks);
  if (!View)
    return View.takeError();
  ElfModule Module;
  ElfNormalizer<ELFT>(*View, Module).run(Checks);
  return Module;
}

Expected<ElfModule> ElfModule::read(StringRef File, ArrayRef<uint8_t> Image,
                                    ElfChecks Checks) {
  Expected<ElfIdent> Id = readElfIdent(File, Image, Checks);
  if (!Id)
    return Id.takeError();
  bool LE = Id->Order == llvm::endianness::little;
  if (Id->Is64)
    return LE ? readAs<object::ELF64LE>(File, Image, Checks)
              : readAs<object::ELF64BE>(File, Image, Checks);
  return LE ? readAs<object::ELF32LE>(File, Image, Checks)
            : readAs<object::ELF32BE>(File, Image, Checks);
}

const ElfModuleSection *ElfModule::findSection(StringRef Name) const {
  for (const ElfModuleSection &Sec : Sections)
    if (Sec.Index != 0 && Sec.Name == Name)
      return &Sec;
  return nullptr;
}

SmallVector<const ElfModuleSection *, 1>
ElfModule::sectionsNamed(StringRef Name) const {
  SmallVector<const ElfModuleSection *, 1> Out;
  for (const ElfModuleSection &Sec : Sections)
    if (Sec.Index != 0 && Sec.Name == Name)
      Out.push_back(&Sec);
  return Out;
}

std::vector<StringRef> ElfModule::sourceFiles() const {
  std::vector<StringRef> Files(Symbols.size());
  StringRef File;
  for (const ElfModuleSymbol &S : Symbols) {
    if (S.Type == STT_FILE)
      File = S.Name;
    else if (S.isLocal())
      Files[S.Index] = File;
  }
  return Files;
}

std::optional<uint64_t> ElfModule::readValue(const ElfModuleSection &Sec,
                                             uint64_t Offset,
                                             unsigned Size) const {
  if ((Size != 1 && Size != 2 && Size != 4 && Size != 8) ||
      Offset > Sec.Contents.size() || Sec.Contents.size() - Offset < Size)
    return std::nullopt;
  const uint8_t *P = Sec.Contents.data() + Offset;
  llvm::endianness E =
      LittleEndian ? llvm::endianness::little : llvm::endianness::big;
  switch (Size) {
  case 1:
    return *P;
  case 2:
    return support::endian::read16(P, E);
  case 4:
    return support::endian::read32(P, E);
  default:
    return support::endian::read64(P, E);
  }
}

} // namespace klp
