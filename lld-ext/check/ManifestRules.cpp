//===- lld-ext/check/ManifestRules.cpp - sympos against kallsyms ----------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// kernel/livepatch/core.c, klp_find_object_symbol(): the kernel walks the
// kallsyms of the symbol's object, counting symbols of that name. sympos 0
// needs exactly one; sympos N needs at least N and takes the N-th. The
// manifest records those counts as the kernel makes them, so each .klp.sym
// symbol can be resolved here the way the kernel will.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Rules.h"

#include "format/KlpFormat.h"
#include "kernel/Sympos.h"
#include "manifest/Manifest.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace llvm::ELF;

namespace klp {
namespace check {

namespace {

class Resolver {
public:
  Resolver(const ModuleFacts &F, const Manifest &M, DiagnosticSink &Diags)
      : F(F), M(M), Diags(Diags) {
    // An object only Module.symvers mentions (a module that was not loaded
    // when kallsyms was read) has no positions: nothing to count against.
    for (const ManifestSymbol &S : M.symbols())
      if (S.Position)
        CountedObjects.insert(S.Object);
  }

  void run() {
    DenseSet<uint32_t> Done;
    for (const KlpRelaSection &K : F.KlpSections) {
      if (!K.Relocs)
        continue;
      for (const ElfModuleReloc &R : K.Relocs->Relocs) {
        const ElfModuleSymbol &Sym = F.symbol(R.Symbol);
        if (!Sym.isSpecial(SHN_LIVEPATCH) || !Done.insert(R.Symbol).second)
          continue;
        KernelSymName KS = scanKlpSymName(Sym.Name);
        // Names the kernel cannot read are reported by KlpSymbolRules.
        if (KS.Converted == 3 && !isSuseKlpSymbolName(Sym.Name))
          resolve(Sym, KS);
      }
    }
  }

private:
  void resolve(const ElfModuleSymbol &Sym, const KernelSymName &KS) {
    Expected<SmallVector<ManifestSymbol, 4>> Found = M.lookup(KS.Name);
    if (!Found) {
      // Reported once: every later lookup would say the same.
      if (!Damaged)
        Diags.error("manifest-damaged")
            .symbol(Sym.Name)
            .message(toString(Found.takeError()))
            .fix("rebuild the manifest with klp-manifest build");
      else
        consumeError(Found.takeError());
      Damaged = true;
      return;
    }
    // The kernel's own walk (kernel/Sympos), as the plugin checks it.
    SymposLookup L = lookupSympos(*Found, KS.Object, KS.SymPos);
    ArrayRef<const ManifestSymbol *> Counted = L.Counted;
    bool Vmlinux = KS.Object == VmlinuxObject;
    std::string Where =
        "'" + KS.Name + "' in " +
        (Vmlinux ? std::string("vmlinux") : "module '" + KS.Object + "'");

    if (Counted.empty()) {
      if (!L.InObject.empty())
        Diags.warning("manifest-export-only")
            .symbol(Sym.Name)
            .message("the manifest knows " + Where +
                     " only from Module.symvers, not from kallsyms; livepatch "
                     "resolves .klp.sym symbols through kallsyms only")
            .fix("rebuild the manifest from the target's /proc/kallsyms (or "
                 "vmlinux/.ko files), or use an ordinary relocation since the "
                 "symbol is exported");
      else if (!CountedObjects.contains(KS.Object))
        Diags.warning("manifest-object-unknown")
            .symbol(Sym.Name)
            .message("the manifest has no kallsyms for '" + KS.Object +
                     "', so the symbol could not be checked")
            .fix("add the module to the manifest (klp-manifest build with its "
                 ".ko or a kallsyms dump taken while it was loaded)");
      else
        Diags.error("manifest-symbol-missing")
            .symbol(Sym.Name)
            .message("the target kernel has no symbol " + Where)
            .fix("check the symbol's name (static functions may be renamed "
                 "'.isra', '.constprop', '.llvm.<hash>') against the manifest")
            .kernel(livepatchSays("symbol '" + KS.Name +
                                  "' not found in symbol table"));
      return;
    }

    uint64_t Count = Counted.size();
    if (L.Result == SymposLookup::Ambiguous) {
      // klp_find_object_symbol() passes a null object name for vmlinux.
      Diags.error("manifest-sympos-ambiguous")
          .symbol(Sym.Name)
          .message(formatv("sympos 0 asks for a unique symbol, but there are "
                           "{0} symbols {1}: {2}",
                           Count, Where, describeCandidates(Counted)))
          .fix(formatv("name the intended one with its position: "
                       "'.klp.sym.{0}.{1},<1..{2}>'",
                       KS.Object, KS.Name, Count))
          .kernel(livepatchSays("unresolvable ambiguity for symbol '" +
                                KS.Name + "' in object '" +
                                (Vmlinux ? "(null)" : KS.Object) + "'"));
      return;
    }
    if (L.Result != SymposLookup::Found) {
      Diags.error("manifest-sympos-missing")
          .symbol(Sym.Name)
          .message(formatv("sympos {0} asks for symbol number {0} called "
                           "{1}, but the target kernel has {2}",
                           KS.SymPos, Where, Count))
          .fix(Count == 1 ? formatv("use sympos 0: '.klp.sym.{0}.{1},0'",
                                    KS.Object, KS.Name)
                                .str()
                          : formatv("use a position from 1 to {0}: {1}", Count,
                                    describeCandidates(Counted))
                                .str())
          .kernel(livepatchSays(formatv("symbol position {0} for symbol '{1}' "
                                        "in object '{2}' not found",
                                        KS.SymPos, KS.Name, KS.Object)));
      return;
    }
    if (L.Symbol->LoadOrderDependent)
      Diags.warning("manifest-load-order")
          .symbol(Sym.Name)
          .message(formatv("position {0} of {1} counts differently while "
                           "'{2}' is still loading (full symbol table) and "
                           "after its init (core symbols only): the "
                           "resolved symbol depends on when the patch is "
                           "applied",
                           L.Symbol->Position, Where, KS.Object))
          .fix("prefer a reference that is unique in the module's core "
               "symbols, or make sure the patch is enabled only after the "
               "module finished loading");
  }

  static std::string
  describeCandidates(ArrayRef<const ManifestSymbol *> Counted) {
    std::string Out;
    for (const ManifestSymbol *S : Counted) {
      if (!Out.empty())
        Out += ", ";
      Out += S->File.empty() ? std::to_string(S->Position)
                             : formatv("{0} ({1})", S->Position, S->File).str();
    }
    return Out;
  }

  const ModuleFacts &F;
  const Manifest &M;
  DiagnosticSink &Diags;
  StringSet<> CountedObjects;
  bool Damaged = false;
};

} // namespace

void checkAgainstManifest(const ModuleFacts &F, const Manifest &M,
                          DiagnosticSink &Diags) {
  Resolver(F, M, Diags).run();
}

} // namespace check
} // namespace klp
