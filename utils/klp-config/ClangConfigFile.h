//===- klp-config/ClangConfigFile.h - Flags in a config file ----*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// kbuild takes extra C flags in one make variable (KCFLAGS), and a user's
// `make $(klp-config --kbuild ...)` splits klp-config's output at spaces, so
// several flags cannot travel as one word. They travel as one clang
// configuration file instead: KCFLAGS=--config=<file>. The file's name is a
// hash of its content, so different flags get a different name and kbuild,
// which rebuilds when a command line changes, rebuilds; equal flags reuse
// the file. The content also records a hash of each input file whose
// content changes the plugin's output (the manifest, the plugin itself), so
// a new manifest at the same path rebuilds too.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_UTILS_KLPCONFIG_CLANGCONFIGFILE_H
#define KLP_UTILS_KLPCONFIG_CLANGCONFIGFILE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace klp {

/// "<path> xxh3:<16 hex digits of its content>", for a comment line.
llvm::Expected<std::string> fingerprintFile(llvm::StringRef Path);

/// The text of a configuration file that gives clang \p Flags, one a line,
/// quoted as clang's config-file reader expects, after a comment line for
/// each of \p Inputs (fingerprints of the files the flags name).
std::string renderClangConfigFile(llvm::ArrayRef<std::string> Flags,
                                  llvm::ArrayRef<std::string> Inputs);

/// Writes that file into \p Dir (created if needed), named
/// klp-<hash of the content>.cfg, atomically; returns its absolute path.
/// An existing file with that name and content is left alone.
llvm::Expected<std::string>
writeClangConfigFile(llvm::ArrayRef<std::string> Flags,
                     llvm::ArrayRef<std::string> Inputs, llvm::StringRef Dir);

/// Writes \p Text into \p Dir (created if needed) as klp-<hash of Text>
/// followed by \p Extension, atomically, mode 0644; returns its absolute
/// path. An existing file with that name and content is left alone.
llvm::Expected<std::string> writeHashedFile(llvm::StringRef Text,
                                            llvm::StringRef Extension,
                                            llvm::StringRef Dir);

} // namespace klp

#endif // KLP_UTILS_KLPCONFIG_CLANGCONFIGFILE_H
