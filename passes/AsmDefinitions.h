//===- passes/AsmDefinitions.h - What the asm defines ---------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A symbol defined in assembly is a declaration in IR: DEFINE_STATIC_CALL
// defines its trampoline (__SCT__*) in module-level asm, and inline asm may
// define labels that C code declares extern. Such a symbol is the
// translation unit's own, never a reference to the kernel's copy of the
// same name, even when the manifest knows that name.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_PASSES_ASMDEFINITIONS_H
#define KLP_PASSES_ASMDEFINITIONS_H

#include "llvm/ADT/StringSet.h"

namespace llvm {
class Module;
} // namespace llvm

namespace klp {

/// The names \p M defines in assembly: module-level asm, read by the
/// target's assembler parser as the IR symbol table of LTO reads it, and the
/// labels and .set/.equ definitions of its inline asm statements.
llvm::StringSet<> collectAsmDefinitions(const llvm::Module &M);

} // namespace klp

#endif // KLP_PASSES_ASMDEFINITIONS_H
