//===- klp-config/KernelConfig.h - A kernel's Kconfig values ----*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The configuration a kernel tree (or its headers package) was built with,
// read from include/config/auto.conf (what kbuild itself includes) or, when
// that is missing, from .config.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_UTILS_KLPCONFIG_KERNELCONFIG_H
#define KLP_UTILS_KLPCONFIG_KERNELCONFIG_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace klp {

class KernelConfig {
public:
  /// Reads KDir/include/config/auto.conf, else KDir/.config.
  static llvm::Expected<KernelConfig> load(llvm::StringRef KDir);

  /// Parses the text of an auto.conf or .config; \p Path names it in errors.
  static llvm::Expected<KernelConfig> parse(llvm::StringRef Text,
                                            llvm::StringRef Path);

  /// The value of \p Symbol ("CONFIG_..."), without quotes; "" when unset.
  llvm::StringRef get(llvm::StringRef Symbol) const;
  /// True when \p Symbol is set to y.
  bool isYes(llvm::StringRef Symbol) const { return get(Symbol) == "y"; }

  llvm::StringRef path() const { return Path; }

private:
  std::string Path;
  llvm::StringMap<std::string> Values;
};

} // namespace klp

#endif // KLP_UTILS_KLPCONFIG_KERNELCONFIG_H
