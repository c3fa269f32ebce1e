//===- lld-ext/convert/Writer.cpp - Lay out and write the result ----------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Turns a Converter's decisions into a file image:
//
//   * sections keep their order; removed ones leave no gap in the numbering,
//     new .klp.rela sections come last, sorted by (object, target section);
//   * contents are the input's bytes, except the symbol table (rebuilt),
//     the string tables (new names appended, so every old offset stays
//     valid), relocation and group sections that had to change, and zeroed
//     x86 targets;
//   * layout: ELF header, sections in index order each at its alignment,
//     section header table last. Nothing depends on time, addresses or hash
//     order, so the same input always gives the same bytes.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/convert/ConverterImpl.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cstring>

using namespace llvm;
using namespace llvm::ELF;
using namespace llvm::object;

namespace klp {

namespace {

/// New strings for a string table, after its existing bytes.
class StringTableAppender {
public:
  explicit StringTableAppender(uint64_t BaseSize) : BaseSize(BaseSize) {}
  uint32_t add(StringRef S) {
    auto [It, Inserted] = Offsets.try_emplace(S, 0);
    if (Inserted) {
      It->second = BaseSize + Extra.size();
      Extra.insert(Extra.end(), S.begin(), S.end());
      Extra.push_back('\0');
    }
    return It->second;
  }
  bool empty() const { return Extra.empty(); }
  uint64_t size() const { return BaseSize + Extra.size(); }
  const std::vector<char> &extra() const { return Extra; }

private:
  uint64_t BaseSize;
  std::vector<char> Extra;
  StringMap<uint32_t> Offsets;
};

/// Streams the output: small pieces are gathered in a buffer, large ones
/// (input sections) go to the stream directly, so that no copy of the whole
/// module is ever made in memory.
class OutputBuffer {
public:
  explicit OutputBuffer(raw_ostream &OS) : OS(OS) {}
  void put(const void *P, size_t N) {
    if (N == 0)
      return; // P may be null (an empty vector's data())
    if (N >= sizeof(Buf) / 2) {
      flush();
      OS.write(static_cast<const char *>(P), N);
    } else {
      if (Used + N > sizeof(Buf))
        flush();
      std::memcpy(Buf + Used, P, N);
      Used += N;
    }
    Pos += N;
  }
  void padTo(uint64_t Offset) {
    static const char Zeros[4096] = {};
    while (Pos < Offset) {
      size_t N = std::min<uint64_t>(Offset - Pos, sizeof(Zeros));
      put(Zeros, N);
    }
  }
  uint64_t pos() const { return Pos; }
  void flush() {
    OS.write(Buf, Used);
    Used = 0;
  }

private:
  raw_ostream &OS;
  char Buf[1 << 16];
  size_t Used = 0;
  uint64_t Pos = 0;
};

/// Lays out and writes what a Converter decided (its ConversionPlan).
template <class ELFT> class Writer final : public ConvertedModule {
public:
  using Ehdr = typename ELFT::Ehdr;
  using Shdr = typename ELFT::Shdr;
  using Rela = typename ELFT::Rela;
  using Rel = typename ELFT::Rel;

  /// Where an output section's bytes come from.
  enum class Source {
    Input,   ///< the input section's bytes (+ Tail, - Zero ranges)
    Owned,   ///< Owned
    Relocs,  ///< the input relocation section In, rewritten entry by entry
    KlpGroup ///< Group: its Entries, then the moved entries of its target
  };
  struct OutSection {
    Shdr Hdr;
    Source From = Source::Input;
    unsigned In = 0;
    int Group = -1;
    ArrayRef<uint8_t> Owned;
    /// Extra bytes after the input's (appended strings).
    const std::vector<char> *Tail = nullptr;
    const std::vector<std::pair<uint64_t, uint8_t>> *Zero = nullptr;
  };

  Writer(std::unique_ptr<ElfView<ELFT>> View, const ArchInfo &Arch,
         const ConvertOptions &Opts, WarningHandler &Warn)
      : View(std::move(View)), C(*this->View, Arch, Opts, Warn, Stats),
        V(*this->View), P(C.plan()) {}

  Error run() {
    if (Error E = C.run())
      return E;
    if (!Stats.Changed)
      return Error::success();
    return layOut();
  }
  uint64_t size() const override {
    return Stats.Changed ? FileSize : View->Image.size();
  }
  Error write(raw_ostream &OS) const override;

private:
  Error layOut();
  template <class RelT> void writeRelocs(OutputBuffer &W, unsigned In) const;
  void writeGroup(OutputBuffer &W, unsigned G) const;

  std::unique_ptr<ElfView<ELFT>> View;
  Converter<ELFT> C;
  const ElfView<ELFT> &V;
  const ConversionPlan<ELFT> &P;
  std::vector<OutSection> Secs;
  std::unique_ptr<StringTableAppender> SymStrings, SecStrings;
  std::vector<typename ELFT::Sym> Symtab;
  std::vector<typename ELFT::Word> Shndx;
  Ehdr Header;
  uint64_t FileSize = 0;
};

template <class T> static ArrayRef<uint8_t> asBytes(const std::vector<T> &V) {
  return ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(V.data()),
                           V.size() * sizeof(T));
}

template <class ELFT> Error Writer<ELFT>::layOut() {
  using Sym = typename ELFT::Sym;
  using Word = typename ELFT::Word;
  unsigned NumIn = V.numSections();

  if (V.SymtabIndex)
    SymStrings = std::make_unique<StringTableAppender>(
        V.Sections[V.StrtabIndex].sh_size);
  StringTableAppender *SecStrs = SymStrings.get();
  if (V.ShStrNdx != V.StrtabIndex || !V.SymtabIndex) {
    SecStrings =
        std::make_unique<StringTableAppender>(V.Sections[V.ShStrNdx].sh_size);
    SecStrs = SecStrings.get();
  }

  // The symbol table and its extended section indices.
  if (V.SymtabIndex) {
    Symtab.reserve(P.NumKeptSymbols);
    for (unsigned I = 0, E = V.Symbols.size(); I != E; ++I) {
      if (P.Symbols[I].Remove)
        continue;
      Sym S = V.Symbols[I];
      Word X;
      X = 0;
      if (P.Symbols[I].Livepatch >= 0) {
        std::string Name = formatKlpSymbolName(
            P.LivepatchSymbols[P.Symbols[I].Livepatch].Target);
        if (V.SymbolNames[I] != Name)
          S.st_name = SymStrings->add(Name);
        S.setBindingAndType(STB_GLOBAL, STT_NOTYPE);
        S.st_other = 0;
        S.st_shndx = SHN_LIVEPATCH;
        S.st_value = 0;
        S.st_size = 0;
      } else if (P.Symbols[I].Tombstone) {
        S.st_shndx = SHN_LIVEPATCH;
      } else if (uint32_t Sec = V.SymbolSection[I];
                 Sec && !(Sec & SpecialShndxBit)) {
        uint32_t New = P.Sections[Sec].NewIndex;
        if (New >= SHN_LORESERVE) {
          if (!V.ShndxIndex)
            return V.error("the output needs extended section indices "
                           "(SHT_SYMTAB_SHNDX), which the input lacks");
          S.st_shndx = SHN_XINDEX;
          X = New;
        } else {
          S.st_shndx = New;
        }
      }
      Symtab.push_back(S);
      if (V.ShndxIndex)
        Shndx.push_back(X);
    }
  }

  // New .klp.rela sections: last, in a fixed order.
  std::vector<unsigned> NewGroups;
  for (unsigned G = 0; G != P.Groups.size(); ++G) {
    if (P.Groups[G].Existing >= 0)
      ++Stats.KlpRelaSections;
    else
      NewGroups.push_back(G);
  }
  llvm::sort(NewGroups, [&](unsigned A, unsigned B) {
    const auto &GA = P.Groups[A], &GB = P.Groups[B];
    return std::tie(GA.Object, GA.Target) < std::tie(GB.Object, GB.Target);
  });
  std::vector<uint32_t> NewGroupNames;
  for (unsigned G : NewGroups)
    NewGroupNames.push_back(SecStrs->add(formatKlpRelaSectionName(
        P.Groups[G].Object, V.SectionNames[P.Groups[G].Target])));
  Stats.KlpRelaSections += NewGroups.size();

  // Renamed sections (the identity section) need their names added before
  // the section string table's size is read below.
  std::vector<uint32_t> NewNames(NumIn, 0);
  for (unsigned I = 1; I != NumIn; ++I)
    if (!P.Sections[I].Remove && P.Sections[I].NewName)
      NewNames[I] = SecStrs->add(*P.Sections[I].NewName);

  uint64_t NumOut = P.NumKeptSections + NewGroups.size();
  Secs.resize(NumOut);
  Secs[0].Hdr = V.Sections[0];
  for (unsigned I = 1; I != NumIn; ++I) {
    const auto &Plan = P.Sections[I];
    if (Plan.Remove)
      continue;
    OutSection &O = Secs[Plan.NewIndex];
    O.Hdr = V.Sections[I];
    O.In = I;
    Shdr &H = O.Hdr;
    if (Plan.NewName)
      H.sh_name = NewNames[I];
    if (H.sh_link)
      H.sh_link = P.Sections[H.sh_link].NewIndex;
    // The type says what sh_info holds; SHF_INFO_LINK only for the rest.
    if (H.sh_type == SHT_SYMTAB) {
      H.sh_info = P.NewFirstGlobal;
    } else if (H.sh_type == SHT_GROUP) {
      H.sh_info = P.Symbols[H.sh_info].NewIndex;
    } else if (V.isRelocSection(I) || (H.sh_flags & SHF_INFO_LINK)) {
      if (H.sh_info >= NumIn)
        return V.error(V.describeSection(I) +
                       ": sh_info is not a section index");
      H.sh_info = P.Sections[H.sh_info].NewIndex;
    }

    uint64_t Size = V.contents(I).size();
    if (I == V.SymtabIndex) {
      O.From = Source::Owned;
      O.Owned = asBytes(Symtab);
    } else if (I == V.ShndxIndex) {
      O.From = Source::Owned;
      O.Owned = asBytes(Shndx);
    } else if (SymStrings && I == V.StrtabIndex) {
      O.Tail = &SymStrings->extra();
    } else if (SecStrings && I == V.ShStrNdx) {
      O.Tail = &SecStrings->extra();
    } else if (Plan.KlpGroup >= 0) {
      O.From = Source::KlpGroup;
      O.Group = Plan.KlpGroup;
      Size = P.Groups[O.Group].size() * sizeof(Rela);
    } else if (Plan.NewContents) {
      O.From = Source::Owned;
      O.Owned = *Plan.NewContents;
    } else if (V.isRelocSection(I) && Plan.RewriteRelocs) {
      O.From = Source::Relocs;
      Size = Plan.KeptRelocs * H.sh_entsize;
    }
    if (O.From == Source::Owned)
      Size = O.Owned.size();
    if (!Plan.ZeroRanges.empty())
      O.Zero = &Plan.ZeroRanges;
    if (H.sh_type != SHT_NOBITS)
      H.sh_size = Size + (O.Tail ? O.Tail->size() : 0);
  }
  // Every string was added before the loop above, so the sizes are final.
  unsigned SymtabOut = V.SymtabIndex ? P.Sections[V.SymtabIndex].NewIndex : 0;
  for (size_t K = 0; K != NewGroups.size(); ++K) {
    const auto &G = P.Groups[NewGroups[K]];
    OutSection &O = Secs[P.NumKeptSections + K];
    O.From = Source::KlpGroup;
    O.Group = NewGroups[K];
    Shdr &H = O.Hdr;
    std::memset(&H, 0, sizeof(H));
    H.sh_name = NewGroupNames[K];
    H.sh_type = SHT_RELA;
    H.sh_flags = SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH;
    H.sh_link = SymtabOut;
    H.sh_info = P.Sections[G.Target].NewIndex;
    H.sh_addralign = 8;
    H.sh_entsize = sizeof(Rela);
    H.sh_size = G.size() * sizeof(Rela);
  }

  // Layout. File offsets follow sh_addralign up to a page: the loader
  // copies sections to memory with their full alignment, and reads only
  // tables (symbols, relocations, strings) in place.
  uint64_t Offset = sizeof(Ehdr);
  for (uint64_t I = 1; I != NumOut; ++I) {
    Shdr &H = Secs[I].Hdr;
    uint64_t Align = std::clamp<uint64_t>(H.sh_addralign, 1, 4096);
    Offset = alignTo(Offset, Align);
    H.sh_offset = Offset;
    if (H.sh_type != SHT_NOBITS)
      Offset += H.sh_size;
  }
  uint64_t ShOff = alignTo(Offset, 8);
  FileSize = ShOff + NumOut * sizeof(Shdr);

  std::memcpy(&Header, V.Header, sizeof(Ehdr));
  Header.e_shoff = ShOff;
  Header.e_phoff = 0;
  unsigned ShStrOut = P.Sections[V.ShStrNdx].NewIndex;
  Shdr &Null = Secs[0].Hdr;
  if (NumOut >= SHN_LORESERVE) {
    Header.e_shnum = 0;
    Null.sh_size = NumOut;
  } else {
    Header.e_shnum = NumOut;
    Null.sh_size = 0;
  }
  if (ShStrOut >= SHN_LORESERVE) {
    Header.e_shstrndx = SHN_XINDEX;
    Null.sh_link = ShStrOut;
  } else {
    Header.e_shstrndx = ShStrOut;
    Null.sh_link = 0;
  }
  return Error::success();
}

// An input entry as the output holds it: its symbol renumbered, R_*_NONE
// where the plan says so.
template <class RelT, class PlanT>
static RelT outputEntry(const PlanT &P, RelT X, uint32_t Fate,
                        uint32_t NoneType) {
  uint32_t Type = Fate == PlanT::KeepAsNone ? NoneType : X.getType(false);
  X.setSymbolAndType(P.newSymbolIndex(X.getSymbol(false)), Type, false);
  return X;
}

template <class ELFT>
template <class RelT>
void Writer<ELFT>::writeRelocs(OutputBuffer &W, unsigned In) const {
  using Plan = ConversionPlan<ELFT>;
  ArrayRef<RelT> Entries = C.template relocs<RelT>(In);
  const std::vector<uint32_t> &Fates = P.Sections[In].RelocFates;
  for (size_t K = 0, E = Entries.size(); K != E; ++K) {
    uint32_t Fate = Fates.empty() ? Plan::KeepReloc : Fates[K];
    if (Fate != Plan::KeepReloc && Fate != Plan::KeepAsNone)
      continue; // moved to a group
    RelT X = outputEntry(P, Entries[K], Fate, C.noneType());
    W.put(&X, sizeof(X));
  }
}

template <class ELFT>
void Writer<ELFT>::writeGroup(OutputBuffer &W, unsigned G) const {
  const auto &Group = P.Groups[G];
  W.put(Group.Entries.data(), Group.Entries.size() * sizeof(Rela));
  for (unsigned In : Group.Feeders) {
    ArrayRef<Rela> Entries = C.template relocs<Rela>(In);
    const std::vector<uint32_t> &Fates = P.Sections[In].RelocFates;
    for (size_t K = 0, E = Entries.size(); K != E; ++K) {
      if (Fates[K] != G)
        continue;
      Rela X = outputEntry(P, Entries[K], Fates[K], C.noneType());
      W.put(&X, sizeof(X));
    }
  }
}

template <class ELFT> Error Writer<ELFT>::write(raw_ostream &OS) const {
  if (!Stats.Changed) {
    OS.write(reinterpret_cast<const char *>(View->Image.data()),
             View->Image.size());
    return Error::success();
  }
  OutputBuffer W(OS);
  W.put(&Header, sizeof(Ehdr));
  for (size_t I = 1, E = Secs.size(); I != E; ++I) {
    const OutSection &O = Secs[I];
    if (O.Hdr.sh_type == SHT_NOBITS)
      continue;
    W.padTo(O.Hdr.sh_offset);
    switch (O.From) {
    case Source::Input: {
      ArrayRef<uint8_t> Data = V.contents(O.In);
      if (!O.Zero) {
        W.put(Data.data(), Data.size());
      } else {
        // x86 targets to zero: rare, copy the section.
        std::vector<uint8_t> Copy(Data.begin(), Data.end());
        for (auto [Off, Size] : *O.Zero)
          std::memset(Copy.data() + Off, 0, Size);
        W.put(Copy.data(), Copy.size());
      }
      if (O.Tail)
        W.put(O.Tail->data(), O.Tail->size());
      break;
    }
    case Source::Owned:
      W.put(O.Owned.data(), O.Owned.size());
      break;
    case Source::Relocs:
      if (V.Sections[O.In].sh_type == SHT_RELA)
        writeRelocs<Rela>(W, O.In);
      else
        writeRelocs<Rel>(W, O.In);
      break;
    case Source::KlpGroup:
      writeGroup(W, O.Group);
      break;
    }
    // The walk that sized this section and the one that wrote it must agree.
    if (W.pos() != O.Hdr.sh_offset + O.Hdr.sh_size)
      return V.error(formatv("internal error: output section {0} has {1} "
                             "bytes, {2} were laid out",
                             I, W.pos() - O.Hdr.sh_offset,
                             (uint64_t)O.Hdr.sh_size)
                         .str());
  }
  W.padTo(Header.e_shoff);
  for (const OutSection &O : Secs)
    W.put(&O.Hdr, sizeof(Shdr));
  W.flush();
  return Error::success();
}

} // namespace

template <class ELFT>
Expected<std::unique_ptr<ConvertedModule>>
runConversion(std::unique_ptr<ElfView<ELFT>> View, const ArchInfo &Arch,
              const ConvertOptions &Opts, WarningHandler &Warn) {
  auto M = std::make_unique<Writer<ELFT>>(std::move(View), Arch, Opts, Warn);
  if (Error E = M->run())
    return E;
  return std::unique_ptr<ConvertedModule>(std::move(M));
}

template Expected<std::unique_ptr<ConvertedModule>>
runConversion<ELF64LE>(std::unique_ptr<ElfView<ELF64LE>>, const ArchInfo &,
                       const ConvertOptions &, WarningHandler &);
template Expected<std::unique_ptr<ConvertedModule>>
runConversion<ELF64BE>(std::unique_ptr<ElfView<ELF64BE>>, const ArchInfo &,
                       const ConvertOptions &, WarningHandler &);

} // namespace klp
