//===- manifest/DebugUnitAddresses.cpp - Compilation units by address -----===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Cost on Debian 12's 6.1 debug vmlinux (590 MB, 2172 units): the unit
// headers and first entries, and .debug_aranges (160 KB), which gcc and gas
// write for every unit; a unit it misses costs its DW_AT_ranges, or at
// worst one read of that unit. Like DebugUnits.cpp, the relocations a
// vmlinux keeps for .debug_info are not applied: its DWARF holds final
// addresses already.
//
//===----------------------------------------------------------------------===//

#include "manifest/DebugUnitAddresses.h"

#include "manifest/DebugUnitPaths.h"
#include "manifest/InputFile.h"

#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/DebugInfo/DWARF/DWARFContext.h"
#include "llvm/DebugInfo/DWARF/DWARFDebugAranges.h"
#include "llvm/DebugInfo/DWARF/DWARFDie.h"
#include "llvm/DebugInfo/DWARF/DWARFFormValue.h"
#include "llvm/DebugInfo/DWARF/DWARFUnit.h"
#include "llvm/Object/ObjectFile.h"

#include <algorithm>
#include <string>
#include <vector>

using namespace llvm;

namespace klp {

struct DebugUnitAddresses::Impl {
  std::unique_ptr<object::ObjectFile> Object;
  std::unique_ptr<DWARFContext> Dwarf;
  const DWARFDebugAranges *Aranges = nullptr;
  /// Each compile unit's offset in .debug_info and tree-relative path,
  /// sorted by offset (the order of .debug_info).
  std::vector<std::pair<uint64_t, std::string>> Units;
  /// The first problem the DWARF library reported.
  std::string DwarfProblem;
};

DebugUnitAddresses::DebugUnitAddresses() = default;
DebugUnitAddresses::~DebugUnitAddresses() = default;

Expected<std::unique_ptr<DebugUnitAddresses>>
DebugUnitAddresses::open(MemoryBufferRef Buffer, StringRef Path) {
  Expected<std::unique_ptr<object::ObjectFile>> Obj =
      object::ObjectFile::createObjectFile(Buffer);
  if (!Obj)
    return fileError(Path, toString(Obj.takeError()));
  std::unique_ptr<DebugUnitAddresses> Index(new DebugUnitAddresses());
  Index->I = std::make_unique<Impl>();
  Impl &I = *Index->I;
  I.Object = std::move(*Obj);
  I.Dwarf =
      openKernelDwarf(*I.Object, /*ApplyRelocations=*/false, I.DwarfProblem);

  std::vector<std::pair<StringRef, StringRef>> Names;
  for (const std::unique_ptr<DWARFUnit> &U : I.Dwarf->compile_units()) {
    DWARFDie Die = U->getUnitDIE(/*ExtractUnitDIEOnly=*/true);
    if (!Die.isValid())
      continue;
    StringRef Name = dwarf::toStringRef(Die.find(dwarf::DW_AT_name));
    StringRef CompDir = dwarf::toStringRef(Die.find(dwarf::DW_AT_comp_dir));
    Names.push_back({Name, CompDir});
    I.Units.push_back({U->getOffset(), ""});
  }
  SourceTree Tree = SourceTree::infer(Names);
  for (size_t N = 0; N < Names.size(); ++N)
    I.Units[N].second = Tree.relative(Names[N].first, Names[N].second);
  llvm::sort(I.Units,
             [](const auto &A, const auto &B) { return A.first < B.first; });

  I.Aranges = I.Dwarf->getDebugAranges();
  // A file named from a misread unit would be a wrong answer where the
  // basename was only an incomplete one.
  if (!I.DwarfProblem.empty())
    return fileError(Path,
                     "damaged DWARF in its compilation units' headers or "
                     "address ranges: " +
                         I.DwarfProblem +
                         "; to build the manifest with the symbol table's "
                         "basenames as source files, remove the debug info "
                         "(objcopy --wildcard --remove-section='.debug_*'; "
                         "--strip-debug would remove the file symbols too)");
  return Index;
}

StringRef DebugUnitAddresses::unitAt(uint64_t Address) const {
  if (!I->Aranges)
    return "";
  uint64_t Offset = I->Aranges->findAddress(Address);
  auto It = llvm::partition_point(
      I->Units, [&](const auto &U) { return U.first < Offset; });
  if (It == I->Units.end() || It->first != Offset)
    return "";
  return It->second;
}

} // namespace klp
