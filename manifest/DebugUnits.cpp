//===- manifest/DebugUnits.cpp - A shipped object's view of a source file -===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Opening reads the symbol table (through ElfModule, as the manifest
// readers do) and only the header and first entry of each compilation
// unit; unit() then reads one unit whole (DebugUnitReader.cpp) and drops it
// again, and unitsIncluding() reads only each unit's line-table header.
//
// A linked vmlinux keeps .rela.debug_info (the kernel links with
// --emit-relocs), but its DWARF holds final addresses already: applying
// those relocations again would only cost time, so they are ignored. A .ko
// is ET_REL and needs them.
//
//===----------------------------------------------------------------------===//

#include "manifest/DebugUnits.h"

#include "manifest/DebugUnitPaths.h"
#include "manifest/DebugUnitReader.h"
#include "manifest/InputFile.h"
#include "manifest/ShippedSymbols.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/DebugInfo/DWARF/DWARFContext.h"
#include "llvm/DebugInfo/DWARF/DWARFDataExtractor.h"
#include "llvm/DebugInfo/DWARF/DWARFDebugLine.h"
#include "llvm/DebugInfo/DWARF/DWARFDie.h"
#include "llvm/DebugInfo/DWARF/DWARFFormValue.h"
#include "llvm/DebugInfo/DWARF/DWARFUnit.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace klp {

namespace {
/// What opening learns of one compilation unit.
struct UnitEntry {
  DWARFUnit *Unit = nullptr;
  StringRef Name;    ///< DW_AT_name as written.
  StringRef CompDir; ///< DW_AT_comp_dir as written.
  std::string Path;  ///< Relative to the tree (SourceTree::relative).
};
} // namespace

struct ShippedObject::Impl {
  std::string Path;
  ElfInput In;
  std::unique_ptr<object::ObjectFile> Object;
  std::unique_ptr<DWARFContext> Dwarf;
  /// Built on the first unit(): unitsIncluding() does not need it.
  std::unique_ptr<ShippedSymbols> Symbols;
  std::vector<UnitEntry> Units;
  SourceTree Tree;
  /// The first problem the DWARF library reported since it was last
  /// cleared; a unit read while one arrived is not trusted.
  std::string DwarfProblem;

  Error problem(StringRef What) {
    if (DwarfProblem.empty())
      return Error::success();
    std::string Msg = std::move(DwarfProblem);
    DwarfProblem.clear();
    return fileError(Path, "damaged DWARF in " + What + ": " + Msg);
  }
};

ShippedObject::ShippedObject() = default;
ShippedObject::~ShippedObject() = default;

StringRef ShippedObject::path() const { return I->Path; }

Expected<std::unique_ptr<ShippedObject>> ShippedObject::open(StringRef Path) {
  Expected<ElfInput> In = readElfInput(Path, "debug object");
  if (!In)
    return In.takeError();
  std::unique_ptr<ShippedObject> Obj(new ShippedObject());
  Obj->I = std::make_unique<Impl>();
  Impl &I = *Obj->I;
  I.Path = Path.str();
  I.In = std::move(*In);
  uint16_t Type = I.In.Elf.fileType();
  if (Type != ELF::ET_EXEC && Type != ELF::ET_DYN && Type != ELF::ET_REL)
    return fileError(Path, "ELF type " + Twine(Type) +
                               " is neither a vmlinux nor a module .ko");
  if (!I.In.Elf.findSection(".debug_info"))
    return fileError(Path, "no DWARF (.debug_info): pass the unstripped file, "
                           "such as Debian's linux-image-*-dbg vmlinux or "
                           "/usr/lib/debug/lib/modules/*/...ko");

  Expected<std::unique_ptr<object::ObjectFile>> ObjFile =
      object::ObjectFile::createObjectFile(I.In.Buffer->getMemBufferRef());
  if (!ObjFile)
    return fileError(Path, toString(ObjFile.takeError()));
  I.Object = std::move(*ObjFile);
  I.Dwarf = openKernelDwarf(*I.Object, Type == ELF::ET_REL, I.DwarfProblem);

  std::vector<std::pair<StringRef, StringRef>> Names;
  for (const std::unique_ptr<DWARFUnit> &U : I.Dwarf->info_section_units()) {
    if (U->isTypeUnit())
      continue;
    DWARFDie Die = U->getUnitDIE(/*ExtractUnitDIEOnly=*/true);
    if (!Die.isValid())
      continue;
    UnitEntry E;
    E.Unit = U.get();
    E.Name = dwarf::toStringRef(Die.find(dwarf::DW_AT_name));
    E.CompDir = dwarf::toStringRef(Die.find(dwarf::DW_AT_comp_dir));
    I.Units.push_back(E);
    Names.push_back({E.Name, E.CompDir});
  }
  if (Error E = I.problem("the compilation units' headers"))
    return E;
  if (I.Units.empty())
    return fileError(Path, "no compilation units in .debug_info");
  I.Tree = SourceTree::infer(Names);
  for (UnitEntry &E : I.Units)
    E.Path = I.Tree.relative(E.Name, E.CompDir);
  return Obj;
}

std::vector<std::string> ShippedObject::unitPaths() const {
  std::vector<std::string> Paths;
  for (const UnitEntry &E : I->Units)
    Paths.push_back(E.Path);
  return Paths;
}

// \p Path as the units spell theirs: no "./", no "a/../".
static std::string cleanRequest(StringRef Path) {
  SmallString<128> P(Path);
  sys::path::remove_dots(P, /*remove_dot_dot=*/true, sys::path::Style::posix);
  return std::string(P.str());
}

Expected<ShippedUnit> ShippedObject::unit(StringRef Request) {
  std::string Path = cleanRequest(Request);
  std::vector<const UnitEntry *> Found;
  for (const UnitEntry &E : I->Units)
    if (E.Path == Path)
      Found.push_back(&E);
  if (Found.empty())
    for (const UnitEntry &E : I->Units)
      if (isSameSourceFile(E.Path, Path))
        Found.push_back(&E);

  if (Found.empty()) {
    StringRef Base = sys::path::filename(Path, sys::path::Style::posix);
    std::vector<std::string> Alike;
    for (const UnitEntry &E : I->Units)
      if (sys::path::filename(E.Path, sys::path::Style::posix) == Base)
        Alike.push_back(E.Path);
    llvm::sort(Alike);
    std::string Msg = "no compilation unit of " + Path + " in its DWARF";
    if (!Alike.empty())
      Msg += "; units of that name: " + join(Alike, ", ") +
             " (give the path relative to the kernel tree)";
    else
      Msg += " (is the file built into this object? a module's files are "
             "in its .ko)";
    return fileError(I->Path, Msg);
  }
  if (Found.size() > 1) {
    std::vector<std::string> Where;
    for (const UnitEntry *E : Found)
      Where.push_back(E->Name.str() + " at .debug_info offset 0x" +
                      utohexstr(E->Unit->getOffset()));
    return fileError(I->Path, "several compilation units of " + Path + ": " +
                                  join(Where, ", "));
  }

  if (!I->Symbols)
    I->Symbols = std::make_unique<ShippedSymbols>(I->In.Elf);
  DWARFUnit &U = *Found.front()->Unit;
  Expected<ShippedUnit> Unit = readShippedUnit(U, *I->Symbols, Path);
  if (!Unit)
    return fileError(I->Path, toString(Unit.takeError()));
  if (Error E = I->problem("the unit of " + Path))
    return E;
  return Unit;
}

// The files \p U's line-table header names, relative to the tree, passed to
// \p Fn as long as it returns false.
static Error forEachLineTableFile(DWARFContext &Dwarf, const UnitEntry &E,
                                  const SourceTree &Tree, StringRef WantedBase,
                                  function_ref<bool(StringRef)> Fn) {
  DWARFUnit &U = *E.Unit;
  std::optional<uint64_t> StmtList = dwarf::toSectionOffset(
      U.getUnitDIE(/*ExtractUnitDIEOnly=*/true).find(dwarf::DW_AT_stmt_list));
  if (!StmtList)
    return Error::success(); // no line table: nothing included
  const DWARFObject &Obj = Dwarf.getDWARFObj();
  DWARFDataExtractor Data(Obj, Obj.getLineSection(), Dwarf.isLittleEndian(),
                          U.getAddressByteSize());
  uint64_t Offset = *StmtList;
  DWARFDebugLine::Prologue Prologue;
  // A damaged header may name files wrongly: the first problem is an error.
  std::string Problem;
  auto Recover = [&](Error Err) {
    std::string Msg = toString(std::move(Err));
    if (Problem.empty())
      Problem = Msg;
  };
  if (Error Err = Prologue.parse(Data, &Offset, Recover, Dwarf, &U))
    return Err;
  if (!Problem.empty())
    return createStringError(inconvertibleErrorCode(), Problem);
  uint16_t Version = Prologue.getVersion();
  for (const DWARFDebugLine::FileNameEntry &File : Prologue.FileNames) {
    StringRef Name = dwarf::toStringRef(File.Name);
    if (sys::path::filename(Name, sys::path::Style::posix) != WantedBase)
      continue;
    // DWARF 5 numbers directories from 0 (the build directory); earlier
    // versions from 1, 0 meaning the build directory.
    StringRef Dir;
    if (File.DirIdx != 0) {
      uint64_t Index = Version >= 5 ? File.DirIdx : File.DirIdx - 1;
      if (Index < Prologue.IncludeDirectories.size())
        Dir = dwarf::toStringRef(Prologue.IncludeDirectories[Index]);
    }
    SmallString<128> Full(Dir);
    sys::path::append(Full, sys::path::Style::posix, Name);
    if (Fn(Tree.relative(Full, E.CompDir)))
      break;
  }
  return Error::success();
}

Expected<std::vector<std::string>>
ShippedObject::unitsIncluding(StringRef Request) {
  std::string Header = cleanRequest(Request);
  StringRef Base = sys::path::filename(Header, sys::path::Style::posix);
  std::vector<std::string> Paths;
  for (const UnitEntry &E : I->Units) {
    bool Includes = false;
    if (Error Err = forEachLineTableFile(
            *I->Dwarf, E, I->Tree, Base, [&](StringRef File) {
              return Includes = isSameSourceFile(File, Header);
            }))
      return fileError(I->Path, "cannot read the line table of " + E.Path +
                                    ": " + toString(std::move(Err)));
    if (Includes)
      Paths.push_back(E.Path);
  }
  if (Error E = I->problem("the line tables"))
    return E;
  llvm::sort(Paths);
  Paths.erase(std::unique(Paths.begin(), Paths.end()), Paths.end());
  return Paths;
}

// ShippedUnit's lookups.

const ShippedFunction *ShippedUnit::function(StringRef Name) const {
  auto It = llvm::partition_point(
      Functions, [&](const ShippedFunction &F) { return F.Name < Name; });
  return It != Functions.end() && It->Name == Name ? &*It : nullptr;
}

const ShippedVariable *ShippedUnit::variable(StringRef Function,
                                             StringRef Name) const {
  for (const ShippedVariable &V : Variables)
    if (V.Function == Function && V.Name == Name)
      return &V;
  return nullptr;
}

} // namespace klp
