//===- klp-config/ClangVersion.h - Which clang is this ----------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef KLP_UTILS_KLPCONFIG_CLANGVERSION_H
#define KLP_UTILS_KLPCONFIG_CLANGVERSION_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace klp {

struct ClangVersion {
  unsigned Major = 0, Minor = 0, Patch = 0;
  /// As Kconfig's CONFIG_CLANG_VERSION writes it: 19.1.7 -> 190107.
  unsigned kconfigValue() const { return Major * 10000 + Minor * 100 + Patch; }
};

/// Reads "... clang version X.Y.Z ..." from the first lines of
/// `clang --version`; \p CC names the compiler in errors.
llvm::Expected<ClangVersion> parseClangVersion(llvm::StringRef Output,
                                               llvm::StringRef CC);

/// Runs `CC --version` (CC found on PATH unless it contains a '/') and
/// parses it.
llvm::Expected<ClangVersion> queryClangVersion(llvm::StringRef CC);

/// A linker kbuild may be told to use: GNU ld or LLD (and LLD's version).
struct LinkerInfo {
  bool IsLLD = false;
  ClangVersion Version; ///< LLD only: "LLD 19.1.7" -> 19.1.7.
};

llvm::Expected<LinkerInfo> parseLinkerVersion(llvm::StringRef Output,
                                              llvm::StringRef LD);

/// Runs `LD --version`.
llvm::Expected<LinkerInfo> queryLinkerVersion(llvm::StringRef LD);

} // namespace klp

#endif // KLP_UTILS_KLPCONFIG_CLANGVERSION_H
