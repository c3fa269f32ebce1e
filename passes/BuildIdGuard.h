//===- passes/BuildIdGuard.h - The build ID a patch expects -----*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// klp.h's load-time guard (KLP_VMLINUX_GUARD) compares the running kernel's
// vmlinux_build_id with the build ID of the kernel the patch was built for.
// The C code cannot know that ID; the manifest does. klp.h declares the
// expected ID as an extern array the pass defines here, in each translation
// unit that uses it, from the manifest's identity.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_PASSES_BUILDIDGUARD_H
#define KLP_PASSES_BUILDIDGUARD_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace llvm {
class Module;
} // namespace llvm

namespace klp {

class Manifest;

/// The array klp.h declares: `extern const unsigned char NAME[20]`.
constexpr llvm::StringLiteral ExpectedBuildIdSymbol =
    "__klp_expected_vmlinux_build_id";
/// The kernel's copy of its own build ID (lib/buildid.c), zero-padded to
/// BUILD_ID_SIZE_MAX bytes; present with CONFIG_CRASH_CORE (6.1),
/// CONFIG_VMCORE_INFO (6.9+) or CONFIG_STACKTRACE_BUILD_ID.
constexpr llvm::StringLiteral RunningBuildIdSymbol = "vmlinux_build_id";
constexpr unsigned BuildIdSizeMax = 20;

/// If \p M uses ExpectedBuildIdSymbol, defines it (internal, constant) as
/// the manifest's vmlinux build ID padded with zeros to BuildIdSizeMax
/// bytes. An error says why the guard cannot work with this manifest: no
/// build ID in its identity, or no vmlinux_build_id in the kernel.
llvm::Error defineExpectedBuildId(llvm::Module &M, const Manifest &Man);

} // namespace klp

#endif // KLP_PASSES_BUILDIDGUARD_H
