//===- passes/KlpMarkPass.cpp - Mark references to kernel symbols ---------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/KlpMarkPass.h"

#include "passes/AsmDefinitions.h"
#include "passes/BuildIdGuard.h"
#include "passes/Diagnostics.h"
#include "passes/ExplicitLabel.h"
#include "passes/JumpLabels.h"
#include "passes/MarkWriter.h"
#include "passes/ModuleRelocTables.h"
#include "passes/SourceFileHints.h"
#include "passes/SymbolResolver.h"

#include "format/KbuildSymbols.h"
#include "format/KlpFormat.h"
#include "manifest/Manifest.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace klp {

namespace {

/// One run of the pass over one module.
class Marker {
public:
  Marker(const Manifest &Man, const ResolveContext &Ctx, MarkDiagnostics &Diags,
         const StringSet<> &AsmDefined,
         const DenseMap<GlobalValue *, const ModuleRelocAnnotation *> &Tables)
      : Man(Man), Ctx(Ctx), Diags(Diags), AsmDefined(AsmDefined),
        Tables(Tables), Renames(Man) {}

  void visit(GlobalValue &GV);
  std::vector<PendingMark> takeMarks() { return std::move(Marks); }
  std::vector<PendingDeferred> takeDeferred() { return std::move(Deferred); }

private:
  std::optional<KernelSymbolRef> resolve(GlobalValue &GV, StringRef LinkName);
  std::optional<SmallVector<ManifestSymbol, 4>> candidates(StringRef Name);
  bool addLtoRenames(StringRef Name, SmallVector<ManifestSymbol, 4> &Found);
  std::optional<KernelSymbolRef>
  resolveAnnotated(GlobalValue &GV, StringRef LinkName,
                   const ModuleRelocAnnotation &Annotation);
  void dropAvailableExternallyBody(GlobalValue &GV);

  const Manifest &Man;
  const ResolveContext &Ctx;
  MarkDiagnostics &Diags;
  const StringSet<> &AsmDefined;
  const DenseMap<GlobalValue *, const ModuleRelocAnnotation *> &Tables;
  std::vector<PendingMark> Marks;
  std::vector<PendingDeferred> Deferred;
  bool ManifestDamaged = false;
  LtoRenames Renames;
};

} // namespace

// The name the object file will carry: clang writes an asm label as "\01"
// plus the label when the target would otherwise decorate it.
static StringRef linkName(const GlobalValue &GV) {
  StringRef Name = GV.getName();
  Name.consume_front("\1");
  return Name;
}

// The manifest's symbols of that name. A damaged manifest is reported once,
// as what it is, not at every reference.
std::optional<SmallVector<ManifestSymbol, 4>>
Marker::candidates(StringRef Name) {
  Expected<SmallVector<ManifestSymbol, 4>> Found = Man.lookup(Name);
  if (Found)
    return std::move(*Found);
  if (!ManifestDamaged)
    Diags.error("klp-mark: " + toString(Found.takeError()));
  else
    consumeError(Found.takeError());
  ManifestDamaged = true;
  return std::nullopt;
}

// A plain reference to a C name also means the name's ThinLTO renames
// ("foo.llvm.<hash>", kallsyms's name of a promoted static): added to
// \p Found, and the usual rules choose among them. False (and reported)
// for a damaged manifest.
bool Marker::addLtoRenames(StringRef Name,
                           SmallVector<ManifestSymbol, 4> &Found) {
  Expected<SmallVector<ManifestSymbol, 4>> Renamed = Renames.lookup(Name);
  if (Renamed) {
    append_range(Found, *Renamed);
    return true;
  }
  if (!ManifestDamaged)
    Diags.error("klp-mark: " + toString(Renamed.takeError()));
  else
    consumeError(Renamed.takeError());
  ManifestDamaged = true;
  return false;
}

// A klp-convert table entry decides; the pass's own inference, where it can
// decide at all, must agree with it.
std::optional<KernelSymbolRef>
Marker::resolveAnnotated(GlobalValue &GV, StringRef LinkName,
                         const ModuleRelocAnnotation &Annotation) {
  std::optional<SmallVector<ManifestSymbol, 4>> Candidates =
      candidates(LinkName);
  if (!Candidates)
    return std::nullopt;
  Expected<const ManifestSymbol *> Named = checkExplicitReference(
      Annotation.Where, Annotation.Target, *Candidates, Man.path());
  if (!Named) {
    Diags.error(GV, toString(Named.takeError()));
    return std::nullopt;
  }
  Expected<const ManifestSymbol *> Inferred =
      chooseCandidate(LinkName, *Candidates, Ctx);
  if (!Inferred) {
    consumeError(Inferred.takeError()); // ambiguous: the annotation decides
  } else if (*Inferred && *Inferred != *Named) {
    Diags.error(GV, Annotation.Where + " names " + describeCandidate(**Named) +
                        ", but the patch's own hints (KLP_SOURCE_FILE, "
                        "-klp-object, the one export of the name) choose " +
                        describeCandidate(**Inferred) +
                        "; correct the table entry or the hint");
    return std::nullopt;
  }
  return Annotation.Target;
}

std::optional<KernelSymbolRef> Marker::resolve(GlobalValue &GV,
                                               StringRef LinkName) {
  if (isExplicitLabel(LinkName)) {
    Expected<KernelSymbolRef> Ref = parseExplicitLabel(LinkName);
    if (!Ref) {
      Diags.error(GV, toString(Ref.takeError()));
      return std::nullopt;
    }
    std::optional<SmallVector<ManifestSymbol, 4>> Candidates =
        candidates(Ref->Name);
    if (!Candidates)
      return std::nullopt;
    if (Expected<const ManifestSymbol *> Named =
            checkExplicitReference(LinkName, *Ref, *Candidates, Man.path());
        !Named) {
      Diags.error(GV, toString(Named.takeError()));
      return std::nullopt;
    }
    return *Ref;
  }
  if (auto It = Tables.find(&GV); It != Tables.end())
    return resolveAnnotated(GV, LinkName, *It->second);
  std::optional<SmallVector<ManifestSymbol, 4>> Candidates =
      candidates(LinkName);
  if (!Candidates || !addLtoRenames(LinkName, *Candidates))
    return std::nullopt;
  Expected<std::optional<KernelSymbolRef>> Ref =
      resolveReference(LinkName, *Candidates, Ctx);
  if (!Ref) {
    // Another file of the module may define the name: the link step, which
    // sees them all, decides.
    Error E = handleErrors(Ref.takeError(), [&](const AmbiguousReference &A) {
      Deferred.push_back(
          {&GV,
           DeferredReference{LinkName.str(), Diags.firstUse(GV), A.text()}});
    });
    if (E)
      Diags.error(GV, toString(std::move(E)));
    return std::nullopt;
  }
  return *Ref;
}

// In an LTO pre-link module an "extern inline" body may still be there; the
// kernel's copy is the one that counts, so the body goes and the symbol is
// referenced like any other declaration.
void Marker::dropAvailableExternallyBody(GlobalValue &GV) {
  if (!GV.hasAvailableExternallyLinkage())
    return;
  if (auto *F = dyn_cast<Function>(&GV))
    F->deleteBody();
  else if (auto *Var = dyn_cast<GlobalVariable>(&GV))
    Var->setInitializer(nullptr);
  GV.setLinkage(GlobalValue::ExternalLinkage);
}

void Marker::visit(GlobalValue &GV) {
  if (!GV.isDeclarationForLinker())
    return;
  GV.removeDeadConstantUsers();
  if (GV.use_empty())
    return;
  StringRef LinkName = linkName(GV);
  // The module's own, whatever the kernel has of that name.
  if (isKbuildModuleSymbol(LinkName) || AsmDefined.contains(LinkName))
    return;
  // The kernel has no thread-local storage: a thread-local declaration of a
  // kernel symbol is a mistake, which would otherwise surface at the link
  // step as a TLS relocation no module loader applies.
  if (auto *Var = dyn_cast<GlobalVariable>(&GV); Var && Var->isThreadLocal()) {
    std::optional<SmallVector<ManifestSymbol, 4>> Found = candidates(LinkName);
    if (isExplicitLabel(LinkName) || Tables.count(&GV) ||
        (Found && !Found->empty()))
      Diags.error(GV, "'" + LinkName +
                          "' is declared thread-local (__thread, "
                          "_Thread_local), but the kernel has no thread-local "
                          "storage and its symbol is an ordinary variable "
                          "(per-CPU data is reached with this_cpu_*() and "
                          "per_cpu()); drop the thread-local qualifier");
    return;
  }
  std::optional<KernelSymbolRef> Target = resolve(GV, LinkName);
  if (!Target)
    return;
  if (const CallBase *JumpLabel =
          Target->Object != VmlinuxObject ? findJumpLabel(GV) : nullptr) {
    Diags.errorAtCaller(
        *JumpLabel, "static key '" + Target->Name + "' lives in module '" +
                        Target->Object +
                        "': the patch's jump label would be relocated after "
                        "the kernel initialised jump labels and never be "
                        "switched; use static_key_enabled() instead of "
                        "static_branch_*()");
    return;
  }
  dropAvailableExternallyBody(GV);
  Marks.push_back({&GV, Mark{LinkName.str(), std::move(*Target)}});
}

// A misspelt -klp-object would silently decide nothing.
static Error checkTargetObject(const Manifest &Man, StringRef Object) {
  if (Object.empty())
    return Error::success();
  SmallVector<StringRef, 0> Objects = Man.objects();
  if (is_contained(Objects, Object))
    return Error::success();
  return createStringError("the manifest " + Man.path() + " has no object '" +
                           Object + "'; it has " + join(Objects, ", "));
}

PreservedAnalyses KlpMarkPass::run(Module &M, ModuleAnalysisManager &) {
  MarkDiagnostics Diags(M);
  if (Opts.ManifestPath.empty()) {
    Diags.error("klp-mark: no kernel manifest given; add -mllvm "
                "-klp-manifest=<file> (klp-config prints the flags), or do "
                "not load the klp-llvm plugin");
    return PreservedAnalyses::all();
  }
  std::string TargetObject = normalizeObjectName(Opts.TargetObject);
  if (!TargetObject.empty())
    if (Error E = checkObjectName(TargetObject)) {
      Diags.error("klp-mark: -klp-object=" + Opts.TargetObject + ": " +
                  toString(std::move(E)));
      return PreservedAnalyses::all();
    }
  Expected<std::unique_ptr<Manifest>> Man = Manifest::open(Opts.ManifestPath);
  if (!Man) {
    Diags.error("klp-mark: " + toString(Man.takeError()));
    return PreservedAnalyses::all();
  }
  if (Error E = checkTargetObject(**Man, TargetObject)) {
    Diags.error("klp-mark: -klp-object=" + Opts.TargetObject + ": " +
                toString(std::move(E)));
    return PreservedAnalyses::all();
  }
  Expected<SourceFileHints> Files = takeSourceFileHints(M);
  if (!Files) {
    Diags.error("klp-mark: " + toString(Files.takeError()));
    return PreservedAnalyses::none();
  }

  Expected<std::vector<ModuleRelocAnnotation>> Annotations =
      takeModuleRelocTables(M);
  if (!Annotations) {
    Diags.error("klp-mark: " + toString(Annotations.takeError()));
    return PreservedAnalyses::none();
  }
  DenseMap<GlobalValue *, const ModuleRelocAnnotation *> Tables;
  for (const ModuleRelocAnnotation &A : *Annotations)
    Tables.try_emplace(A.Decl, &A);

  if (Error E = defineExpectedBuildId(M, **Man)) {
    Diags.error("klp-mark: " + toString(std::move(E)));
    return PreservedAnalyses::none();
  }

  ResolveContext Ctx{Files->Files, TargetObject, Files->OwnName};
  StringSet<> AsmDefined = collectAsmDefinitions(M);
  Marker Mk(**Man, Ctx, Diags, AsmDefined, Tables);
  for (Function &F : M)
    if (!F.isIntrinsic())
      Mk.visit(F);
  for (GlobalVariable &GV : M.globals())
    Mk.visit(GV);
  if (Diags.hadError())
    return PreservedAnalyses::none(); // clang stops; nothing half-marked
  // Every object says which kernel build its marks are for, so that the
  // link step can refuse a mix and keep the identity in the module.
  const KernelIdentity &Id = (*Man)->identity();
  writeMarks(M, Mk.takeMarks(), Mk.takeDeferred(),
             BuildIdentity{Id.Release, Id.VmlinuxBuildId});
  return PreservedAnalyses::none();
}

} // namespace klp
