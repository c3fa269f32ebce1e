//===- kernel/Sympos.h - How the kernel resolves a sympos -------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// kernel/livepatch/core.c, klp_find_object_symbol(): to resolve
// .klp.sym.<object>.<name>,<sympos> the kernel walks the kallsyms of the
// object and counts the symbols called <name>. sympos 0 needs exactly one;
// sympos N takes the N-th (so 1 also names a unique symbol). The manifest
// records each symbol's position as the kernel counts it, so the same walk
// runs here: the compiler plugin checks what a patch names with it, and
// klp-check what a module's .klp.sym symbols will bind.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_KERNEL_SYMPOS_H
#define KLP_KERNEL_SYMPOS_H

#include "manifest/Manifest.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace klp {

struct SymposLookup {
  enum Status {
    Found,     ///< Symbol is the one the kernel binds.
    Missing,   ///< The object has no symbol of that name.
    Ambiguous, ///< sympos 0, but the object has several (Counted).
    PastEnd,   ///< sympos N, but the object has fewer (Counted).
  };
  Status Result = Missing;
  const ManifestSymbol *Symbol = nullptr;
  /// The object's symbols of that name that kallsyms lists, by position.
  llvm::SmallVector<const ManifestSymbol *, 4> Counted;
  /// The object's symbols of that name, the ones only Module.symvers knows
  /// (a module that was not loaded when kallsyms was read) included.
  llvm::SmallVector<const ManifestSymbol *, 4> InObject;

  /// Found a symbol that only Module.symvers knows: the kernel will count it
  /// once the module is loaded, but the manifest cannot say its position.
  bool foundWithoutPosition() const {
    return Result == Found && Symbol->Position == 0;
  }
};

/// Resolves (\p Object, \p SymPos) among \p Candidates, every manifest symbol
/// of one name (Manifest::lookup), as the kernel will.
SymposLookup lookupSympos(llvm::ArrayRef<ManifestSymbol> Candidates,
                          llvm::StringRef Object, uint64_t SymPos);

} // namespace klp

#endif // KLP_KERNEL_SYMPOS_H
