//===- klp-config/ToolLayout.h - Where klp-llvm's parts are -----*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// klp-config finds the rest of klp-llvm relative to its own executable, so a
// build tree and an installed tree work the same way and no path is compiled
// in: <bindir>/klp-ld, <bindir>/../lib/KlpPlugin.so, <bindir>/../include.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_UTILS_KLPCONFIG_TOOLLAYOUT_H
#define KLP_UTILS_KLPCONFIG_TOOLLAYOUT_H

#include "llvm/Support/Error.h"

#include <string>

namespace klp {

struct ToolLayout {
  std::string BinDir;     ///< The directory klp-config runs from.
  std::string Plugin;     ///< <bindir>/../lib/KlpPlugin.so
  std::string IncludeDir; ///< <bindir>/../include
  std::string KlpLd;      ///< <bindir>/klp-ld

  /// Resolves the paths from the running executable (absolute, without
  /// "..", symlinks of the executable itself resolved).
  static llvm::Expected<ToolLayout> locate(const char *Argv0);

  /// An error naming the plugin and how to build it, if it is not there.
  llvm::Error checkPlugin() const;
  /// The same for klp-ld.
  llvm::Error checkKlpLd() const;
};

} // namespace klp

#endif // KLP_UTILS_KLPCONFIG_TOOLLAYOUT_H
