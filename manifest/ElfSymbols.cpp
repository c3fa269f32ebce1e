//===- manifest/ElfSymbols.cpp - Kernel ELF symbol tables -----------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "manifest/ElfSymbols.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace llvm::object;

namespace klp {

static Error elfError(StringRef Path, const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Path + ": " + Msg);
}

const ElfSection *ElfSymbolTable::sectionOf(const ElfSymbol &S) const {
  if (S.Section == ELF::SHN_UNDEF || S.Section >= Sections.size() ||
      (S.RawShndx >= ELF::SHN_LORESERVE && S.RawShndx != ELF::SHN_XINDEX))
    return nullptr;
  return &Sections[S.Section];
}

uint32_t ElfSymbolTable::findSection(StringRef Name) const {
  for (size_t I = 1; I < Sections.size(); ++I)
    if (Sections[I].Name == Name)
      return I;
  return 0;
}

template <class ELFT>
static Expected<ElfSymbolTable> decode(const ELFFile<ELFT> &Obj,
                                       StringRef Path) {
  using Elf_Shdr = typename ELFT::Shdr;
  auto Wrap = [&](Error E) {
    return elfError(Path, "malformed ELF: " + toString(std::move(E)));
  };
  ElfSymbolTable T;
  T.FileType = Obj.getHeader().e_type;
  T.Machine = Obj.getHeader().e_machine;
  T.Is64 = ELFT::Is64Bits;
  T.RawShnum = Obj.getHeader().e_shnum;

  Expected<typename ELFT::ShdrRange> Sections = Obj.sections();
  if (!Sections)
    return Wrap(Sections.takeError());
  const Elf_Shdr *SymTab = nullptr;
  for (const Elf_Shdr &Sec : *Sections) {
    ElfSection S;
    Expected<StringRef> Name = Obj.getSectionName(Sec);
    if (!Name)
      return Wrap(Name.takeError());
    S.Name = *Name;
    S.Type = Sec.sh_type;
    S.Flags = Sec.sh_flags;
    if (Sec.sh_type != ELF::SHT_NOBITS) {
      Expected<ArrayRef<uint8_t>> Data = Obj.getSectionContents(Sec);
      if (!Data)
        return Wrap(Data.takeError());
      S.Contents = toStringRef(*Data);
    }
    if (Sec.sh_type == ELF::SHT_SYMTAB) {
      if (SymTab)
        return elfError(Path, "more than one symbol table");
      SymTab = &Sec;
    }
    T.Sections.push_back(S);
  }
  if (!SymTab)
    return elfError(Path, "no symbol table (.symtab); kallsyms cannot be "
                          "reconstructed from a stripped file");

  ArrayRef<typename ELFT::Word> Shndx;
  for (const Elf_Shdr &Sec : *Sections)
    if (Sec.sh_type == ELF::SHT_SYMTAB_SHNDX &&
        &(*Sections)[Sec.sh_link] == SymTab) {
      Expected<ArrayRef<typename ELFT::Word>> Table = Obj.getSHNDXTable(Sec);
      if (!Table)
        return Wrap(Table.takeError());
      Shndx = *Table;
    }

  Expected<typename ELFT::SymRange> Syms = Obj.symbols(SymTab);
  if (!Syms)
    return Wrap(Syms.takeError());
  Expected<StringRef> StrTab = Obj.getStringTableForSymtab(*SymTab);
  if (!StrTab)
    return Wrap(StrTab.takeError());

  T.Symbols.reserve(Syms->size());
  StringRef File;
  uint32_t Index = 0;
  for (const typename ELFT::Sym &Sym : *Syms) {
    ElfSymbol S;
    S.Index = Index++;
    Expected<StringRef> Name = Sym.getName(*StrTab);
    if (!Name)
      return elfError(Path, formatv("symbol {0}: {1}", S.Index,
                                    toString(Name.takeError())));
    S.Name = *Name;
    S.NameOffset = Sym.st_name;
    S.Value = Sym.st_value;
    S.RawShndx = Sym.st_shndx;
    S.Section = Sym.st_shndx;
    if (Sym.st_shndx == ELF::SHN_XINDEX) {
      if (S.Index >= Shndx.size())
        return elfError(Path, formatv("symbol {0} ('{1}') has SHN_XINDEX but "
                                      "no SHT_SYMTAB_SHNDX entry",
                                      S.Index, S.Name));
      S.Section = Shndx[S.Index];
    }
    S.Binding = Sym.getBinding();
    S.Type = Sym.getType();
    if (S.Type == ELF::STT_FILE)
      File = S.Name;
    else if (S.Binding == ELF::STB_LOCAL)
      S.File = File;
    T.Symbols.push_back(S);
  }
  return T;
}

Expected<ElfSymbolTable> readElfSymbolTable(MemoryBufferRef Buffer,
                                            StringRef Path) {
  StringRef Data = Buffer.getBuffer();
  if (Data.size() < ELF::EI_NIDENT || !Data.starts_with("\x7f"
                                                        "ELF"))
    return elfError(Path, "not an ELF file");
  unsigned char Class = Data[ELF::EI_CLASS], Order = Data[ELF::EI_DATA];
  auto Run = [&](auto Created) -> Expected<ElfSymbolTable> {
    if (!Created)
      return elfError(Path, "malformed ELF: " + toString(Created.takeError()));
    return decode(*Created, Path);
  };
  if (Class == ELF::ELFCLASS64 && Order == ELF::ELFDATA2LSB)
    return Run(ELF64LEFile::create(Data));
  if (Class == ELF::ELFCLASS64 && Order == ELF::ELFDATA2MSB)
    return Run(ELF64BEFile::create(Data));
  if (Class == ELF::ELFCLASS32 && Order == ELF::ELFDATA2LSB)
    return Run(ELF32LEFile::create(Data));
  if (Class == ELF::ELFCLASS32 && Order == ELF::ELFDATA2MSB)
    return Run(ELF32BEFile::create(Data));
  return elfError(Path, "unknown ELF class or byte order");
}

// binutils treats these as debugging sections (SEC_DEBUGGING).
static bool isDebugSection(StringRef Name) {
  return Name.starts_with(".debug") || Name.starts_with(".zdebug") ||
         Name.starts_with(".gnu.linkonce.wi.") || Name.starts_with(".line") ||
         Name.starts_with(".stab");
}

char gnuNmType(const ElfSymbolTable &Table, const ElfSymbol &S) {
  bool Weak = S.Binding == ELF::STB_WEAK;
  if (S.RawShndx == ELF::SHN_UNDEF)
    return Weak ? (S.Type == ELF::STT_OBJECT ? 'v' : 'w') : 'U';
  if (S.Type == ELF::STT_GNU_IFUNC)
    return 'i';
  if (Weak)
    return S.Type == ELF::STT_OBJECT ? 'V' : 'W';
  if (S.Binding == ELF::STB_GNU_UNIQUE)
    return 'u';
  if (S.Binding != ELF::STB_GLOBAL && S.Binding != ELF::STB_LOCAL)
    return '?';
  if (S.RawShndx == ELF::SHN_COMMON)
    return 'C';
  char C;
  if (S.RawShndx == ELF::SHN_ABS) {
    C = 'a';
  } else if (const ElfSection *Sec = Table.sectionOf(S)) {
    bool Contents = Sec->Type != ELF::SHT_NOBITS;
    if (Sec->Flags & ELF::SHF_EXECINSTR)
      C = 't';
    else if ((Sec->Flags & ELF::SHF_ALLOC) && Contents)
      C = (Sec->Flags & ELF::SHF_WRITE) ? 'd' : 'r';
    else if (!Contents)
      C = 'b';
    else if (isDebugSection(Sec->Name))
      C = 'N';
    else if (!(Sec->Flags & ELF::SHF_WRITE))
      C = 'n';
    else
      return '?';
  } else {
    return '?';
  }
  return S.Binding == ELF::STB_GLOBAL ? toUpper(C) : C;
}

} // namespace klp
