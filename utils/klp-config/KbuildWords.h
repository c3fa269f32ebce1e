//===- klp-config/KbuildWords.h - make words for clang modules --*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The words to add to `make -C KDIR M=$PWD ... modules` so that kbuild builds
// the module with clang, whatever compiler built the kernel. kbuild reads the
// compiler's identity from the kernel's Kconfig (CONFIG_CC_IS_GCC, ...) and
// chooses flags by it, so for a gcc-built kernel CC=clang alone passes gcc-only
// flags to clang; overriding those Kconfig symbols on the make command line
// makes kbuild choose clang's flags instead. docs/kbuild.md explains each.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_UTILS_KLPCONFIG_KBUILDWORDS_H
#define KLP_UTILS_KLPCONFIG_KBUILDWORDS_H

#include "ClangVersion.h"
#include "KernelConfig.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace klp {

struct KbuildRequest {
  std::string CC;                     ///< As the user named it (CC=...).
  ClangVersion CCVersion;             ///< What `CC --version` says.
  std::optional<std::string> LD;      ///< LD=...: klp-ld, or --ld's linker.
  bool LDIsLLD = false;               ///< That linker is lld (klp-ld is).
  ClangVersion LDVersion;             ///< The LLVM version of that lld.
  std::optional<std::string> KCFLAGS; ///< One word, e.g. --config=<file>.
  /// One word, -include<file>: the header of headerUndefs().
  std::optional<std::string> KCPPFLAGS;
};

/// A Kconfig symbol only gcc's Kconfig sets (beyond the compiler's identity,
/// CC_IS_GCC and the version and tool symbols kbuildWords handles itself).
struct GccOnlySymbol {
  llvm::StringLiteral Name; ///< "CONFIG_..."
  /// The kernel's headers test it (autoconf.h defines it): the C code must
  /// not see it either, not only kbuild's make files.
  bool InHeaders;
};

/// The table of those symbols (docs/kbuild.md).
llvm::ArrayRef<GccOnlySymbol> gccOnlySymbols();

/// The make words, in a fixed order. Fails when the configuration does not
/// say which compiler built the kernel.
llvm::Expected<std::vector<std::string>>
kbuildWords(const KernelConfig &Config, const KbuildRequest &Request);

/// The symbols of gccOnlySymbols() that \p Config (a gcc-built kernel's) sets
/// and the kernel's headers test: command-line words cannot unset what
/// include/generated/autoconf.h defines, a header included after it
/// (renderUndefHeader) can. Empty for a clang-built kernel.
std::vector<std::string> headerUndefs(const KernelConfig &Config);

/// The text of that header: a comment, then "#undef <symbol>" for each.
std::string renderUndefHeader(llvm::ArrayRef<std::string> Symbols);

/// An error naming \p Word if the shell or make would not pass it through
/// `$(klp-config ...)` as one literal word.
llvm::Error checkPlainWord(llvm::StringRef Word);

} // namespace klp

#endif // KLP_UTILS_KLPCONFIG_KBUILDWORDS_H
