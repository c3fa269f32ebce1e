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
#include <string>
#include <vector>

namespace klp {

template <class ELFT> class Converter {
public:
  using View = ElfView<ELFT>;
  using Shdr = typename ELFT::Shdr;
  using Sym = typename ELFT::Sym;
  using Rela = typename ELFT::Rela;
  using Rel = typename ELFT::Rel;

  Converter(const View &V, const ArchInfo &Arch, const ConvertOptions &Opts,
            WarningHandler &Warn, ConvertStats &Stats);

  /// Takes every decision; the writer then reads the members below.
  llvm::Error run();

  // What the livepatch symbols mean.
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
    /// Entries the writer takes from relocation sections that target
    /// Target (fateOf()), after Entries.
    uint64_t Streamed = 0;
    uint64_t size() const { return Entries.size() + Streamed; }
  };
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

  const View &V;
  const ArchInfo &Arch;
  const ConvertOptions &Opts;
  WarningHandler &Warn;
  ConvertStats &Stats;

  bool LivepatchModinfo = false;
  llvm::StringMap<Mark> Marks;
  /// Deferred references by link name (each object's record kept).
  llvm::StringMap<std::vector<DeferredReference>> Deferred;

  std::vector<bool> RemoveSec;
  std::vector<unsigned> NewSecIndex; ///< 0 for removed sections
  unsigned NumKeptSections = 0;      ///< including the null section

  std::vector<int> KlpIndex; ///< per symbol: index into KlpSyms, or -1
  std::vector<LivepatchSymbol> KlpSyms;
  llvm::StringMap<unsigned> FinalNames; ///< .klp.sym name -> first symbol
  std::vector<unsigned> Canonical;      ///< merged symbols: the one kept
  std::vector<bool> Tombstone;          ///< objtool: only st_shndx changes
  std::vector<bool> RemoveSym;
  std::vector<uint32_t> NewSymIndex;
  uint32_t NewFirstGlobal = 0;
  uint32_t NumKeptSymbols = 0;
  bool SymbolsRenumbered = false;

  std::vector<ObjtoolReloc> ObjtoolRelocs;
  /// KLP_SYMPOS annotations by symbol index.
  std::map<unsigned, ModuleReloc> ModuleRelocs;
  llvm::DenseSet<uint64_t> NoneRelocs; ///< (section << 32) | entry
  std::vector<bool> SectionHasNone;
  std::vector<bool> ExistingGroupSection;

  std::map<std::pair<std::string, unsigned>, unsigned> GroupIndex;
  std::vector<Group> Groups;
  unsigned LastGroup = ~0u;
  /// Byte ranges (offset, size) to zero, per input section.
  std::map<unsigned, std::vector<std::pair<uint64_t, uint8_t>>> ZeroPatches;
  /// Rewritten contents, per input section.
  std::map<unsigned, std::vector<uint8_t>> NewContents;

  /// Per relocation section: rewritten by the writer, its entry count
  /// then, and whether it gives entries to .klp.rela groups.
  std::vector<bool> RewriteSection;
  std::vector<uint64_t> KeptCount;
  std::vector<bool> FeedsGroups;

  std::string describeLocation(unsigned Sec, uint64_t Offset) const;

  /// The writer's half of the relocation walk: turns entry \p K of section
  /// \p R into its output form (symbol renumbered, R_*_NONE where objtool's
  /// original was) and returns true, with the group's object in \p Object,
  /// if it moves to the .klp.rela group of its target section.
  template <class RelT>
  bool fateOf(unsigned R, size_t K, RelT &X, llvm::StringRef &Object) const;

  template <class RelT> llvm::ArrayRef<RelT> relocs(unsigned Sec) const {
    llvm::ArrayRef<uint8_t> Raw = V.contents(Sec);
    return llvm::ArrayRef<RelT>(reinterpret_cast<const RelT *>(Raw.data()),
                                Raw.size() / sizeof(RelT));
  }

private:
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

  llvm::ArrayRef<Rela> relas(unsigned Sec) const {
    llvm::ArrayRef<uint8_t> Raw = V.contents(Sec);
    return llvm::ArrayRef<Rela>(reinterpret_cast<const Rela *>(Raw.data()),
                                Raw.size() / sizeof(Rela));
  }
  llvm::Error collectMarks();
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
  llvm::Error addKlpRelocation(llvm::StringRef RelaObject, unsigned Target,
                               uint64_t Offset, uint32_t Type, int64_t Addend,
                               unsigned SymIdx, llvm::StringRef Origin,
                               bool Streamed);
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
