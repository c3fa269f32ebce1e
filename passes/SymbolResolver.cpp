//===- passes/SymbolResolver.cpp - Which kernel symbol a reference means --===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/SymbolResolver.h"

#include "kernel/Sympos.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace klp {

char AmbiguousReference::ID;

std::string describeCandidate(const ManifestSymbol &S) {
  // A ThinLTO rename is not what the patch wrote: its whole name.
  std::string Renamed =
      ltoRenamedName(S.Name).empty() ? "" : (" " + S.Name).str();
  std::string Out =
      formatv("{0}{1} sympos {2} ({3}", S.Object, Renamed, S.sympos(), S.Type)
          .str();
  if (S.Exported)
    Out += S.ExportedGpl ? ", EXPORT_SYMBOL_GPL" : ", EXPORT_SYMBOL";
  if (!S.File.empty())
    Out += (", " + S.File).str();
  return Out + ")";
}

static std::string
describeCandidates(ArrayRef<const ManifestSymbol *> Candidates) {
  std::string Out;
  for (const ManifestSymbol *S : Candidates) {
    if (!Out.empty())
      Out += "; ";
    Out += describeCandidate(*S);
  }
  return Out;
}

static std::string describeCandidates(ArrayRef<ManifestSymbol> Candidates) {
  SmallVector<const ManifestSymbol *, 4> Ptrs;
  for (const ManifestSymbol &S : Candidates)
    Ptrs.push_back(&S);
  return describeCandidates(Ptrs);
}

// A position the kernel can use for S, or an error that says why there is
// none. The manifest knows positions from kallsyms; an export that kallsyms
// did not list has none, which only matters when the name is not unique.
static Expected<KernelSymbolRef> toKernelRef(const ManifestSymbol &S) {
  if (S.Count > 1 && S.Position == 0)
    return createStringError(
        formatv("'{0}' has {1} symbols of that name in '{2}' but "
                "the manifest does not know which position this "
                "one has; rebuild the manifest from a kallsyms "
                "dump that lists it",
                S.Name, S.Count, S.Object));
  if (S.LoadOrderDependent)
    return createStringError(formatv(
        "'{0}' in module '{1}' (sympos {2}) is counted differently while "
        "'{1}' is loading and after its init finished, so the kernel would "
        "resolve this reference to a different symbol depending on load "
        "order; copy its definition into the patch instead of referencing it",
        S.Name, S.Object, S.sympos()));
  KernelSymbolRef Ref{S.Object.str(), S.Name.str(), S.sympos()};
  if (Error E = checkKernelSymbolRef(Ref))
    return E;
  return Ref;
}

// Kernel paths are POSIX whatever the host.
static StringRef baseName(StringRef Path) {
  return sys::path::filename(Path, sys::path::Style::posix);
}

// \p Short is \p Long or its last path components.
static bool isPathSuffix(StringRef Long, StringRef Short) {
  return Long == Short ||
         (Long.ends_with(Short) && Long.drop_back(Short.size()).ends_with("/"));
}

// Whether the manifest's file \p File and the file a hint names, \p Hint,
// both paths, are one file: the shorter is the longer's last components,
// so that KLP_SOURCE_FILE("fs/inode.c") is not fs/ext4/inode.c and a TU
// compiled as /src/linux/fs/inode.c is fs/inode.c. A manifest from a
// vmlinux with DWARF has paths ("fs/inode.c"; absolute where the tree
// could not be told).
static bool isSamePath(StringRef File, StringRef Hint) {
  return File.contains('/') && Hint.contains('/') &&
         (isPathSuffix(File, Hint) || isPathSuffix(Hint, File));
}

// The same where one of them is a bare name, which is all gcc's symbol
// tables (modules, a vmlinux without DWARF) and older manifests have, or
// all a hint gives: the basenames.
static bool isSameBareName(StringRef File, StringRef Hint) {
  return !File.empty() && !Hint.empty() &&
         (!File.contains('/') || !Hint.contains('/')) &&
         baseName(File) == baseName(Hint);
}

// Lists the candidates left and the ways to choose that would work here.
static Error ambiguityError(StringRef Name,
                            ArrayRef<const ManifestSymbol *> Set,
                            const ResolveContext &Ctx, StringRef FileWhere,
                            bool NarrowedByObject) {
  bool NarrowedByFile = !FileWhere.empty();
  std::string Where;
  if (NarrowedByFile)
    Where += (" in " + FileWhere).str();
  if (NarrowedByObject)
    Where += (" in '" + Ctx.TargetObject + "' (-klp-object)").str();
  // KLP_SYMBOL always works; the other two only if they could decide.
  const ManifestSymbol &First = *Set.front();
  std::string How =
      formatv("declare it with KLP_SYMBOL(<object>, {0}, <sympos>) from "
              "klp.h, e.g. KLP_SYMBOL({1}, {3}, {2})",
              Name, First.Object, First.sympos(), First.Name)
          .str();
  if (!NarrowedByFile &&
      any_of(Set, [](const ManifestSymbol *S) { return !S->File.empty(); }))
    How += ", or name the kernel source file the code comes from with "
           "KLP_SOURCE_FILE(\"<file>\")";
  // Chosen by basename among different files some of which the manifest
  // knows by path: the path decides.
  else if (NarrowedByFile && any_of(Set, [&](const ManifestSymbol *S) {
             return S->File != First.File;
           }))
    for (const ManifestSymbol *S : Set)
      if (S->File.contains('/')) {
        How += formatv(", or give KLP_SOURCE_FILE the file's path in the "
                       "kernel tree, e.g. KLP_SOURCE_FILE(\"{0}\")",
                       S->File)
                   .str();
        break;
      }
  if (any_of(Set, [&](const ManifestSymbol *S) {
        return S->Object != First.Object;
      }))
    How += ", or pass the patched object with -mllvm -klp-object=<object>";
  return make_error<AmbiguousReference>(
      formatv("reference to '{0}' is ambiguous: {1} kernel symbols{2} have "
              "that name: {3}. Say which one the patch means: {4}",
              Name, Set.size(), Where, describeCandidates(Set), How)
          .str());
}

Expected<const ManifestSymbol *>
chooseCandidate(StringRef Name, ArrayRef<ManifestSymbol> Candidates,
                const ResolveContext &Ctx) {
  if (Candidates.empty())
    return nullptr;

  SmallVector<const ManifestSymbol *, 4> Set;
  for (const ManifestSymbol &S : Candidates)
    Set.push_back(&S);

  // A static of the file being patched is what its code meant by the name:
  // a file known by the path the hint gives before one known only by its
  // basename (fs/ext4/inode.c is known not to be fs/inode.c, "inode.c" may
  // be). The TU's own name is where the patch lives, usually outside the
  // kernel tree: if its path names no candidate's file, its basename
  // compares with every candidate's.
  std::string FileWhere;
  if (Set.size() > 1) {
    auto Narrow = [&](function_ref<bool(StringRef, StringRef)> Same) {
      SmallVector<const ManifestSymbol *, 4> ByFile;
      for (const ManifestSymbol *S : Set)
        if (any_of(Ctx.SourceFiles,
                   [&](const std::string &F) { return Same(S->File, F); }))
          ByFile.push_back(S);
      if (ByFile.empty())
        return false;
      Set = std::move(ByFile);
      return true;
    };
    if (Narrow(isSamePath))
      FileWhere = join(Ctx.SourceFiles, ", ");
    else if (!Ctx.SourceFilesAreOwnName && Narrow(isSameBareName))
      FileWhere = join(Ctx.SourceFiles, ", ");
    else if (Ctx.SourceFilesAreOwnName &&
             Narrow([](StringRef File, StringRef Own) {
               return !File.empty() && baseName(File) == baseName(Own);
             }))
      FileWhere = join(map_range(Ctx.SourceFiles, baseName), ", ");
  }
  bool NarrowedByFile = !FileWhere.empty();

  // Then the object the patch replaces code in.
  bool NarrowedByObject = false;
  if (Set.size() > 1 && !Ctx.TargetObject.empty()) {
    SmallVector<const ManifestSymbol *, 4> ByObject;
    for (const ManifestSymbol *S : Set)
      if (S->Object == Ctx.TargetObject)
        ByObject.push_back(S);
    if (!ByObject.empty()) {
      Set = std::move(ByObject);
      NarrowedByObject = true;
    }
  }

  // Unless a file said otherwise, a plain extern reference means what the
  // module loader would bind it to: the one export of that name.
  if (Set.size() > 1 && !NarrowedByFile) {
    SmallVector<const ManifestSymbol *, 1> Exported;
    for (const ManifestSymbol *S : Set)
      if (S->Exported)
        Exported.push_back(S);
    if (Exported.size() == 1)
      Set = std::move(Exported);
  }

  // What the C linker does with a plain extern: bind the one global, never
  // another file's static. Only when the manifest knows every static's file
  // (so none can be a static of the file being patched, which a kallsyms-
  // only manifest could not tell) and nothing said otherwise.
  if (Set.size() > 1 && !NarrowedByFile) {
    const ManifestSymbol *Global = nullptr;
    bool OnlyFiledStatics = true;
    for (const ManifestSymbol *S : Set) {
      bool IsGlobal = S->Object == VmlinuxObject && isUpper(S->Type) &&
                      S->Type != 'A'; // per-CPU symbols are 'A' either way
      if (IsGlobal) {
        OnlyFiledStatics &= !Global; // two globals: no C linkage answer
        Global = S;
      } else
        OnlyFiledStatics &= S->Object == VmlinuxObject && !S->File.empty();
    }
    if (Global && OnlyFiledStatics)
      Set = {Global};
  }

  if (Set.size() > 1)
    return ambiguityError(Name, Set, Ctx, FileWhere, NarrowedByObject);
  return Set.front();
}

Expected<std::optional<KernelSymbolRef>>
resolveReference(StringRef Name, ArrayRef<ManifestSymbol> Candidates,
                 const ResolveContext &Ctx) {
  Expected<const ManifestSymbol *> Chosen =
      chooseCandidate(Name, Candidates, Ctx);
  if (!Chosen)
    return Chosen.takeError();
  // Unknown to the manifest, or a vmlinux export, which the module loader
  // resolves as usual.
  if (!*Chosen || ((*Chosen)->Exported && (*Chosen)->Object == VmlinuxObject))
    return std::nullopt;
  Expected<KernelSymbolRef> Ref = toKernelRef(**Chosen);
  if (!Ref)
    return Ref.takeError();
  return std::optional<KernelSymbolRef>(std::move(*Ref));
}

Expected<const ManifestSymbol *>
checkExplicitReference(StringRef Label, const KernelSymbolRef &Wanted,
                       ArrayRef<ManifestSymbol> Candidates,
                       StringRef ManifestPath) {
  auto Fail = [&](const Twine &Why) {
    return createStringError("livepatch symbol '" + Label + "': " + Why);
  };
  if (Candidates.empty())
    return Fail("the manifest " + ManifestPath +
                " has no kernel symbol named '" + Wanted.Name + "'");

  SymposLookup L = lookupSympos(Candidates, Wanted.Object, Wanted.SymPos);
  if (L.InObject.empty()) {
    std::string Normal = normalizeObjectName(Wanted.Object);
    if (Normal != Wanted.Object &&
        any_of(Candidates,
               [&](const ManifestSymbol &S) { return S.Object == Normal; }))
      return Fail("module names use '_' where the file name has '-': write '" +
                  Normal + "'");
    return Fail("'" + Twine(Wanted.Object) + "' has no symbol named '" +
                Wanted.Name +
                "'; the manifest has: " + describeCandidates(Candidates));
  }
  switch (L.Result) {
  case SymposLookup::Found:
    break;
  case SymposLookup::Ambiguous:
    return Fail(formatv("'{0}' is not unique in '{1}' ({2} symbols), so "
                        "sympos 0 cannot be resolved; write one of: {3}",
                        Wanted.Name, Wanted.Object, L.Counted.size(),
                        describeCandidates(L.Counted))
                    .str());
  case SymposLookup::Missing:
  case SymposLookup::PastEnd:
    return Fail(formatv("'{0}' has no symbol '{1}' at sympos {2}; the "
                        "manifest has: {3}",
                        Wanted.Object, Wanted.Name, Wanted.SymPos,
                        describeCandidates(L.InObject))
                    .str());
  }
  const ManifestSymbol *Chosen = L.Symbol;
  if (Expected<KernelSymbolRef> Ref = toKernelRef(*Chosen); !Ref)
    return Fail(toString(Ref.takeError()));
  return Chosen;
}

StringRef ltoRenamedName(StringRef Symbol) {
  size_t At = Symbol.find(".llvm.");
  if (At == StringRef::npos || At == 0)
    return "";
  StringRef Hash = Symbol.drop_front(At + strlen(".llvm."));
  if (Hash.empty() || !all_of(Hash, isHexDigit))
    return "";
  return Symbol.take_front(At);
}

Expected<SmallVector<ManifestSymbol, 4>> LtoRenames::lookup(StringRef Name) {
  if (!Index) {
    Index.emplace();
    std::vector<ManifestSymbol> All = Man.symbols();
    for (const ManifestSymbol &S : All)
      if (StringRef Base = ltoRenamedName(S.Name); !Base.empty()) {
        SmallVector<std::string, 1> &Names = (*Index)[Base];
        if (!is_contained(Names, S.Name))
          Names.push_back(S.Name.str());
      }
    for (auto &Entry : *Index)
      llvm::sort(Entry.second);
  }
  SmallVector<ManifestSymbol, 4> Result;
  auto It = Index->find(Name);
  if (It == Index->end())
    return Result;
  // Through lookup(), which checks the buckets it reads.
  for (const std::string &Renamed : It->second) {
    Expected<SmallVector<ManifestSymbol, 4>> Found = Man.lookup(Renamed);
    if (!Found)
      return Found.takeError();
    append_range(Result, *Found);
  }
  return Result;
}

} // namespace klp
