//===- lld-ext/elf/GnuNmType.h - The letter GNU nm prints -------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef KLP_LLD_EXT_ELF_GNUNMTYPE_H
#define KLP_LLD_EXT_ELF_GNUNMTYPE_H

namespace klp {

class ElfModule;
struct ElfModuleSymbol;

/// The letter GNU nm prints for \p Sym of \p M (binutils'
/// bfd_decode_symclass for ELF), which scripts/kallsyms reads and
/// /proc/kallsyms shows for vmlinux.
char gnuNmType(const ElfModule &M, const ElfModuleSymbol &Sym);

} // namespace klp

#endif // KLP_LLD_EXT_ELF_GNUNMTYPE_H
