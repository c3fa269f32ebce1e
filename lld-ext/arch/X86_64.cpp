//===- lld-ext/arch/X86_64.cpp - x86_64 module relocations ----------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What arch/x86/kernel/module.c (__write_relocate_add) applies: NONE is
// skipped, 64/32/32S/PC32/PLT32/PC64 are written after checking that the
// target bytes are zero; any other type fails the load ("Unknown rela
// relocation"). The same function clears klp relocations when a patched
// module unloads, so zero is also what the bytes return to.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/arch/ArchTables.h"

#include "llvm/BinaryFormat/ELF.h"

using namespace llvm::ELF;

namespace klp {

static const RelocInfo X86_64Relocs[] = {
    {R_X86_64_NONE, "R_X86_64_NONE", 0, true, false},
    {R_X86_64_64, "R_X86_64_64", 8, true, false},
    {R_X86_64_PC32, "R_X86_64_PC32", 4, true, false},
    {R_X86_64_GOT32, "R_X86_64_GOT32", 4, false, false},
    {R_X86_64_PLT32, "R_X86_64_PLT32", 4, true, true},
    {R_X86_64_GOTPCREL, "R_X86_64_GOTPCREL", 4, false, false},
    {R_X86_64_32, "R_X86_64_32", 4, true, false},
    {R_X86_64_32S, "R_X86_64_32S", 4, true, false},
    {R_X86_64_16, "R_X86_64_16", 2, false, false},
    {R_X86_64_PC16, "R_X86_64_PC16", 2, false, false},
    {R_X86_64_8, "R_X86_64_8", 1, false, false},
    {R_X86_64_PC8, "R_X86_64_PC8", 1, false, false},
    {R_X86_64_PC64, "R_X86_64_PC64", 8, true, false},
    {R_X86_64_GOTOFF64, "R_X86_64_GOTOFF64", 8, false, false},
    {R_X86_64_GOTPC32, "R_X86_64_GOTPC32", 4, false, false},
    {R_X86_64_SIZE32, "R_X86_64_SIZE32", 4, false, false},
    {R_X86_64_SIZE64, "R_X86_64_SIZE64", 8, false, false},
    {R_X86_64_GOTPCRELX, "R_X86_64_GOTPCRELX", 4, false, false},
    {R_X86_64_REX_GOTPCRELX, "R_X86_64_REX_GOTPCRELX", 4, false, false},
};

const ArchInfo X86_64Arch = {
    EM_X86_64,
    "x86_64",
    X86_64Relocs,
    R_X86_64_NONE,
    /*TargetsMustBeZero=*/true,
    /*CallsNeedNop=*/false,
    /*LittleEndian=*/true,
    /*Abs64Type=*/R_X86_64_64,
    /*NopInsn=*/0,
};

} // namespace klp
