//===- passes/ExplicitLabel.h - Kernel symbols named in code ----*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A patch may name the kernel symbol it means itself, with an asm label on
// the declaration: klp.h's KLP_SYMBOL(obj, sym, pos) writes
// ".klp.sym.<obj>.<sym>,<pos>", and SUSE's klp-convert patches write
// ".klp.sym.rela.<lp_obj>.<obj>.<sym>,<pos>", sometimes inside double quotes
// so that GNU as accepts the comma (clang then keeps the quotes in the
// symbol name).
//
//===----------------------------------------------------------------------===//

#ifndef KLP_PASSES_EXPLICITLABEL_H
#define KLP_PASSES_EXPLICITLABEL_H

#include "format/KlpFormat.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace klp {

/// True if the symbol name \p LinkName is written in one of the livepatch
/// label conventions, so it must parse.
bool isExplicitLabel(llvm::StringRef LinkName);

/// The kernel symbol \p LinkName names, as written (not yet checked against
/// the manifest); errors are the kernel's parsing rules and limits.
llvm::Expected<KernelSymbolRef> parseExplicitLabel(llvm::StringRef LinkName);

} // namespace klp

#endif // KLP_PASSES_EXPLICITLABEL_H
