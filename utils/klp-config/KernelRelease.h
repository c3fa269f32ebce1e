//===- klp-config/KernelRelease.h - The release of a KDIR -------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A module built in a kernel tree gets that tree's release in its vermagic;
// a manifest records the release of the kernel it describes. The two must
// name the same kernel, or the module is compiled against one kernel's
// headers with another kernel's symbol positions.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_UTILS_KLPCONFIG_KERNELRELEASE_H
#define KLP_UTILS_KLPCONFIG_KERNELRELEASE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace klp {

/// The release (uname -r) of the kernel \p KDir builds modules for:
/// UTS_RELEASE of include/generated/utsrelease.h, what vermagic and uname
/// use, else include/config/kernel.release. Nothing if the tree has
/// neither; an error if one is there and unreadable or malformed.
llvm::Expected<std::optional<std::string>>
readKernelRelease(llvm::StringRef KDir);

/// Parses utsrelease.h's `#define UTS_RELEASE "..."`; \p Path names the
/// file in errors.
llvm::Expected<std::string> parseUtsRelease(llvm::StringRef Text,
                                            llvm::StringRef Path);

} // namespace klp

#endif // KLP_UTILS_KLPCONFIG_KERNELRELEASE_H
