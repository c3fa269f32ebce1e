//===- passes/SymbolResolver.h - What a reference means ---------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The decision at the heart of the pass, kept free of IR so that it reads as
// the rule list of docs/pass-plugin.md: given every manifest symbol that has
// the name a patch refers to, which one does the patch mean, and does the
// reference need a livepatch mark at all?
//
//===----------------------------------------------------------------------===//

#ifndef KLP_PASSES_SYMBOLRESOLVER_H
#define KLP_PASSES_SYMBOLRESOLVER_H

#include "format/KlpFormat.h"
#include "manifest/Manifest.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace klp {

/// What the translation unit says about itself.
struct ResolveContext {
  /// The kernel source files this TU patches (SourceFileHints::Files): the
  /// KLP_SOURCE_FILE hints, paths or bare names, or the TU's own file name
  /// when it gives none.
  llvm::ArrayRef<std::string> SourceFiles;
  /// -klp-object: the object this patch replaces code in; may be empty.
  llvm::StringRef TargetObject;
  /// SourceFiles is the TU's own name (SourceFileHints::OwnName).
  bool SourceFilesAreOwnName = false;
};

/// The error resolveReference() gives when several kernel symbols remain and
/// nothing this translation unit says chooses between them. Another file of
/// the module may define the name, so the pass defers the decision to the
/// link step (docs/mark-contract.md) instead of failing the compile.
class AmbiguousReference : public llvm::ErrorInfo<AmbiguousReference> {
public:
  static char ID;
  explicit AmbiguousReference(std::string Msg) : Msg(std::move(Msg)) {}
  void log(llvm::raw_ostream &OS) const override { OS << Msg; }
  std::error_code convertToErrorCode() const override {
    return llvm::inconvertibleErrorCode();
  }
  const std::string &text() const { return Msg; }

private:
  std::string Msg;
};

/// The kernel symbol a plain reference to \p Name means, given every manifest
/// symbol of that name (\p Candidates, as Manifest::lookup returns them).
/// std::nullopt: the reference needs no mark (unknown to the manifest, or
/// exported by vmlinux, so the module loader resolves it). An error explains
/// an ambiguity or an unusable sympos and how to fix it.
llvm::Expected<std::optional<KernelSymbolRef>>
resolveReference(llvm::StringRef Name,
                 llvm::ArrayRef<ManifestSymbol> Candidates,
                 const ResolveContext &Ctx);

/// The candidate a plain reference to \p Name would bind to, as
/// resolveReference() decides; nullptr when the manifest has none.
llvm::Expected<const ManifestSymbol *>
chooseCandidate(llvm::StringRef Name, llvm::ArrayRef<ManifestSymbol> Candidates,
                const ResolveContext &Ctx);

/// Checks a symbol the source named explicitly (\p Label, e.g.
/// ".klp.sym.vmlinux.foo,2", or a klp-convert table entry) against
/// \p Candidates, the manifest's symbols named \p Wanted.Name, from the
/// manifest \p ManifestPath, and returns the one it names. The error says
/// what the manifest has instead.
llvm::Expected<const ManifestSymbol *>
checkExplicitReference(llvm::StringRef Label, const KernelSymbolRef &Wanted,
                       llvm::ArrayRef<ManifestSymbol> Candidates,
                       llvm::StringRef ManifestPath);

/// "vmlinux sympos 2 (t, fork.c)", "ext4 sympos 0 (T, EXPORT_SYMBOL_GPL)".
std::string describeCandidate(const ManifestSymbol &S);

/// The C name of a static that ThinLTO promoted and renamed: a static that
/// a function imported into another translation unit uses becomes a hidden
/// global named "<name>.llvm.<hash>" (decimal digits; the kernel's own
/// cleanup_symbol_name() accepts hex), the name kallsyms lists and the
/// kernel's livepatch lookup compares whole (docs/pass-plugin.md). "foo" for
/// "foo.llvm.1234", "" for any other name.
llvm::StringRef ltoRenamedName(llvm::StringRef Symbol);

/// The manifest's symbols that a plain reference to a C name may mean
/// besides those of exactly that name: its ThinLTO renames. The index of
/// renamed names is built on the first lookup, from every symbol of the
/// manifest, and kept.
class LtoRenames {
public:
  explicit LtoRenames(const Manifest &Man) : Man(Man) {}
  /// Every symbol named "<Name>.llvm.<hash>", vmlinux first, then modules
  /// by name, each name's in position order; an error for a damaged
  /// manifest.
  llvm::Expected<llvm::SmallVector<ManifestSymbol, 4>>
  lookup(llvm::StringRef Name);

private:
  const Manifest &Man;
  std::optional<llvm::StringMap<llvm::SmallVector<std::string, 1>>> Index;
};

} // namespace klp

#endif // KLP_PASSES_SYMBOLRESOLVER_H
