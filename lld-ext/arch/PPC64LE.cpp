//===- lld-ext/arch/PPC64LE.cpp - ppc64le module relocations --------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What arch/powerpc/kernel/module_64.c (apply_relocate_add) applies on a
// little-endian ELFv2 kernel without CONFIG_PPC_KERNEL_PCREL (the default).
// REL24 against an SHN_UNDEF or SHN_LIVEPATCH symbol goes through a stub
// that switches the TOC; restore_r2() then needs a nop after the branch to
// turn into "ld r2,24(r1)", and refuses the module otherwise ("Expected nop
// after call"). Clang emits "bl sym; nop" for every call to a symbol that
// may be outside the object, which marked (weak undefined) symbols are.
// The PCREL-only types (REL24_NOTOC, PCREL34, GOT_PCREL34) are marked as not
// applied: default kernels refuse them.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/arch/ArchTables.h"

#include "llvm/BinaryFormat/ELF.h"

using namespace llvm::ELF;

namespace klp {

// Not in LLVM's list of PowerPC64 relocations.
constexpr uint32_t R_PPC64_TOCSAVE = 109;
constexpr uint32_t R_PPC64_ENTRY = 118;

static const RelocInfo PPC64LERelocs[] = {
    // The loader has no case for NONE: it fails with "Unknown ADD
    // relocation: 0". The converter never moves NONE relocations.
    {R_PPC64_NONE, "R_PPC64_NONE", 0, false, false},
    {R_PPC64_ADDR32, "R_PPC64_ADDR32", 4, true, false},
    {R_PPC64_ADDR64, "R_PPC64_ADDR64", 8, true, false},
    {R_PPC64_TOC, "R_PPC64_TOC", 8, true, false},
    {R_PPC64_TOC16, "R_PPC64_TOC16", 2, true, false},
    {R_PPC64_TOC16_LO, "R_PPC64_TOC16_LO", 2, true, false},
    {R_PPC64_TOC16_DS, "R_PPC64_TOC16_DS", 2, true, false},
    {R_PPC64_TOC16_LO_DS, "R_PPC64_TOC16_LO_DS", 2, true, false},
    {R_PPC64_TOC16_HA, "R_PPC64_TOC16_HA", 2, true, false},
    {R_PPC64_REL24, "R_PPC64_REL24", 4, true, true},
    {R_PPC64_REL64, "R_PPC64_REL64", 8, true, false},
    {R_PPC64_REL32, "R_PPC64_REL32", 4, true, false},
    {R_PPC64_TOCSAVE, "R_PPC64_TOCSAVE", 0, true, false},
    {R_PPC64_ENTRY, "R_PPC64_ENTRY", 8, true, false},
    {R_PPC64_REL16_HA, "R_PPC64_REL16_HA", 2, true, false},
    {R_PPC64_REL16_LO, "R_PPC64_REL16_LO", 2, true, false},
    {R_PPC64_REL24_NOTOC, "R_PPC64_REL24_NOTOC", 4, false, true},
    {R_PPC64_PCREL34, "R_PPC64_PCREL34", 8, false, false},
    {R_PPC64_GOT_PCREL34, "R_PPC64_GOT_PCREL34", 8, false, false},
    {R_PPC64_ADDR16_LO, "R_PPC64_ADDR16_LO", 2, false, false},
    {R_PPC64_ADDR16_HA, "R_PPC64_ADDR16_HA", 2, false, false},
    {R_PPC64_REL14, "R_PPC64_REL14", 4, false, false},
};

const ArchInfo PPC64LEArch = {
    EM_PPC64,
    "ppc64le",
    PPC64LERelocs,
    R_PPC64_NONE,
    /*TargetsMustBeZero=*/false,
    /*CallsNeedNop=*/true,
    /*LittleEndian=*/true,
    /*Abs64Type=*/R_PPC64_ADDR64,
    /*NopInsn=*/0x60000000,
};

} // namespace klp
