//===- lld-ext/check/ElfModule.cpp - A validated view of a .ko ------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/ElfModule.h"

#include "format/KlpFormat.h"

#include "llvm/Object/ELF.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace llvm::ELF;

namespace klp {
namespace check {

static Error corrupt(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

static std::string describe(const ElfSection &Sec) {
  if (Sec.Name.empty())
    return formatv("section {0}", Sec.Index).str();
  return formatv("section {0} '{1}'", Sec.Index, Sec.Name).str();
}

/// Special st_shndx values a module may carry; every other value at or above
/// SHN_LORESERVE would make the kernel index past its section table.
static bool isKnownSpecialIndex(uint32_t Shndx) {
  return Shndx == SHN_ABS || Shndx == SHN_COMMON || Shndx == SHN_LIVEPATCH;
}

template <class ELFT> class ElfReader {
public:
  ElfReader(const object::ELFFile<ELFT> &File, ElfModule &Out)
      : File(File), Out(Out) {}

  Error read() {
    const auto &Header = File.getHeader();
    Out.Machine = Header.e_machine;
    Out.FileType = Header.e_type;
    Out.LittleEndian = ELFT::Endianness == llvm::endianness::little;
    if (Error E = readSections())
      return E;
    if (Error E = readSymbols())
      return E;
    return readRelocations();
  }

private:
  using Elf_Shdr = typename ELFT::Shdr;
  using Elf_Sym = typename ELFT::Sym;

  Error readSections() {
    auto HeadersOrErr = File.sections();
    if (!HeadersOrErr)
      return HeadersOrErr.takeError();
    Headers = *HeadersOrErr;
    if (Headers.empty())
      return Error::success();
    // The kernel refuses a module whose e_shstrndx is not a section; without
    // names no rule could be checked either.
    uint32_t StrIndex = File.getHeader().e_shstrndx;
    if (StrIndex == SHN_XINDEX)
      StrIndex = Headers[0].sh_link;
    if (StrIndex == SHN_UNDEF || StrIndex >= Headers.size())
      return corrupt(formatv("e_shstrndx {0} is not a section (the file has "
                             "{1} sections)",
                             StrIndex, Headers.size()));
    auto StrTabOrErr = File.getStringTable(Headers[StrIndex]);
    if (!StrTabOrErr)
      return corrupt("section name table: " +
                     toString(StrTabOrErr.takeError()));

    for (const Elf_Shdr &Hdr : Headers) {
      ElfSection Sec;
      Sec.Index = Out.Sections.size();
      auto NameOrErr = File.getSectionName(Hdr, *StrTabOrErr);
      if (!NameOrErr)
        return NameOrErr.takeError();
      Sec.Name = *NameOrErr;
      Sec.Type = Hdr.sh_type;
      Sec.Flags = Hdr.sh_flags;
      Sec.Size = Hdr.sh_size;
      Sec.Link = Hdr.sh_link;
      Sec.Info = Hdr.sh_info;
      Sec.AddrAlign = Hdr.sh_addralign;
      Sec.EntSize = Hdr.sh_entsize;
      if (Sec.Index != 0 && Sec.Type != SHT_NULL && Sec.Type != SHT_NOBITS) {
        // Checks sh_offset + sh_size against the file, overflow included.
        auto ContentsOrErr = File.getSectionContents(Hdr);
        if (!ContentsOrErr)
          return corrupt(describe(Sec) + ": " +
                         toString(ContentsOrErr.takeError()));
        Sec.Contents = *ContentsOrErr;
      }
      Out.Sections.push_back(Sec);
    }
    return Error::success();
  }

  Error readSymbols() {
    for (const ElfSection &Sec : Out.Sections) {
      if (Sec.Type != SHT_SYMTAB)
        continue;
      if (Out.SymtabIndex)
        return corrupt(formatv("{0} is a second SHT_SYMTAB (the first is "
                               "section {1}); a module has one symbol table",
                               describe(Sec), Out.SymtabIndex));
      Out.SymtabIndex = Sec.Index;
    }
    if (!Out.SymtabIndex)
      return Error::success();

    const ElfSection &SymSec = Out.Sections[Out.SymtabIndex];
    const Elf_Shdr &SymHdr = Headers[Out.SymtabIndex];
    auto SymsOrErr = File.symbols(&SymHdr);
    if (!SymsOrErr)
      return corrupt(describe(SymSec) + ": " + toString(SymsOrErr.takeError()));
    auto StrTabOrErr = File.getStringTableForSymtab(SymHdr);
    if (!StrTabOrErr)
      return corrupt(describe(SymSec) + ": " +
                     toString(StrTabOrErr.takeError()));

    ArrayRef<uint8_t> Shndx = findShndxTable();
    uint32_t Index = 0;
    for (const Elf_Sym &Sym : *SymsOrErr) {
      ElfSymbol S;
      S.Index = Index++;
      auto NameOrErr = Sym.getName(*StrTabOrErr);
      if (!NameOrErr)
        return corrupt(formatv("symbol {0}: {1}", S.Index,
                               toString(NameOrErr.takeError())));
      S.Name = *NameOrErr;
      S.Value = Sym.st_value;
      S.Size = Sym.st_size;
      S.Binding = Sym.getBinding();
      S.Type = Sym.getType();
      S.Shndx = Sym.st_shndx;
      if (S.Shndx == SHN_XINDEX) {
        if ((uint64_t(S.Index) + 1) * 4 > Shndx.size())
          return corrupt(formatv("symbol {0} '{1}' has st_shndx SHN_XINDEX "
                                 "but no SHT_SYMTAB_SHNDX entry",
                                 S.Index, S.Name));
        S.Shndx = support::endian::read32(Shndx.data() + S.Index * 4,
                                          ELFT::Endianness);
      }
      // Symbol 0 is never looked at by the kernel.
      if (S.Index != 0 && S.Shndx >= Out.Sections.size() &&
          (S.Shndx < SHN_LORESERVE || !isKnownSpecialIndex(S.Shndx)))
        return corrupt(formatv("symbol {0} '{1}' has section index {2:x} "
                               "but the file has {3} sections",
                               S.Index, S.Name, S.Shndx, Out.Sections.size()));
      Out.Symbols.push_back(S);
    }
    return Error::success();
  }

  ArrayRef<uint8_t> findShndxTable() const {
    for (const ElfSection &Sec : Out.Sections)
      if (Sec.Type == SHT_SYMTAB_SHNDX && Sec.Link == Out.SymtabIndex)
        return Sec.Contents;
    return {};
  }

  Error readRelocations() {
    for (const ElfSection &Sec : Out.Sections) {
      if (!Sec.isRelocation())
        continue;
      size_t NumSections = Out.Sections.size();
      if (Sec.Link >= NumSections)
        return corrupt(formatv("{0}: sh_link {1} is not a section (the file "
                               "has {2})",
                               describe(Sec), Sec.Link, NumSections));
      if (Sec.Info >= NumSections)
        return corrupt(formatv("{0}: sh_info {1} is not a section (the file "
                               "has {2})",
                               describe(Sec), Sec.Info, NumSections));
      bool IsRela = Sec.Type == SHT_RELA;
      size_t EntSize = IsRela ? 24 : 16;
      if (Sec.Contents.size() % EntSize)
        return corrupt(formatv("{0}: sh_size {1} is not a multiple of the "
                               "{2}-byte entry",
                               describe(Sec), Sec.Contents.size(), EntSize));
      size_t Count = Sec.Contents.size() / EntSize;
      if (Count && Out.Symbols.empty())
        return corrupt(describe(Sec) +
                       ": relocations but the module has no symbol table");

      const ElfSection &Target = Out.Sections[Sec.Info];
      // Offsets matter where the kernel writes: into allocated sections.
      // (A klp section aimed elsewhere is a rule violation, reported as
      // such, not a corrupt file.)
      bool CheckOffsets = Sec.Info != 0 && Target.isAlloc();
      ElfRelocSection RS;
      RS.Section = Sec.Index;
      RS.Relocs.reserve(Count);
      for (size_t I = 0; I < Count; ++I) {
        const uint8_t *P = Sec.Contents.data() + I * EntSize;
        ElfReloc R;
        R.Index = I;
        R.Offset = support::endian::read64(P, ELFT::Endianness);
        uint64_t Info = support::endian::read64(P + 8, ELFT::Endianness);
        R.Symbol = Info >> 32;
        R.Type = Info & 0xffffffff;
        if (IsRela)
          R.Addend = support::endian::read64(P + 16, ELFT::Endianness);
        if (R.Symbol >= Out.Symbols.size())
          return corrupt(formatv("{0}: relocation {1} uses symbol index {2} "
                                 "but the symbol table has {3} entries",
                                 describe(Sec), I, R.Symbol,
                                 Out.Symbols.size()));
        if (CheckOffsets && R.Offset >= Target.Size)
          return corrupt(formatv("{0}: relocation {1} has offset {2:x} past "
                                 "the end of {3} (size {4:x})",
                                 describe(Sec), I, R.Offset, describe(Target),
                                 Target.Size));
        RS.Relocs.push_back(R);
      }
      Out.Relocs.push_back(std::move(RS));
    }
    return Error::success();
  }

  const object::ELFFile<ELFT> &File;
  ElfModule &Out;
  ArrayRef<Elf_Shdr> Headers;
};

template <class ELFT>
static Expected<ElfModule> readAs(MemoryBufferRef Buffer) {
  auto FileOrErr = object::ELFFile<ELFT>::create(Buffer.getBuffer());
  if (!FileOrErr)
    return FileOrErr.takeError();
  ElfModule Module;
  ElfReader<ELFT> Reader(*FileOrErr, Module);
  if (Error E = Reader.read())
    return E;
  return Module;
}

Expected<ElfModule> ElfModule::read(MemoryBufferRef Buffer) {
  StringRef Bytes = Buffer.getBuffer();
  if (!Bytes.starts_with(ElfMagic))
    return corrupt("not an ELF file");
  if (Bytes.size() < EI_NIDENT)
    return corrupt("truncated ELF identification");
  unsigned char Class = Bytes[EI_CLASS];
  unsigned char Data = Bytes[EI_DATA];
  if (Class != ELFCLASS64)
    return corrupt("not a 64-bit ELF file; every architecture with livepatch "
                   "support is 64-bit");
  if (Data == ELFDATA2LSB)
    return readAs<object::ELF64LE>(Buffer);
  if (Data == ELFDATA2MSB)
    return readAs<object::ELF64BE>(Buffer);
  return corrupt(formatv("unknown ELF data encoding {0}", unsigned(Data)));
}

const ElfSection *ElfModule::findSection(StringRef Name) const {
  for (const ElfSection &Sec : Sections)
    if (Sec.Index != 0 && Sec.Name == Name)
      return &Sec;
  return nullptr;
}

SmallVector<const ElfSection *, 1>
ElfModule::sectionsNamed(StringRef Name) const {
  SmallVector<const ElfSection *, 1> Out;
  for (const ElfSection &Sec : Sections)
    if (Sec.Index != 0 && Sec.Name == Name)
      Out.push_back(&Sec);
  return Out;
}

std::optional<uint64_t> ElfModule::readValue(const ElfSection &Sec,
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

} // namespace check
} // namespace klp
