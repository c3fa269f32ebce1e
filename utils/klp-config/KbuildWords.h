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
};

/// The make words, in a fixed order. Fails when the configuration does not
/// say which compiler built the kernel.
llvm::Expected<std::vector<std::string>>
kbuildWords(const KernelConfig &Config, const KbuildRequest &Request);

/// An error naming \p Word if the shell or make would not pass it through
/// `$(klp-config ...)` as one literal word.
llvm::Error checkPlainWord(llvm::StringRef Word);

} // namespace klp

#endif // KLP_UTILS_KLPCONFIG_KBUILDWORDS_H
