//===- test/unit/ConvertTest.cpp - The converter and the arch tables ------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "lld-ext/convert/Convert.h"
#include "format/KlpFormat.h"
#include "lld-ext/arch/Arch.h"
#include "lld-ext/check/Check.h"
#include "lld-ext/elf/Modinfo.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELF.h"
#include "llvm/ObjectYAML/yaml2obj.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/YAMLTraits.h"

#include "gtest/gtest.h"

#include <random>

using namespace klp;
using namespace llvm;
using namespace llvm::ELF;

namespace {

// A module as ld -r leaves it: a call and a data reference to marked weak
// undefined symbols, a debug-info reference, .note.klp.marks and livepatch=Y.
const char *ModuleYaml = R"(
--- !ELF
FileHeader:
  Class:   ELFCLASS64
  Data:    ELFDATA2LSB
  Type:    ET_REL
  Machine: EM_X86_64
Sections:
  - Name:  .text
    Type:  SHT_PROGBITS
    Flags: [ SHF_ALLOC, SHF_EXECINSTR ]
    AddressAlign: 16
    Content: "e800000000488b0500000000c3"
  - Name: .rela.text
    Type: SHT_RELA
    Info: .text
    Relocations:
      - Offset: 1
        Symbol: nr_foo
        Type:   R_X86_64_PLT32
        Addend: -4
      - Offset: 8
        Symbol: nr_bar
        Type:   R_X86_64_PC32
        Addend: -4
  - Name: .debug_info
    Type: SHT_PROGBITS
    Content: "0000000000000000"
  - Name: .rela.debug_info
    Type: SHT_RELA
    Info: .debug_info
    Relocations:
      - Offset: 0
        Symbol: nr_foo
        Type:   R_X86_64_64
  - Name: .note.klp.marks
    Type: SHT_NOTE
    AddressAlign: 4
    Notes:
      - Name: klp-llvm
        Desc: "3120766d6c696e75782030206e725f666f6f206e725f666f6f00"
        Type: 1
      - Name: klp-llvm
        Desc: "3120766d6c696e75782032206e725f626172206e725f62617200"
        Type: 1
  - Name: .modinfo
    Type: SHT_PROGBITS
    Flags: [ SHF_ALLOC ]
    Content: "6c69766570617463683d5900"
Symbols:
  - Name:    .text
    Type:    STT_SECTION
    Section: .text
  - Name:    .note.klp.marks
    Type:    STT_SECTION
    Section: .note.klp.marks
  - Name:    patched_fn
    Type:    STT_FUNC
    Section: .text
    Binding: STB_GLOBAL
  - Name:    nr_foo
    Binding: STB_WEAK
  - Name:    nr_bar
    Binding: STB_WEAK
)";

std::vector<uint8_t> yamlToElf(StringRef Yaml) {
  std::string Out;
  raw_string_ostream OS(Out);
  yaml::Input YIn(Yaml);
  bool Ok = yaml::convertYAML(
      YIn, OS, [](const Twine &Msg) { ADD_FAILURE() << Msg.str(); });
  EXPECT_TRUE(Ok);
  OS.flush();
  return std::vector<uint8_t>(Out.begin(), Out.end());
}

Expected<std::vector<uint8_t>> convert(ArrayRef<uint8_t> In,
                                       ConvertStats *Stats = nullptr) {
  MemoryBufferRef Ref(
      StringRef(reinterpret_cast<const char *>(In.data()), In.size()),
      "module.ko");
  auto M = convertModule(Ref, ConvertOptions(), nullptr);
  if (!M)
    return M.takeError();
  SmallVector<char, 0> Buf;
  raw_svector_ostream OS(Buf);
  if (Error E = (*M)->write(OS))
    return E;
  EXPECT_EQ(Buf.size(), (*M)->size());
  std::vector<uint8_t> Out(Buf.begin(), Buf.end());
  if (Stats)
    *Stats = (*M)->stats();
  return Out;
}

TEST(Convert, MarksBecomeLivepatchSymbols) {
  std::vector<uint8_t> In = yamlToElf(ModuleYaml);
  ConvertStats Stats;
  Expected<std::vector<uint8_t>> Out = convert(In, &Stats);
  ASSERT_TRUE(bool(Out)) << toString(Out.takeError());
  EXPECT_TRUE(Stats.Changed);
  EXPECT_EQ(Stats.MarkedSymbols, 2u);
  EXPECT_EQ(Stats.MovedRelocations, 2u);
  EXPECT_EQ(Stats.KeptNonAllocRelocations, 1u);
  EXPECT_EQ(Stats.RemovedSections, 1u);

  StringRef Bytes(reinterpret_cast<const char *>(Out->data()), Out->size());
  auto Obj = object::ELF64LEFile::create(Bytes);
  ASSERT_TRUE(bool(Obj)) << toString(Obj.takeError());
  auto Sections = Obj->sections();
  ASSERT_TRUE(bool(Sections));
  const object::ELF64LE::Shdr *Symtab = nullptr, *KlpRela = nullptr;
  for (const auto &S : *Sections) {
    StringRef Name = cantFail(Obj->getSectionName(S));
    EXPECT_NE(Name, MarkSectionName);
    if (S.sh_type == SHT_SYMTAB)
      Symtab = &S;
    if (Name == ".klp.rela.vmlinux.text")
      KlpRela = &S;
  }
  ASSERT_TRUE(Symtab && KlpRela);
  EXPECT_EQ(KlpRela->sh_flags,
            uint64_t(SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH));
  EXPECT_EQ(KlpRela->sh_entsize, 24u);
  EXPECT_EQ(KlpRela->sh_addralign, 8u);
  EXPECT_EQ(KlpRela->sh_link, uint32_t(Symtab - &(*Sections)[0]));

  auto Syms = cantFail(Obj->symbols(Symtab));
  StringRef Strtab = cantFail(Obj->getStringTableForSymtab(*Symtab));
  std::vector<std::string> Livepatch;
  unsigned Locals = 0;
  for (const auto &S : Syms) {
    if (S.getBinding() == STB_LOCAL)
      ++Locals;
    if (S.st_shndx == SHN_LIVEPATCH) {
      EXPECT_EQ(S.getBinding(), STB_GLOBAL);
      EXPECT_EQ(S.getType(), STT_NOTYPE);
      EXPECT_EQ(S.st_value, 0u);
      Livepatch.push_back(cantFail(S.getName(Strtab)).str());
    }
  }
  EXPECT_EQ(Symtab->sh_info, Locals);
  EXPECT_EQ(Livepatch, (std::vector<std::string>{".klp.sym.vmlinux.nr_foo,0",
                                                 ".klp.sym.vmlinux.nr_bar,2"}));
  for (const auto &R : cantFail(Obj->relas(*KlpRela))) {
    const auto *Sym = cantFail(Obj->getRelocationSymbol(R, Symtab));
    EXPECT_EQ(Sym->st_shndx, SHN_LIVEPATCH);
  }
}

TEST(Convert, DeterministicAndIdempotent) {
  std::vector<uint8_t> In = yamlToElf(ModuleYaml);
  Expected<std::vector<uint8_t>> A = convert(In), B = convert(In);
  ASSERT_TRUE(bool(A) && bool(B));
  EXPECT_EQ(*A, *B);
  ConvertStats Stats;
  Expected<std::vector<uint8_t>> C = convert(*A, &Stats);
  ASSERT_TRUE(bool(C)) << toString(C.takeError());
  EXPECT_FALSE(Stats.Changed);
  EXPECT_EQ(*A, *C);
}

TEST(Convert, RefusesWithoutLivepatchModinfo) {
  std::string Yaml = ModuleYaml;
  size_t Pos = Yaml.find("6c69766570617463683d5900");
  Yaml.replace(Pos, 24, "6c6963656e73653d47504c00"); // license=GPL
  std::vector<uint8_t> In = yamlToElf(Yaml);
  Expected<std::vector<uint8_t>> Out = convert(In);
  ASSERT_FALSE(bool(Out));
  EXPECT_NE(toString(Out.takeError()).find(NoLivepatchEntry),
            std::string::npos);
}

// Random corruption of a valid module: every result is an Error or a
// module that itself converts again; nothing crashes (run it under
// -DKLP_SANITIZE=ON to also catch reads out of bounds).
TEST(Convert, RandomMutationsNeverCrash) {
  std::vector<uint8_t> Base = yamlToElf(ModuleYaml);
  ASSERT_TRUE(bool(convert(Base)));
  std::mt19937_64 Rng(0x6b6c70); // fixed seed: reproducible
  unsigned Errors = 0, Converted = 0;
  for (unsigned Iter = 0; Iter < 20000; ++Iter) {
    std::vector<uint8_t> M = Base;
    unsigned Flips = 1 + Rng() % 8;
    for (unsigned F = 0; F < Flips; ++F) {
      // Half of the flips hit the tail, where yaml2obj puts the section
      // headers, so that indices, offsets and sizes get corrupted often.
      size_t Pos =
          Rng() % 2 ? Rng() % M.size() : M.size() - 1 - Rng() % (M.size() / 4);
      switch (Rng() % 4) {
      case 0:
        M[Pos] ^= 1u << (Rng() % 8);
        break;
      case 1:
        M[Pos] = 0xff;
        break;
      case 2:
        M[Pos] = 0;
        break;
      default:
        M[Pos] = Rng();
      }
    }
    if (Rng() % 8 == 0)
      M.resize(Rng() % M.size());
    Expected<std::vector<uint8_t>> Out = convert(M);
    if (!Out) {
      std::string Msg = toString(Out.takeError());
      EXPECT_EQ(Msg.rfind("module.ko", 0), 0u) << Msg;
      ++Errors;
      continue;
    }
    ++Converted;
    Expected<std::vector<uint8_t>> Again = convert(*Out);
    if (!Again)
      consumeError(Again.takeError());
  }
  EXPECT_GT(Errors, 0u);
  EXPECT_GT(Converted, 0u);
}

// The converter and klp-check validate with one reader (ElfView, at
// ElfChecks::Relocatable and ElfChecks::Module): whatever the converter
// writes, klp-check can read, and whatever klp-check cannot read, the
// converter refuses. Random corruption of a valid module finds the places
// where the two would disagree.
TEST(Convert, AgreesWithCheckOnWhatIsUsable) {
  auto Readable = [](ArrayRef<uint8_t> Bytes, std::string &Why) {
    Expected<CheckReport> R =
        checkModule(MemoryBufferRef(toStringRef(Bytes), "m.ko"), nullptr);
    if (R)
      return true;
    Why = toString(R.takeError());
    return false;
  };
  std::vector<uint8_t> Base = yamlToElf(ModuleYaml);
  std::mt19937_64 Rng(0x61677265); // fixed seed: reproducible
  unsigned Unreadable = 0, Converted = 0;
  for (unsigned Iter = 0; Iter < 20000; ++Iter) {
    std::vector<uint8_t> M = Base;
    for (unsigned F = 0, E = 1 + Rng() % 4; F < E; ++F)
      M[Rng() % M.size()] = Rng();
    std::string Why;
    bool CheckReads = Readable(M, Why);
    Expected<std::vector<uint8_t>> Out = convert(M);
    if (!Out) {
      consumeError(Out.takeError());
      continue;
    }
    ++Converted;
    EXPECT_TRUE(CheckReads) << "converted what klp-check cannot read: " << Why;
    Unreadable += !CheckReads;
    EXPECT_TRUE(Readable(*Out, Why))
        << "wrote what klp-check cannot read: " << Why;
  }
  EXPECT_EQ(Unreadable, 0u);
  EXPECT_GT(Converted, 0u);
}

// A module with the annotations of other tools: a klp-convert v7
// KLP_SYMPOS table for homonym (position 2), described by debug info, and a
// quoted SUSE v3 label, as clang leaves them.
const char *AnnotatedYaml = R"(
--- !ELF
FileHeader:
  Class:   ELFCLASS64
  Data:    ELFDATA2LSB
  Type:    ET_REL
  Machine: EM_X86_64
Sections:
  - Name:  .text
    Type:  SHT_PROGBITS
    Flags: [ SHF_ALLOC, SHF_EXECINSTR ]
    AddressAlign: 16
    Content: "e800000000e800000000c3"
  - Name: .rela.text
    Type: SHT_RELA
    Info: .text
    Relocations:
      - Offset: 1
        Symbol: homonym
        Type:   R_X86_64_PLT32
        Addend: -4
      - Offset: 6
        Symbol: '".klp.sym.rela.vmlinux.vmlinux.foo.cold.3"'
        Type:   R_X86_64_PLT32
        Addend: -4
  - Name:  .klp.module_relocs.vmlinux
    Type:  SHT_PROGBITS
    Flags: [ SHF_ALLOC, SHF_WRITE ]
    AddressAlign: 4
    Content: "000000000000000002000000"
  - Name: .rela.klp.module_relocs.vmlinux
    Type: SHT_RELA
    Info: .klp.module_relocs.vmlinux
    Relocations:
      - Offset: 0
        Symbol: homonym
        Type:   R_X86_64_64
  - Name: .debug_info
    Type: SHT_PROGBITS
    Content: "0000000000000000"
  - Name: .rela.debug_info
    Type: SHT_RELA
    Info: .debug_info
    Relocations:
      - Offset: 0
        Symbol: relocs
        Type:   R_X86_64_64
  - Name: .modinfo
    Type: SHT_PROGBITS
    Flags: [ SHF_ALLOC ]
    Content: "6c69766570617463683d5900"
Symbols:
  - Name:    .text
    Type:    STT_SECTION
    Section: .text
  - Name:    patched_fn
    Type:    STT_FUNC
    Section: .text
    Binding: STB_GLOBAL
  - Name:    relocs
    Type:    STT_OBJECT
    Section: .klp.module_relocs.vmlinux
    Binding: STB_GLOBAL
    Size:    12
  - Name:    homonym
    Binding: STB_GLOBAL
  - Name:    '".klp.sym.rela.vmlinux.vmlinux.foo.cold.3"'
    Binding: STB_GLOBAL
)";

TEST(Convert, AnnotationsAndQuotedLabels) {
  std::vector<uint8_t> In = yamlToElf(AnnotatedYaml);
  ConvertStats Stats;
  Expected<std::vector<uint8_t>> Out = convert(In, &Stats);
  ASSERT_TRUE(bool(Out)) << toString(Out.takeError());
  EXPECT_EQ(Stats.ModuleRelocSymbols, 1u);
  EXPECT_EQ(Stats.SuseSymbols, 1u);
  EXPECT_EQ(Stats.MovedRelocations, 2u);
  EXPECT_EQ(Stats.RemovedSections, 2u);

  StringRef Bytes(reinterpret_cast<const char *>(Out->data()), Out->size());
  auto Obj = object::ELF64LEFile::create(Bytes);
  ASSERT_TRUE(bool(Obj)) << toString(Obj.takeError());
  auto Sections = cantFail(Obj->sections());
  const object::ELF64LE::Shdr *Symtab = nullptr, *DebugRela = nullptr;
  for (const auto &S : Sections) {
    StringRef Name = cantFail(Obj->getSectionName(S));
    EXPECT_FALSE(Name.contains("module_relocs")) << Name.str();
    if (S.sh_type == SHT_SYMTAB)
      Symtab = &S;
    if (Name == ".rela.debug_info")
      DebugRela = &S;
  }
  ASSERT_TRUE(Symtab && DebugRela);
  StringRef Strtab = cantFail(Obj->getStringTableForSymtab(*Symtab));
  std::vector<std::string> Names;
  for (const auto &S : cantFail(Obj->symbols(Symtab))) {
    StringRef Name = cantFail(S.getName(Strtab));
    EXPECT_NE(Name, "relocs");
    if (S.st_shndx == SHN_LIVEPATCH)
      Names.push_back(Name.str());
  }
  EXPECT_EQ(Names, (std::vector<std::string>{".klp.sym.vmlinux.homonym,2",
                                             ".klp.sym.vmlinux.foo.cold,3"}));
  // The debug reference to the removed table writes nothing now.
  auto DebugRelocs = cantFail(Obj->relas(*DebugRela));
  ASSERT_EQ(DebugRelocs.size(), 1u);
  EXPECT_EQ(DebugRelocs[0].getType(false), unsigned(R_X86_64_NONE));
  EXPECT_EQ(DebugRelocs[0].getSymbol(false), 0u);

  // Idempotent.
  Expected<std::vector<uint8_t>> Again = convert(*Out, &Stats);
  ASSERT_TRUE(bool(Again)) << toString(Again.takeError());
  EXPECT_FALSE(Stats.Changed);
}

TEST(Convert, AnnotationsRandomMutationsNeverCrash) {
  std::vector<uint8_t> Base = yamlToElf(AnnotatedYaml);
  ASSERT_TRUE(bool(convert(Base)));
  std::mt19937_64 Rng(0x763743); // fixed seed: reproducible
  unsigned Errors = 0, Converted = 0;
  for (unsigned Iter = 0; Iter < 5000; ++Iter) {
    std::vector<uint8_t> M = Base;
    for (unsigned F = 0, E = 1 + Rng() % 4; F < E; ++F)
      M[Rng() % M.size()] = Rng();
    Expected<std::vector<uint8_t>> Out = convert(M);
    if (!Out) {
      std::string Msg = toString(Out.takeError());
      EXPECT_EQ(Msg.rfind("module.ko", 0), 0u) << Msg;
      ++Errors;
      continue;
    }
    ++Converted;
    Expected<std::vector<uint8_t>> Again = convert(*Out);
    if (!Again)
      consumeError(Again.takeError());
  }
  EXPECT_GT(Errors, 0u);
  EXPECT_GT(Converted, 0u);
}

TEST(Arch, TablesAreConsistent) {
  for (const ArchInfo *A : allArchInfos()) {
    SCOPED_TRACE(A->Name.str());
    EXPECT_EQ(getArchInfo(A->Machine), A);
    ASSERT_NE(A->find(A->NoneType), nullptr);
    ASSERT_NE(A->find(A->Abs64Type), nullptr);
    EXPECT_TRUE(A->find(A->Abs64Type)->LoaderApplies);
    EXPECT_EQ(A->find(A->Abs64Type)->Size, 8u);
    DenseSet<uint32_t> Seen;
    bool HasCall = false;
    for (const RelocInfo &R : A->Relocs) {
      EXPECT_TRUE(Seen.insert(R.Type).second) << R.Name.str();
      EXPECT_LE(R.Size, 8u) << R.Name.str();
      EXPECT_EQ(A->relocName(R.Type), R.Name.str());
      HasCall |= R.IsCall && R.LoaderApplies;
    }
    EXPECT_TRUE(HasCall);
    EXPECT_NE(A->relocName(0xdead).find("unknown"), std::string::npos);
  }
  EXPECT_TRUE(getArchInfo(EM_X86_64)->TargetsMustBeZero);
  EXPECT_TRUE(getArchInfo(EM_PPC64)->CallsNeedNop);
  EXPECT_EQ(getArchInfo(EM_PPC64)->NopInsn, 0x60000000u);
  EXPECT_FALSE(getArchInfo(EM_S390)->LittleEndian);
  EXPECT_EQ(getArchInfo(EM_RISCV), nullptr);
  // The x86 loader's list (arch/x86/kernel/module.c), and nothing else.
  unsigned Applied = 0;
  for (const RelocInfo &R : getArchInfo(EM_X86_64)->Relocs)
    Applied += R.LoaderApplies;
  EXPECT_EQ(Applied, 7u);
}

} // namespace
