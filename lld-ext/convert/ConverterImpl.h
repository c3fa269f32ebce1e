//===- lld-ext/convert/ConverterImpl.h - Converter state ------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The decisions Converter.cpp takes about one module, and which Writer.cpp
// turns into the output file. Private to lld-ext/convert.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_LLD_EXT_CONVERT_CONVERTERIMPL_H
#define KLP_LLD_EXT_CONVERT_CONVERTERIMPL_H

#include "format/KlpFormat.h"
#include "lld-ext/arch/Arch.h"
#include "lld-ext/convert/Convert.h"
#include "lld-ext/elf/ElfView.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace klp {

/// What the Converter decided about one module, down to each relocation;
/// the Writer (Writer.cpp) lays it out and writes it, deciding nothing.
template <class ELFT> struct ConversionPlan {
  using Rela = typename ELFT::Rela;

  /// A relocation entry's fate (SectionPlan::RelocFates): kept in its
  /// section, kept as R_*_NONE (objtool's original of a __klp_relocs
  /// entry), or any other value: moved to that group.
  static constexpr uint32_t KeepReloc = ~0u;
  static constexpr uint32_t KeepAsNone = ~0u - 1;

  struct SectionPlan {
    bool Remove = false;
    unsigned NewIndex = 0; ///< 0 for removed sections
    /// An input .klp.rela section that this group extends, or -1.
    int KlpGroup = -1;
    /// A relocation section written entry by entry (symbols renumbered,
    /// moved entries left out), with KeptRelocs entries; else copied.
    bool RewriteRelocs = false;
    uint64_t KeptRelocs = 0;
    /// Per entry of a relocation section; empty when every entry is kept.
    std::vector<uint32_t> RelocFates;
    /// Byte ranges (offset, size) to zero: x86 targets of moved relocations.
    std::vector<std::pair<uint64_t, uint8_t>> ZeroRanges;
    /// Contents rewritten whole (groups, address-significance tables).
    std::optional<std::vector<uint8_t>> NewContents;
    /// A new name (the mark section becomes the identity section).
    std::optional<std::string> NewName;
  };

  struct SymbolPlan {
    int Livepatch = -1;     ///< index into LivepatchSymbols, or -1
    unsigned Canonical = 0; ///< merged symbols: the one kept
    bool Remove = false;
    bool Tombstone = false; ///< objtool: only st_shndx changes
    uint32_t NewIndex = 0;
  };

  /// What a livepatch symbol means.
  struct LivepatchSymbol {
    KernelSymbolRef Target;
    /// Object of the .klp.rela sections for relocations moved from ordinary
    /// relocation sections (vmlinux targets always go to vmlinux).
    std::string RelaObject;
  };

  /// One .klp.rela section: relocations for one object and target section.
  struct Group {
    std::string Object;
    unsigned Target; ///< input section index
    int Existing;    ///< input .klp.rela section extended, or -1
    /// Entries known before the relocation walk (an extended section's
    /// own, objtool's), with output symbol indices.
    std::vector<Rela> Entries;
    /// Relocation sections with entries whose fate is this group, in
    /// section order, and how many entries they give.
    std::vector<unsigned> Feeders;
    uint64_t Moved = 0;
    uint64_t size() const { return Entries.size() + Moved; }
  };

  std::vector<SectionPlan> Sections;
  std::vector<SymbolPlan> Symbols;
  std::vector<LivepatchSymbol> LivepatchSymbols;
  std::vector<Group> Groups;
  unsigned NumKeptSections = 0; ///< including the null section
  uint32_t NumKeptSymbols = 0;
  uint32_t NewFirstGlobal = 0;
  bool SymbolsRenumbered = false;

  /// The output index of input symbol \p I (merged symbols share one).
  uint32_t newSymbolIndex(unsigned I) const { return Symbols[I].NewIndex; }
};

template <class ELFT> class Converter {
public:
  using View = ElfView<ELFT>;
  using Shdr = typename ELFT::Shdr;
  using Sym = typename ELFT::Sym;
  using Rela = typename ELFT::Rela;
  using Rel = typename ELFT::Rel;
  using Plan = ConversionPlan<ELFT>;

  Converter(const View &V, const ArchInfo &Arch, const ConvertOptions &Opts,
            WarningHandler &Warn, ConvertStats &Stats);

  /// Takes every decision into plan().
  llvm::Error run();
  const Plan &plan() const { return P; }
  uint32_t noneType() const { return Arch.NoneType; }

  struct ObjtoolReloc {
    std::string Object;
    unsigned Target;
    uint64_t Offset;
    uint32_t Type;
    int64_t Addend;
    unsigned Symbol;
    std::string Origin;
  };
  /// A klp-convert v7 KLP_SYMPOS annotation: every reference of the module
  /// to the symbol is a reference to Target.
  struct ModuleReloc {
    KernelSymbolRef Target;
    std::string RelaObject;
    std::string Origin; ///< ".klp.module_relocs.<obj> entry N (...)"
  };

  template <class RelT> llvm::ArrayRef<RelT> relocs(unsigned Sec) const {
    llvm::ArrayRef<uint8_t> Raw = V.contents(Sec);
    return llvm::ArrayRef<RelT>(reinterpret_cast<const RelT *>(Raw.data()),
                                Raw.size() / sizeof(RelT));
  }

private:
  const View &V;
  const ArchInfo &Arch;
  const ConvertOptions &Opts;
  WarningHandler &Warn;
  ConvertStats &Stats;
  Plan P;

  // What the inputs say.
  bool LivepatchModinfo = false;
  llvm::StringMap<Mark> Marks;
  /// Deferred references by link name (each object's record kept).
  llvm::StringMap<std::vector<DeferredReference>> Deferred;
  /// The kernel build the objects' manifest described (one for all).
  std::optional<BuildIdentity> Identity;
  std::vector<ObjtoolReloc> ObjtoolRelocs;
  /// KLP_SYMPOS annotations by symbol index.
  std::map<unsigned, ModuleReloc> ModuleRelocs;

  // Bookkeeping of the decisions.
  llvm::StringMap<unsigned> FinalNames; ///< .klp.sym name -> first symbol
  std::map<std::pair<std::string, unsigned>, unsigned> GroupIndex;
  unsigned LastGroup = ~0u;

  /// Arch.find(), cached: it runs once per moved relocation.
  const RelocInfo *relocInfo(uint32_t Type) {
    if (Type >= RelocCache.size())
      return Arch.find(Type);
    if (!RelocCacheValid[Type]) {
      RelocCache[Type] = Arch.find(Type);
      RelocCacheValid[Type] = true;
    }
    return RelocCache[Type];
  }
  std::array<const RelocInfo *, 256> RelocCache{};
  std::array<bool, 256> RelocCacheValid{};

  llvm::ArrayRef<Rela> relas(unsigned Sec) const { return relocs<Rela>(Sec); }
  std::string describeLocation(unsigned Sec, uint64_t Offset) const;
  /// Entry \p K of relocation section \p R gets \p Fate.
  void setRelocFate(unsigned R, size_t K, uint32_t Fate);
  unsigned groupFor(llvm::StringRef Object, unsigned Target);

  llvm::Error collectMarks();
  llvm::Error keepIdentity(unsigned MarkSec,
                           llvm::ArrayRef<BuildIdentity> Found);
  llvm::Error collectObjtoolTables();
  llvm::Error collectObjtoolTable(unsigned TableSec);
  llvm::Error collectModuleRelocTables();
  llvm::Error collectModuleRelocTable(unsigned TableSec);
  llvm::Error addModuleRelocEntry(unsigned TableSec, uint64_t Entry,
                                  const Rela &X);
  llvm::Error addAnnotatedSymbol(unsigned SymIdx, const ModuleReloc &A);
  llvm::Error addLabelSymbol(unsigned SymIdx);
  llvm::Error addLivepatchSymbol(unsigned SymIdx, const KernelSymbolRef &Target,
                                 llvm::StringRef RelaObject);
  llvm::Error checkDeferred(unsigned SymIdx,
                            llvm::ArrayRef<DeferredReference> Refs);
  llvm::Error classifySymbols();
  llvm::Error numberSectionsAndSymbols();
  llvm::Error registerExistingKlpRelas();
  /// Checks a relocation against livepatch symbol \p SymIdx and returns the
  /// group it moves to.
  llvm::Expected<unsigned> moveToGroup(llvm::StringRef RelaObject,
                                       unsigned Target, uint64_t Offset,
                                       uint32_t Type, unsigned SymIdx,
                                       llvm::StringRef Origin);
  template <class RelT> llvm::Error walkRelocSection(unsigned R);
  llvm::Error walkRelocations();
  llvm::Error rewriteIndexSections();
};

/// Runs a Converter over \p View and lays out the result (Writer.cpp). The
/// module owns the view; the view's image must outlive it.
template <class ELFT>
llvm::Expected<std::unique_ptr<ConvertedModule>>
runConversion(std::unique_ptr<ElfView<ELFT>> View, const ArchInfo &Arch,
              const ConvertOptions &Opts, WarningHandler &Warn);

extern template class Converter<llvm::object::ELF64LE>;
extern template class Converter<llvm::object::ELF64BE>;

} // namespace klp

#endif // KLP_LLD_EXT_CONVERT_CONVERTERIMPL_H
