//===- lld-ext/arch/AArch64.cpp - arm64 module relocations ----------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What arch/arm64/kernel/module.c (apply_relocate_add) applies. CALL26 and
// JUMP26 out of range go through a module PLT; module_frob_arch_sections()
// counts PLT slots over every SHT_RELA section that targets executable code,
// .klp.rela sections included, so livepatch calls get their slots too.
// Livepatch itself reached arm64 around Linux 6.17.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/arch/ArchTables.h"

#include "llvm/BinaryFormat/ELF.h"

using namespace llvm::ELF;

namespace klp {

static const RelocInfo AArch64Relocs[] = {
    {R_AARCH64_NONE, "R_AARCH64_NONE", 0, true, false},
    {R_AARCH64_ABS64, "R_AARCH64_ABS64", 8, true, false},
    {R_AARCH64_ABS32, "R_AARCH64_ABS32", 4, true, false},
    {R_AARCH64_ABS16, "R_AARCH64_ABS16", 2, true, false},
    {R_AARCH64_PREL64, "R_AARCH64_PREL64", 8, true, false},
    {R_AARCH64_PREL32, "R_AARCH64_PREL32", 4, true, false},
    {R_AARCH64_PREL16, "R_AARCH64_PREL16", 2, true, false},
    {R_AARCH64_MOVW_UABS_G0, "R_AARCH64_MOVW_UABS_G0", 4, true, false},
    {R_AARCH64_MOVW_UABS_G0_NC, "R_AARCH64_MOVW_UABS_G0_NC", 4, true, false},
    {R_AARCH64_MOVW_UABS_G1, "R_AARCH64_MOVW_UABS_G1", 4, true, false},
    {R_AARCH64_MOVW_UABS_G1_NC, "R_AARCH64_MOVW_UABS_G1_NC", 4, true, false},
    {R_AARCH64_MOVW_UABS_G2, "R_AARCH64_MOVW_UABS_G2", 4, true, false},
    {R_AARCH64_MOVW_UABS_G2_NC, "R_AARCH64_MOVW_UABS_G2_NC", 4, true, false},
    {R_AARCH64_MOVW_UABS_G3, "R_AARCH64_MOVW_UABS_G3", 4, true, false},
    {R_AARCH64_MOVW_SABS_G0, "R_AARCH64_MOVW_SABS_G0", 4, true, false},
    {R_AARCH64_MOVW_SABS_G1, "R_AARCH64_MOVW_SABS_G1", 4, true, false},
    {R_AARCH64_MOVW_SABS_G2, "R_AARCH64_MOVW_SABS_G2", 4, true, false},
    {R_AARCH64_MOVW_PREL_G0, "R_AARCH64_MOVW_PREL_G0", 4, true, false},
    {R_AARCH64_MOVW_PREL_G0_NC, "R_AARCH64_MOVW_PREL_G0_NC", 4, true, false},
    {R_AARCH64_MOVW_PREL_G1, "R_AARCH64_MOVW_PREL_G1", 4, true, false},
    {R_AARCH64_MOVW_PREL_G1_NC, "R_AARCH64_MOVW_PREL_G1_NC", 4, true, false},
    {R_AARCH64_MOVW_PREL_G2, "R_AARCH64_MOVW_PREL_G2", 4, true, false},
    {R_AARCH64_MOVW_PREL_G2_NC, "R_AARCH64_MOVW_PREL_G2_NC", 4, true, false},
    {R_AARCH64_MOVW_PREL_G3, "R_AARCH64_MOVW_PREL_G3", 4, true, false},
    {R_AARCH64_LD_PREL_LO19, "R_AARCH64_LD_PREL_LO19", 4, true, false},
    {R_AARCH64_ADR_PREL_LO21, "R_AARCH64_ADR_PREL_LO21", 4, true, false},
    {R_AARCH64_ADR_PREL_PG_HI21, "R_AARCH64_ADR_PREL_PG_HI21", 4, true, false},
    {R_AARCH64_ADR_PREL_PG_HI21_NC, "R_AARCH64_ADR_PREL_PG_HI21_NC", 4, true,
     false},
    {R_AARCH64_ADD_ABS_LO12_NC, "R_AARCH64_ADD_ABS_LO12_NC", 4, true, false},
    {R_AARCH64_LDST8_ABS_LO12_NC, "R_AARCH64_LDST8_ABS_LO12_NC", 4, true,
     false},
    {R_AARCH64_LDST16_ABS_LO12_NC, "R_AARCH64_LDST16_ABS_LO12_NC", 4, true,
     false},
    {R_AARCH64_LDST32_ABS_LO12_NC, "R_AARCH64_LDST32_ABS_LO12_NC", 4, true,
     false},
    {R_AARCH64_LDST64_ABS_LO12_NC, "R_AARCH64_LDST64_ABS_LO12_NC", 4, true,
     false},
    {R_AARCH64_LDST128_ABS_LO12_NC, "R_AARCH64_LDST128_ABS_LO12_NC", 4, true,
     false},
    {R_AARCH64_TSTBR14, "R_AARCH64_TSTBR14", 4, true, false},
    {R_AARCH64_CONDBR19, "R_AARCH64_CONDBR19", 4, true, false},
    {R_AARCH64_JUMP26, "R_AARCH64_JUMP26", 4, true, false},
    {R_AARCH64_CALL26, "R_AARCH64_CALL26", 4, true, true},
    // GOT-relative forms: the module loader has no GOT for them.
    {R_AARCH64_ADR_GOT_PAGE, "R_AARCH64_ADR_GOT_PAGE", 4, false, false},
    {R_AARCH64_LD64_GOT_LO12_NC, "R_AARCH64_LD64_GOT_LO12_NC", 4, false, false},
};

const ArchInfo AArch64Arch = {
    EM_AARCH64,
    "aarch64",
    AArch64Relocs,
    R_AARCH64_NONE,
    /*TargetsMustBeZero=*/false,
    /*CallsNeedNop=*/false,
    /*LittleEndian=*/true,
    /*Abs64Type=*/R_AARCH64_ABS64,
    /*NopInsn=*/0,
};

} // namespace klp
