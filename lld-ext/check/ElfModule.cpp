//===- lld-ext/check/ElfModule.cpp - A validated view of a .ko ------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/ElfModule.h"

#include "format/KlpFormat.h"
#include "lld-ext/elf/ElfView.h"

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

/// Copies a validated ElfView into the module's plain tables. The view has
/// checked every index, size and offset below except the two a relocation
/// entry carries (its symbol and, for allocated targets, its offset) and
/// the reserved section indices the kernel understands; those are checked
/// here.
template <class ELFT> class ElfNormalizer {
public:
  ElfNormalizer(const ElfView<ELFT> &V, ElfModule &Out) : V(V), Out(Out) {}

  Error run() {
    Out.Machine = V.Header->e_machine;
    Out.FileType = V.Header->e_type;
    Out.LittleEndian = ELFT::Endianness == llvm::endianness::little;
    Out.SymtabIndex = V.SymtabIndex;
    copySections();
    if (Error E = copySymbols())
      return E;
    return decodeRelocations();
  }

private:
  void copySections() {
    Out.Sections.reserve(V.numSections());
    for (unsigned I = 0, E = V.numSections(); I != E; ++I) {
      const typename ELFT::Shdr &Hdr = V.Sections[I];
      ElfSection Sec;
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
      Out.Sections.push_back(Sec);
    }
  }

  Error copySymbols() {
    Out.Symbols.reserve(V.Symbols.size());
    for (unsigned I = 0, E = V.Symbols.size(); I != E; ++I) {
      const typename ELFT::Sym &Sym = V.Symbols[I];
      ElfSymbol S;
      S.Index = I;
      S.Name = V.SymbolNames[I];
      S.Value = Sym.st_value;
      S.Size = Sym.st_size;
      S.Binding = Sym.getBinding();
      S.Type = Sym.getType();
      S.Shndx = V.SymbolSection[I] & ~SpecialShndxBit;
      // Symbol 0 is never looked at by the kernel.
      if (I != 0 && (V.SymbolSection[I] & SpecialShndxBit) &&
          !isKnownSpecialIndex(S.Shndx))
        return corrupt(formatv("symbol {0} '{1}' has section index {2:x} "
                               "but the file has {3} sections",
                               S.Index, S.Name, S.Shndx, Out.Sections.size()));
      Out.Symbols.push_back(S);
    }
    return Error::success();
  }

  Error decodeRelocations() {
    for (const ElfSection &Sec : Out.Sections) {
      if (!Sec.isRelocation())
        continue;
      bool IsRela = Sec.Type == SHT_RELA;
      size_t EntSize =
          IsRela ? sizeof(typename ELFT::Rela) : sizeof(typename ELFT::Rel);
      size_t Count = Sec.Contents.size() / EntSize;
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

  const ElfView<ELFT> &V;
  ElfModule &Out;
};

template <class ELFT>
static Expected<ElfModule> readAs(ArrayRef<uint8_t> Image) {
  Expected<ElfView<ELFT>> ViewOrErr =
      ElfView<ELFT>::create("", Image, ElfChecks::Bounds);
  if (!ViewOrErr)
    return ViewOrErr.takeError();
  ElfModule Module;
  if (Error E = ElfNormalizer<ELFT>(*ViewOrErr, Module).run())
    return E;
  return Module;
}

Expected<ElfModule> ElfModule::read(MemoryBufferRef Buffer) {
  ArrayRef<uint8_t> Image(
      reinterpret_cast<const uint8_t *>(Buffer.getBufferStart()),
      Buffer.getBufferSize());
  // The file is named by klp-check's report, not by each message.
  Expected<llvm::endianness> Order = readElf64Ident("", Image);
  if (!Order)
    return Order.takeError();
  if (*Order == llvm::endianness::little)
    return readAs<object::ELF64LE>(Image);
  return readAs<object::ELF64BE>(Image);
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
