//===- test/unit/ElfModuleTest.cpp - The ELF model and .modinfo -----------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "lld-ext/elf/ElfModule.h"
#include "lld-ext/elf/Modinfo.h"

#include "llvm/ObjectYAML/yaml2obj.h"
#include "llvm/Support/YAMLTraits.h"

#include "gtest/gtest.h"

using namespace klp;
using namespace llvm;

namespace {

std::string yamlToElf(StringRef Yaml) {
  std::string Out;
  raw_string_ostream OS(Out);
  yaml::Input YIn(Yaml);
  EXPECT_TRUE(yaml::convertYAML(
      YIn, OS, [](const Twine &Msg) { ADD_FAILURE() << Msg.str(); }));
  OS.flush();
  return Out;
}

// kernel/module/main.c get_modinfo(): the first "tag=value" whose text
// before '=' is the tag.
TEST(Modinfo, FindsEntriesAsTheKernelDoes) {
  using namespace std::string_literals;
  EXPECT_EQ(findModinfoEntry("license=GPL\0livepatch=1\0"s, "livepatch"),
            StringRef("1"));
  EXPECT_EQ(findModinfoEntry("name=a\0name=b\0"s, "name"), StringRef("a"));
  EXPECT_EQ(findModinfoEntry("\0\0livepatch=\0"s, "livepatch"), StringRef(""));
  EXPECT_EQ(findModinfoEntry("livepatch=Y"s, "livepatch"), StringRef("Y"));
  EXPECT_FALSE(findModinfoEntry("livepatch\0"s, "livepatch"));
  EXPECT_FALSE(findModinfoEntry("livepatchX=Y\0"s, "livepatch"));
  EXPECT_FALSE(findModinfoEntry("xlivepatch=Y\0"s, "livepatch"));
  EXPECT_TRUE(hasLivepatchEntry("livepatch=N\0"s));
  EXPECT_FALSE(hasLivepatchEntry(""));
}

const char *ModuleYaml = R"(
--- !ELF
FileHeader:
  Class:   ELFCLASS64
  Data:    ELFDATA2MSB
  Type:    ET_REL
  Machine: EM_S390
Sections:
  - Name:    .text
    Type:    SHT_PROGBITS
    Flags:   [ SHF_ALLOC, SHF_EXECINSTR ]
    Content: "0000000000000000"
  - Name:    .rela.text
    Type:    SHT_RELA
    Info:    .text
    Relocations:
      - Offset: 2
        Symbol: ext
        Type:   0x13 # R_390_PC32DBL
        Addend: 2
  - Name:    .modinfo
    Type:    SHT_PROGBITS
    Flags:   [ SHF_ALLOC ]
    # "license=GPL\0"
    Content: 6c6963656e73653d47504c00
  - Name:    .gnu.linkonce.this_module
    Type:    SHT_PROGBITS
    Flags:   [ SHF_ALLOC, SHF_WRITE ]
    # struct module: 24 (64-bit) or 12 (32-bit) bytes, then "snd-pcm".
    Content: 000000000000000000000000000000000000000000000000736e642d70636d00
Symbols:
  - Name:    f.c
    Type:    STT_FILE
    Index:   SHN_ABS
  - Name:    helper
    Section: .text
  - Name:    ext
    Binding: STB_GLOBAL
)";

TEST(ElfModule, ReadsWhatTheLevelValidates) {
  std::string Bytes = yamlToElf(ModuleYaml);
  Expected<ElfModule> M = ElfModule::read("m.ko", Bytes, ElfChecks::Module);
  ASSERT_TRUE(bool(M)) << toString(M.takeError());
  EXPECT_TRUE(M->is64());
  EXPECT_FALSE(M->isLittleEndian());
  ASSERT_EQ(M->symbols().size(), 4u);
  EXPECT_TRUE(M->symbols()[1].isSpecial(ELF::SHN_ABS));
  EXPECT_EQ(M->sectionOf(M->symbols()[2]), M->findSection(".text"));
  EXPECT_EQ(M->sourceFiles()[2], "f.c");
  EXPECT_EQ(M->sourceFiles()[3], ""); // a global has no file
  ASSERT_EQ(M->relocSections().size(), 1u);
  const ElfModuleReloc &R = M->relocSections()[0].Relocs[0];
  EXPECT_EQ(R.Offset, 2u);
  EXPECT_EQ(R.Symbol, 3u);
  EXPECT_EQ(R.Addend, 2);
  EXPECT_EQ(M->readValue(*M->findSection(".modinfo"), 0, 4), 0x6c696365u);
  EXPECT_EQ(kernelModuleName(*M), StringRef("snd-pcm"));
  EXPECT_FALSE(hasLivepatchEntry(*M));

  // Below ElfChecks::Module nobody reads relocations.
  Expected<ElfModule> S = ElfModule::read("m.ko", Bytes, ElfChecks::Symbols);
  ASSERT_TRUE(bool(S)) << toString(S.takeError());
  EXPECT_TRUE(S->relocSections().empty());
  Expected<ElfModule> H = ElfModule::read("m.ko", Bytes, ElfChecks::Sections);
  ASSERT_TRUE(bool(H)) << toString(H.takeError());
  EXPECT_TRUE(H->symbols().empty());
  EXPECT_TRUE(H->findSection(".modinfo"));
}

// klp-manifest reads any kernel's symbols; a livepatch module is ELF64.
TEST(ElfModule, Elf32OnlyBelowModule) {
  std::string Yaml = ModuleYaml;
  Yaml.replace(Yaml.find("ELFCLASS64"), 10, "ELFCLASS32");
  // struct module's name at offset 12.
  Yaml.replace(Yaml.find("000000000000000000000000736e"), 24, "");
  std::string Bytes = yamlToElf(Yaml);
  Expected<ElfModule> M = ElfModule::read("m.ko", Bytes, ElfChecks::Symbols);
  ASSERT_TRUE(bool(M)) << toString(M.takeError());
  EXPECT_FALSE(M->is64());
  EXPECT_EQ(M->symbols().size(), 4u);
  EXPECT_EQ(kernelModuleName(*M), StringRef("snd-pcm"));
  Expected<ElfModule> Module =
      ElfModule::read("m.ko", Bytes, ElfChecks::Module);
  ASSERT_FALSE(bool(Module));
  EXPECT_EQ(
      toString(Module.takeError()).rfind("m.ko: not a 64-bit ELF file", 0), 0u);
}

} // namespace
