//===- passes/SourceFileHints.h - Kernel files a TU patches -----*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A static of the kernel file a patch was copied from is what the copied code
// means by that name. klp.h's KLP_SOURCE_FILE("kernel/fork.c") says which
// file that is, for patches whose own file name differs; it leaves a used
// string in a .discard section that only the pass reads and then removes.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_PASSES_SOURCEFILEHINTS_H
#define KLP_PASSES_SOURCEFILEHINTS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace klp {

/// The section KLP_SOURCE_FILE (include/klp.h) puts its strings in. A kernel
/// link discards .discard.* sections, so a patch built without the plugin
/// carries nothing extra.
constexpr llvm::StringLiteral SourceFileHintSection =
    ".discard.klp.source_file";

/// Removes the KLP_SOURCE_FILE strings from \p M and returns the basenames of
/// the files they name, sorted and unique; without any, the basename of the
/// translation unit itself. An error names a hint that is not a file name.
llvm::Expected<std::vector<std::string>> takeSourceFileHints(llvm::Module &M);

} // namespace klp

#endif // KLP_PASSES_SOURCEFILEHINTS_H
