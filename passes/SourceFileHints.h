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

/// The kernel source files a translation unit says its code comes from.
struct SourceFileHints {
  /// The files KLP_SOURCE_FILE names, as written but without "./" and
  /// "dir/..", sorted and unique: a path in the kernel tree ("fs/inode.c")
  /// or a bare name ("inode.c"). Without any, the translation unit's own
  /// file name, as clang was given it.
  std::vector<std::string> Files;
  /// Files holds the translation unit's own name, not hints: a patch's
  /// file usually lives outside the kernel tree, so its directories say
  /// nothing about the kernel's (SymbolResolver.cpp).
  bool OwnName = false;
};

/// Removes the KLP_SOURCE_FILE strings from \p M and returns what they name.
/// An error names a hint that is not a file name.
llvm::Expected<SourceFileHints> takeSourceFileHints(llvm::Module &M);

} // namespace klp

#endif // KLP_PASSES_SOURCEFILEHINTS_H
