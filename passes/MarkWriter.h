//===- passes/MarkWriter.h - Leave the marks in the module ------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Writes the marks of docs/mark-contract.md (version 2): each marked
// declaration becomes extern_weak, and one record per declaration goes into
// the mark note section through module-level assembly, which reaches the object
// from every pipeline, -flto bitcode included.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_PASSES_MARKWRITER_H
#define KLP_PASSES_MARKWRITER_H

#include "format/KlpFormat.h"

#include "llvm/ADT/ArrayRef.h"

#include <string>
#include <vector>

namespace llvm {
class GlobalValue;
class Module;
} // namespace llvm

namespace klp {

/// A declaration of the module and the kernel symbol it means.
struct PendingMark {
  llvm::GlobalValue *Decl;
  Mark M;
};

/// A reference left to the link step (docs/mark-contract.md).
struct PendingDeferred {
  llvm::GlobalValue *Decl;
  DeferredReference D;
};

/// Makes every marked or deferred declaration weak and adds the notes that
/// say what each means, in an order that depends only on the source, after
/// the note that says which kernel build the manifest described (\p Id,
/// left out when the manifest did not say).
void writeMarks(llvm::Module &M, std::vector<PendingMark> Marks,
                std::vector<PendingDeferred> Deferred, const BuildIdentity &Id);

} // namespace klp

#endif // KLP_PASSES_MARKWRITER_H
