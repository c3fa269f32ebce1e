//===- lld-ext/arch/ArchTables.h - The per-arch tables ----------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// One table per architecture, each defined in its own file; Arch.cpp picks
// one by e_machine. Private to lld-ext/arch.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_LLD_EXT_ARCH_ARCHTABLES_H
#define KLP_LLD_EXT_ARCH_ARCHTABLES_H

#include "lld-ext/arch/Arch.h"

namespace klp {
extern const ArchInfo X86_64Arch;
extern const ArchInfo AArch64Arch;
extern const ArchInfo PPC64LEArch;
extern const ArchInfo S390xArch;
} // namespace klp

#endif // KLP_LLD_EXT_ARCH_ARCHTABLES_H
