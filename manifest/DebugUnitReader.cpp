//===- manifest/DebugUnitReader.cpp - One DWARF unit as a ShippedUnit -----===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// gcc describes each function of a unit once abstractly (DW_AT_inline) when
// it inlined it anywhere, and once per piece of out-of-line code as a
// concrete DW_TAG_subprogram: the function itself, or a clone (.isra,
// .constprop, .part) pointing at the abstract entry with
// DW_AT_abstract_origin; a hot/cold split shows as DW_AT_ranges. Each
// inlined copy is a DW_TAG_inlined_subroutine inside the concrete
// subprogram whose code holds it. Static locals live in the abstract entry
// (or the only one) with a DW_OP_addr location; gcc names their symbols
// "name.N".
//
//===----------------------------------------------------------------------===//

#include "manifest/DebugUnitReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/DebugInfo/DWARF/DWARFDataExtractor.h"
#include "llvm/DebugInfo/DWARF/DWARFDie.h"
#include "llvm/DebugInfo/DWARF/DWARFFormValue.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/LEB128.h"

#include <limits>
#include <map>
#include <set>
#include <tuple>

using namespace llvm;

namespace klp {

namespace {

/// Where code or a variable is: a section (relocatable objects) and an
/// address in it.
struct Location {
  uint64_t Section = object::SectionedAddress::UndefSection;
  uint64_t Address = 0;
};

struct FunctionInfo {
  ShippedFunction Function;
  std::set<std::string> InlinedInto;
};

struct VariableInfo {
  ShippedVariable Variable;
  bool FunctionScope = false;
  bool HasAddress = false;
};

class UnitReader {
public:
  UnitReader(DWARFUnit &U, const ShippedSymbols &Symbols, StringRef Path)
      : U(U), Symbols(Symbols), Path(Path), Info(U.getDebugInfoExtractor()) {}

  Expected<ShippedUnit> read();

private:
  Error addSubprogram(DWARFDie D);
  void addInlined(DWARFDie D);
  void addVariable(DWARFDie D);
  std::optional<Location> staticAddress(DWARFDie D) const;

  DWARFUnit &U;
  const ShippedSymbols &Symbols;
  StringRef Path;
  DWARFDataExtractor Info;
  std::map<std::string, FunctionInfo> Functions;
  /// By the offset of the variable's first entry (the abstract one, or the
  /// definition).
  std::map<uint64_t, VariableInfo> Variables;
};

} // namespace

static StringRef nameOf(DWARFDie D) {
  const char *Name = D.getName(DINameKind::ShortName);
  return Name ? StringRef(Name) : StringRef();
}

static bool flag(DWARFDie D, dwarf::Attribute Attr) {
  return dwarf::toUnsigned(D.findRecursively(Attr), 0) != 0;
}

// The concrete or abstract subprogram \p D is in, or an invalid entry at
// file scope.
static DWARFDie enclosingSubprogram(DWARFDie D) {
  for (DWARFDie P = D.getParent(); P.isValid(); P = P.getParent())
    if (P.getTag() == dwarf::DW_TAG_subprogram)
      return P;
  return DWARFDie();
}

// The entry every other entry of \p D's variable or function points to.
static DWARFDie originOf(DWARFDie D) {
  // A well-formed chain is one or two long; the bound keeps a damaged one
  // from looping.
  for (int Hops = 0; Hops < 16; ++Hops) {
    DWARFDie Origin =
        D.getAttributeValueAsReferencedDie(dwarf::DW_AT_abstract_origin);
    if (!Origin.isValid())
      break;
    D = Origin;
  }
  return D;
}

Error UnitReader::addSubprogram(DWARFDie D) {
  if (D.find(dwarf::DW_AT_declaration))
    return Error::success(); // defined elsewhere, if anywhere
  StringRef Name = nameOf(D);
  if (Name.empty())
    return Error::success();
  FunctionInfo &FI = Functions[Name.str()];
  ShippedFunction &F = FI.Function;
  F.Name = Name.str();
  F.External |= flag(D, dwarf::DW_AT_external);
  if (std::optional<uint64_t> Inl =
          dwarf::toUnsigned(D.findRecursively(dwarf::DW_AT_inline)))
    F.Inline |= *Inl == dwarf::DW_INL_declared_inlined ||
                *Inl == dwarf::DW_INL_declared_not_inlined;

  if (!D.find(dwarf::DW_AT_low_pc) && !D.find(dwarf::DW_AT_ranges))
    return Error::success(); // abstract: only inlined copies
  Expected<DWARFAddressRangesVector> Ranges = D.getAddressRanges();
  if (!Ranges)
    return createStringError(
        inconvertibleErrorCode(),
        "cannot read the code ranges of " + Name + "() in the unit of " + Path +
            " (at .debug_info offset 0x" + utohexstr(D.getOffset()) +
            "): " + toString(Ranges.takeError()));
  bool First = true;
  for (const DWARFAddressRange &R : *Ranges) {
    // A linked object's DWARF keeps code the link discarded, at 0.
    if (R.LowPC >= R.HighPC || (!Symbols.isRelocatable() && R.LowPC == 0))
      continue;
    F.OutOfLine = true;
    // The first range is the function's entry; an alias may name it.
    // Further ranges are .cold parts, which gcc always names after it.
    std::optional<ShippedSymbol> Sym =
        Symbols.at(R.SectionIndex, R.LowPC, Name, First, ELF::STT_FUNC);
    First = false;
    if (Sym && none_of(F.Copies, [&](const ShippedSymbol &C) {
          return C.Name == Sym->Name && C.Address == Sym->Address;
        }))
      F.Copies.push_back(std::move(*Sym));
  }
  return Error::success();
}

void UnitReader::addInlined(DWARFDie D) {
  StringRef Name = nameOf(D);
  DWARFDie Into = enclosingSubprogram(D);
  StringRef IntoName = Into.isValid() ? nameOf(Into) : StringRef();
  if (Name.empty() || IntoName.empty())
    return;
  Functions[Name.str()].InlinedInto.insert(IntoName.str());
}

// The address of a variable with static storage: a location that is
// exactly DW_OP_addr or DW_OP_addrx (anything more, DW_OP_stack_value
// above all, describes a value, not where the variable lives).
std::optional<Location> UnitReader::staticAddress(DWARFDie D) const {
  std::optional<DWARFFormValue> V = D.find(dwarf::DW_AT_location);
  if (!V)
    return std::nullopt;
  std::optional<ArrayRef<uint8_t>> Block = V->getAsBlock();
  if (!Block || Block->empty())
    return std::nullopt; // a location list: an automatic variable
  uint8_t Op = Block->front();
  if (Op == dwarf::DW_OP_addr) {
    StringRef Section = U.getInfoSection().Data;
    uint8_t Size = U.getAddressByteSize();
    const uint8_t *At = Block->data() + 1;
    if (Block->size() != 1u + Size || At < Section.bytes_begin() ||
        At + Size > Section.bytes_end())
      return std::nullopt;
    // Read through the unit's extractor so that a relocatable object's
    // .rela.debug_info applies, as it does to DW_AT_low_pc.
    uint64_t Offset = At - Section.bytes_begin();
    Location L;
    L.Address = Info.getRelocatedAddress(&Offset, &L.Section);
    return L;
  }
  if (Op == dwarf::DW_OP_addrx || Op == dwarf::DW_OP_GNU_addr_index) {
    unsigned Length = 0;
    const char *Error = nullptr;
    uint64_t Index = decodeULEB128(Block->data() + 1, &Length,
                                   Block->data() + Block->size(), &Error);
    if (Error || 1u + Length != Block->size())
      return std::nullopt;
    if (std::optional<object::SectionedAddress> A =
            U.getAddrOffsetSectionItem(Index))
      return Location{A->SectionIndex, A->Address};
  }
  return std::nullopt;
}

void UnitReader::addVariable(DWARFDie D) {
  if (D.find(dwarf::DW_AT_declaration))
    return; // an extern declaration; its definition has its own entry
  StringRef Name = nameOf(D);
  if (Name.empty())
    return;
  DWARFDie Origin = originOf(D);
  DWARFDie Scope = enclosingSubprogram(Origin);
  VariableInfo &VI = Variables[Origin.getOffset()];
  ShippedVariable &V = VI.Variable;
  V.Name = Name.str();
  V.External |= flag(D, dwarf::DW_AT_external);
  if (Scope.isValid()) {
    VI.FunctionScope = true;
    V.Function = nameOf(Scope).str();
  }
  if (VI.HasAddress)
    return;
  std::optional<Location> L = staticAddress(D);
  if (!L)
    return;
  VI.HasAddress = true;
  // By name only: a variable in a discarded section (.discard.addressable)
  // has address 0, where vmlinux keeps an unrelated per-CPU symbol.
  V.Symbol = Symbols.at(L->Section, L->Address, Name, /*OrAnyOfType=*/false,
                        ELF::STT_OBJECT);
}

Expected<ShippedUnit> UnitReader::read() {
  if (Error E = U.tryExtractDIEsIfNeeded(/*CUDieOnly=*/false))
    return createStringError(inconvertibleErrorCode(),
                             "cannot read the DWARF of " + Path + ": " +
                                 toString(std::move(E)));
  for (const DWARFDebugInfoEntry &Entry : U.dies()) {
    DWARFDie D(&U, &Entry);
    switch (D.getTag()) {
    case dwarf::DW_TAG_subprogram:
      if (Error E = addSubprogram(D))
        return E;
      break;
    case dwarf::DW_TAG_inlined_subroutine:
      addInlined(D);
      break;
    case dwarf::DW_TAG_variable:
      addVariable(D);
      break;
    default:
      break;
    }
  }

  ShippedUnit Unit;
  Unit.Path = Path.str();
  for (auto &[Name, FI] : Functions) {
    ShippedFunction &F = FI.Function;
    if (F.Name.empty())
      F.Name = Name; // seen only inlined, its entry a declaration
    F.InlinedInto.assign(FI.InlinedInto.begin(), FI.InlinedInto.end());
    Unit.Functions.push_back(std::move(F));
  }
  for (auto &[Offset, VI] : Variables) {
    // A function-scope variable without a fixed address is an automatic
    // one (or a static local gcc dropped, which nothing can refer to).
    if (VI.FunctionScope && !VI.HasAddress)
      continue;
    Unit.Variables.push_back(std::move(VI.Variable));
  }
  llvm::sort(Unit.Variables, [](const ShippedVariable &A,
                                const ShippedVariable &B) {
    uint64_t AA =
        A.Symbol ? A.Symbol->Address : std::numeric_limits<uint64_t>::max();
    uint64_t BA =
        B.Symbol ? B.Symbol->Address : std::numeric_limits<uint64_t>::max();
    return std::tie(A.Function, A.Name, AA) < std::tie(B.Function, B.Name, BA);
  });
  return Unit;
}

Expected<ShippedUnit>
readShippedUnit(DWARFUnit &U, const ShippedSymbols &Symbols, StringRef Path) {
  return UnitReader(U, Symbols, Path).read();
}

} // namespace klp
