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
  std::string Out =
      formatv("{0} sympos {1} ({2}", S.Object, S.sympos(), S.Type).str();
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

static bool matchesSourceFile(const ManifestSymbol &S,
                              ArrayRef<std::string> SourceFiles) {
  if (S.File.empty())
    return false;
  StringRef Base = sys::path::filename(S.File);
  return any_of(SourceFiles, [&](const std::string &F) { return F == Base; });
}

// Lists the candidates left and the ways to choose that would work here.
static Error ambiguityError(StringRef Name,
                            ArrayRef<const ManifestSymbol *> Set,
                            const ResolveContext &Ctx, bool NarrowedByFile,
                            bool NarrowedByObject) {
  std::string Where;
  if (NarrowedByFile)
    Where += " in " + join(Ctx.SourceFiles, ", ");
  if (NarrowedByObject)
    Where += (" in '" + Ctx.TargetObject + "' (-klp-object)").str();
  // KLP_SYMBOL always works; the other two only if they could decide.
  const ManifestSymbol &First = *Set.front();
  std::string How =
      formatv("declare it with KLP_SYMBOL(<object>, {0}, <sympos>) from "
              "klp.h, e.g. KLP_SYMBOL({1}, {0}, {2})",
              Name, First.Object, First.sympos())
          .str();
  if (!NarrowedByFile &&
      any_of(Set, [](const ManifestSymbol *S) { return !S->File.empty(); }))
    How += ", or name the kernel source file the code comes from with "
           "KLP_SOURCE_FILE(\"<file>\")";
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

  // A static of the file being patched is what its code meant by the name.
  bool NarrowedByFile = false;
  if (Set.size() > 1) {
    SmallVector<const ManifestSymbol *, 4> ByFile;
    for (const ManifestSymbol *S : Set)
      if (matchesSourceFile(*S, Ctx.SourceFiles))
        ByFile.push_back(S);
    if (!ByFile.empty()) {
      Set = std::move(ByFile);
      NarrowedByFile = true;
    }
  }

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
    return ambiguityError(Name, Set, Ctx, NarrowedByFile, NarrowedByObject);
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

} // namespace klp
