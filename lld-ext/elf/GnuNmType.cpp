//===- lld-ext/elf/GnuNmType.cpp - The letter GNU nm prints ---------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "lld-ext/elf/GnuNmType.h"

#include "lld-ext/elf/ElfModule.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/ELF.h"

using namespace llvm;
using namespace llvm::ELF;

namespace klp {

// binutils treats these as debugging sections (SEC_DEBUGGING).
static bool isDebugSection(StringRef Name) {
  return Name.starts_with(".debug") || Name.starts_with(".zdebug") ||
         Name.starts_with(".gnu.linkonce.wi.") || Name.starts_with(".line") ||
         Name.starts_with(".stab");
}

char gnuNmType(const ElfModule &M, const ElfModuleSymbol &S) {
  bool Weak = S.Binding == STB_WEAK;
  if (S.RawShndx == SHN_UNDEF)
    return Weak ? (S.Type == STT_OBJECT ? 'v' : 'w') : 'U';
  if (S.Type == STT_GNU_IFUNC)
    return 'i';
  if (Weak)
    return S.Type == STT_OBJECT ? 'V' : 'W';
  if (S.Binding == STB_GNU_UNIQUE)
    return 'u';
  if (S.Binding != STB_GLOBAL && S.Binding != STB_LOCAL)
    return '?';
  if (S.RawShndx == SHN_COMMON)
    return 'C';
  char C;
  if (S.RawShndx == SHN_ABS) {
    C = 'a';
  } else if (const ElfModuleSection *Sec = M.sectionOf(S)) {
    bool Contents = Sec->Type != SHT_NOBITS;
    if (Sec->Flags & SHF_EXECINSTR)
      C = 't';
    else if ((Sec->Flags & SHF_ALLOC) && Contents)
      C = (Sec->Flags & SHF_WRITE) ? 'd' : 'r';
    else if (!Contents)
      C = 'b';
    else if (isDebugSection(Sec->Name))
      C = 'N';
    else if (!(Sec->Flags & SHF_WRITE))
      C = 'n';
    else
      return '?';
  } else {
    return '?';
  }
  return S.Binding == STB_GLOBAL ? toUpper(C) : C;
}

} // namespace klp
