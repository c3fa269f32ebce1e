//===- manifest/VmlinuxSymbols.cpp - kallsyms of a vmlinux ELF ------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The kernel build makes kallsyms from `nm -n vmlinux`, filtered by
// scripts/mksysmap and scripts/kallsyms.c, which sorts the survivors by
// address: KallsymsOrder.cpp applies the same rules to the ELF symbol table.
// This file records the result, the build's identity and the exports, and
// the source file of each local symbol.
//
//===----------------------------------------------------------------------===//

#include "manifest/DebugUnitAddresses.h"
#include "manifest/InputFile.h"
#include "manifest/KallsymsOrder.h"
#include "manifest/ManifestBuilder.h"
#include "manifest/ManifestInputs.h"

#include "format/KlpFormat.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace klp {

// Whether the unit \p Unit ("arch/x86/entry/entry_64.S") may be the file
// the STT_FILE entry \p FileSym names: the same basename, or for the entry
// GNU ld writes for an object that has none (gas's, from a .S file), the
// object's name with the same stem ("entry_64.o").
static bool isUnitOfFileSymbol(StringRef FileSym, StringRef Unit) {
  constexpr sys::path::Style Posix = sys::path::Style::posix;
  StringRef Base = sys::path::filename(FileSym, Posix);
  if (Base == sys::path::filename(Unit, Posix))
    return true;
  return Base.ends_with(".o") &&
         sys::path::stem(Base, Posix) == sys::path::stem(Unit, Posix);
}

// The source file of each local symbol, indexed like symbols(), where the
// DWARF tells more than the symbol table; "" where it does not. gcc's
// STT_FILE entries are basenames ("inode.c": Debian's 6.1 vmlinux has a
// dozen), the unit whose code holds a function names the file relative to
// the tree ("fs/ext4/inode.c"). .debug_aranges covers code only, but the
// linker writes each input object's locals together after its STT_FILE
// entry, so when the functions of such a run all come from one unit, its
// data is that unit's too, found without reading any variable's DWARF. A
// unit is used only where its name is the STT_FILE entry's: a run the
// symbol table does not delimit as the DWARF does (an object without an
// STT_FILE entry, or built from several units) keeps the entry's name
// rather than take another file's.
static std::vector<StringRef> unitFiles(const ElfModule &Elf,
                                        const DebugUnitAddresses &Units) {
  ArrayRef<ElfModuleSymbol> Syms = Elf.symbols();
  std::vector<StringRef> Out(Syms.size());
  // Code: functions, and the untyped labels of assembly (entry_64.S's
  // SYM_CODE_START_LOCAL(error_entry)).
  auto IsLocalFunction = [&](const ElfModuleSymbol &S) {
    if (!S.isLocal() || S.isUndefined())
      return false;
    if (S.Type == ELF::STT_FUNC)
      return true;
    const ElfModuleSection *Sec = Elf.sectionOf(S);
    return S.Type == ELF::STT_NOTYPE && Sec &&
           (Sec->Flags & ELF::SHF_EXECINSTR);
  };
  auto Run = [&](StringRef FileSym, size_t Begin, size_t End) {
    StringRef Unit;
    bool OneUnit = true;
    for (size_t N = Begin; N < End; ++N)
      if (IsLocalFunction(Syms[N]))
        if (StringRef U = Units.unitAt(Syms[N].Value); !U.empty()) {
          OneUnit &= Unit.empty() || U == Unit;
          Unit = U;
        }
    auto Agrees = [&](StringRef U) {
      return !U.empty() && (FileSym.empty() || isUnitOfFileSymbol(FileSym, U));
    };
    for (size_t N = Begin; N < End; ++N) {
      const ElfModuleSymbol &S = Syms[N];
      if (!S.isLocal() || S.isUndefined() || S.Type == ELF::STT_SECTION)
        continue;
      if (OneUnit && Agrees(Unit))
        Out[S.Index] = Unit;
      else if (IsLocalFunction(S) && Agrees(Units.unitAt(S.Value)))
        Out[S.Index] = Units.unitAt(S.Value);
    }
  };
  StringRef FileSym;
  size_t Begin = 0;
  for (size_t N = 0; N < Syms.size(); ++N)
    if (Syms[N].Type == ELF::STT_FILE) {
      Run(FileSym, Begin, N);
      FileSym = Syms[N].Name;
      Begin = N + 1;
    }
  Run(FileSym, Begin, Syms.size());
  return Out;
}

Error readVmlinux(StringRef Path, ManifestBuilder &Builder,
                  const VmlinuxOptions &Options) {
  Expected<ElfInput> In = readElfInput(Path, "vmlinux");
  if (!In)
    return In.takeError();
  const ElfModule &Elf = In->Elf;
  if (Elf.fileType() != ELF::ET_EXEC && Elf.fileType() != ELF::ET_DYN)
    return fileError(Path, "not a linked vmlinux (ELF type " +
                               Twine(Elf.fileType()) +
                               "); pass modules with --module");
  // The paths live in the index, which ends with this function.
  std::vector<StringRef> UnitFiles;
  if (Elf.findSection(".debug_info")) {
    Expected<std::unique_ptr<DebugUnitAddresses>> Units =
        DebugUnitAddresses::open(In->Buffer->getMemBufferRef(), Path);
    if (!Units)
      return Units.takeError();
    UnitFiles = unitFiles(Elf, **Units);
    StringMap<StringRef> Saved;
    for (StringRef &F : UnitFiles) {
      if (F.empty())
        continue;
      auto [It, Inserted] = Saved.try_emplace(F);
      if (Inserted)
        It->second = Builder.saver().save(F);
      F = It->second;
    }
  }
  Builder.keepBuffer(std::move(In->Buffer));
  // The build's identity: what `klp-manifest capture` reads from
  // /sys/kernel/notes on the running kernel.
  StringRef Release = vmlinuxRelease(Elf);
  Expected<std::optional<std::string>> BuildId = findGnuBuildId(Elf);
  if (!BuildId)
    return fileError(Path, toString(BuildId.takeError()));
  if (*BuildId) {
    KernelIdentity Id;
    Id.VmlinuxBuildId = **BuildId;
    Id.Release = Release.str();
    if (Error E = Builder.addIdentity(Id))
      return fileError(Path, toString(std::move(E)));
  }
  std::vector<StringRef> Files = Elf.sourceFiles();
  std::vector<KallsymsEntry> Kept = vmlinuxKallsyms(Elf, Options.KallsymsAll);

  ObjectSymbols Obj;
  Obj.Object = VmlinuxObject.str();
  Obj.Source = Path.str();
  Obj.FromElf = true;
  Obj.Symbols.reserve(Kept.size());
  for (const KallsymsEntry &E : Kept) {
    uint32_t I = E.Sym->Index;
    StringRef File =
        !UnitFiles.empty() && !UnitFiles[I].empty() ? UnitFiles[I] : Files[I];
    // ThinLTO's promoted statics (<name>.llvm.<hash>) are written by lld
    // after every file's own locals: the STT_FILE entry before them is not
    // theirs, so without DWARF they have no known file.
    if (File.data() == Files[I].data() && E.Sym->Name.contains(".llvm."))
      File = "";
    Obj.Symbols.push_back({E.Sym->Name, File, E.Type, false});
  }

  // Exports: EXPORT_SYMBOL leaves __ksymtab_<name> in __ksymtab or
  // __ksymtab_gpl; Module.symvers, if given too, says the same.
  for (const ElfModuleSymbol &S : Elf.symbols()) {
    StringRef Name = S.Name;
    if (!Name.consume_front("__ksymtab_") || Name.empty())
      continue;
    const ElfModuleSection *Sec = Elf.sectionOf(S);
    if (!Sec || !Sec->Name.starts_with("__ksymtab"))
      continue;
    Builder.addExport({VmlinuxObject, Name,
                       Sec->Name.starts_with("__ksymtab_gpl") ||
                           Sec->Name.starts_with("___ksymtab_gpl+")});
  }
  return Builder.addObject(std::move(Obj));
}

} // namespace klp
