//===- lld-ext/arch/S390x.cpp - s390x module relocations ------------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What arch/s390/kernel/module.c (apply_rela) applies. GOT and PLT slots are
// sized by module_frob_arch_sections(), which walks every SHT_RELA section,
// .klp.rela sections included; the COPY/GLOB_DAT/JMP_SLOT/RELATIVE dynamic
// types are refused.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/arch/ArchTables.h"

#include "llvm/BinaryFormat/ELF.h"

using namespace llvm::ELF;

namespace klp {

static const RelocInfo S390xRelocs[] = {
    {R_390_NONE, "R_390_NONE", 0, true, false},
    {R_390_8, "R_390_8", 1, true, false},
    {R_390_12, "R_390_12", 2, true, false},
    {R_390_16, "R_390_16", 2, true, false},
    {R_390_20, "R_390_20", 4, true, false},
    {R_390_32, "R_390_32", 4, true, false},
    {R_390_64, "R_390_64", 8, true, false},
    {R_390_PC16, "R_390_PC16", 2, true, false},
    {R_390_PC16DBL, "R_390_PC16DBL", 2, true, false},
    {R_390_PC32DBL, "R_390_PC32DBL", 4, true, false},
    {R_390_PC32, "R_390_PC32", 4, true, false},
    {R_390_PC64, "R_390_PC64", 8, true, false},
    {R_390_GOT12, "R_390_GOT12", 2, true, false},
    {R_390_GOT16, "R_390_GOT16", 2, true, false},
    {R_390_GOT20, "R_390_GOT20", 4, true, false},
    {R_390_GOT32, "R_390_GOT32", 4, true, false},
    {R_390_GOT64, "R_390_GOT64", 8, true, false},
    {R_390_GOTENT, "R_390_GOTENT", 4, true, false},
    {R_390_GOTPLT12, "R_390_GOTPLT12", 2, true, false},
    {R_390_GOTPLT16, "R_390_GOTPLT16", 2, true, false},
    {R_390_GOTPLT20, "R_390_GOTPLT20", 4, true, false},
    {R_390_GOTPLT32, "R_390_GOTPLT32", 4, true, false},
    {R_390_GOTPLT64, "R_390_GOTPLT64", 8, true, false},
    {R_390_GOTPLTENT, "R_390_GOTPLTENT", 4, true, false},
    {R_390_PLT16DBL, "R_390_PLT16DBL", 2, true, true},
    {R_390_PLT32DBL, "R_390_PLT32DBL", 4, true, true},
    {R_390_PLT32, "R_390_PLT32", 4, true, false},
    {R_390_PLT64, "R_390_PLT64", 8, true, false},
    {R_390_PLTOFF16, "R_390_PLTOFF16", 2, true, false},
    {R_390_PLTOFF32, "R_390_PLTOFF32", 4, true, false},
    {R_390_PLTOFF64, "R_390_PLTOFF64", 8, true, false},
    {R_390_GOTOFF16, "R_390_GOTOFF16", 2, true, false},
    {R_390_GOTOFF, "R_390_GOTOFF", 4, true, false},
    {R_390_GOTOFF64, "R_390_GOTOFF64", 8, true, false},
    {R_390_GOTPC, "R_390_GOTPC", 4, true, false},
    {R_390_GOTPCDBL, "R_390_GOTPCDBL", 4, true, false},
    {R_390_COPY, "R_390_COPY", 8, false, false},
    {R_390_GLOB_DAT, "R_390_GLOB_DAT", 8, false, false},
    {R_390_JMP_SLOT, "R_390_JMP_SLOT", 8, false, false},
    {R_390_RELATIVE, "R_390_RELATIVE", 8, false, false},
};

const ArchInfo S390xArch = {
    EM_S390,
    "s390x",
    S390xRelocs,
    R_390_NONE,
    /*TargetsMustBeZero=*/false,
    /*CallsNeedNop=*/false,
    /*LittleEndian=*/false,
    /*Abs64Type=*/R_390_64,
    /*NopInsn=*/0,
};

} // namespace klp
