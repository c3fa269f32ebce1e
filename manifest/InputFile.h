//===- manifest/InputFile.h - Read an input file whole ----------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef KLP_MANIFEST_INPUTFILE_H
#define KLP_MANIFEST_INPUTFILE_H

#include "lld-ext/elf/ElfModule.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>

namespace klp {

/// Reads \p Path whole. Files that report size 0 but have contents
/// (/proc/kallsyms) and pipes are read as streams. \p What names the kind of
/// input in the error ("kallsyms dump", "module").
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readInputFile(llvm::StringRef Path, llvm::StringRef What);

/// An ELF input read whole, its symbol table validated and normalized
/// (ElfChecks::Symbols); Elf points into Buffer.
struct ElfInput {
  std::unique_ptr<llvm::MemoryBuffer> Buffer;
  ElfModule Elf;
};

/// Reads the ELF file \p Path (a \p What: "vmlinux", "module"). A stripped
/// file is an error: kallsyms cannot be reconstructed without .symtab.
llvm::Expected<ElfInput> readElfInput(llvm::StringRef Path,
                                      llvm::StringRef What);

/// Calls \p Fn with each line of \p Text that is not blank, without its
/// line ending ("\n" or "\r\n"), and its 1-based line number, so that
/// messages can say "FILE:LINE:". Stops at the first error.
llvm::Error
forEachLine(llvm::StringRef Text,
            llvm::function_ref<llvm::Error(llvm::StringRef, unsigned)> Fn);

/// Checks the bytes of a name read from a text input (\p What: "symbol
/// name", "module name") that starts at 1-based column \p Column of its line.
/// Names there are what a compiler and modpost wrote: a NUL byte could never
/// be looked up (every reader's name ends at it) and bytes that are not
/// UTF-8 are no compiler's; both mean a damaged file or not the kind of file
/// it was given as. The message says which byte, escaped.
llvm::Error checkNameBytes(llvm::StringRef Name, llvm::StringRef What,
                           size_t Column);

} // namespace klp

#endif // KLP_MANIFEST_INPUTFILE_H
