//===- lld-ext/arch/Arch.cpp - Relocation knowledge per architecture ------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "lld-ext/arch/Arch.h"
#include "lld-ext/arch/ArchTables.h"

#include "llvm/ADT/Twine.h"
#include "llvm/BinaryFormat/ELF.h"

using namespace llvm;

namespace klp {

const RelocInfo *ArchInfo::find(uint32_t Type) const {
  // The tables are short (at most a few dozen rows); a scan is fine.
  for (const RelocInfo &R : Relocs)
    if (R.Type == Type)
      return &R;
  return nullptr;
}

std::string ArchInfo::relocName(uint32_t Type) const {
  if (const RelocInfo *R = find(Type))
    return R->Name.str();
  return ("unknown " + Name + " relocation type " + Twine(Type)).str();
}

static const ArchInfo *const AllArchs[] = {&X86_64Arch, &AArch64Arch,
                                           &PPC64LEArch, &S390xArch};

const ArchInfo *getArchInfo(uint16_t Machine) {
  for (const ArchInfo *A : AllArchs)
    if (A->Machine == Machine)
      return A;
  return nullptr;
}

ArrayRef<const ArchInfo *> allArchInfos() { return AllArchs; }

} // namespace klp
