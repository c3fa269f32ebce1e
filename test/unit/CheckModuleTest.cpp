//===- test/unit/CheckModuleTest.cpp - klpCheck on in-memory modules ------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// checkModule() as klp-ld calls it: diagnostics come back as data, and no
// input, however broken, crashes it (run this under -DKLP_SANITIZE=ON).
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Check.h"

#include "llvm/ObjectYAML/yaml2obj.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/YAMLTraits.h"

#include "gtest/gtest.h"

#include <string>

using namespace klp;
using namespace llvm;

namespace {

/// lp_func calls foo (vmlinux, through .klp.rela.vmlinux.text) and _printk
/// (exported); @NORMALSYM@ names the symbol of the two ordinary relocations.
const char *ModuleYaml = R"(
--- !ELF
FileHeader:
  Class:   ELFCLASS64
  Data:    ELFDATA2LSB
  Type:    ET_REL
  Machine: EM_X86_64
Sections:
  - Name:    .text
    Type:    SHT_PROGBITS
    Flags:   [ SHF_ALLOC, SHF_EXECINSTR ]
    Content: e800000000e800000000e800000000c3
  - Name:    .rela.text
    Type:    SHT_RELA
    Flags:   [ SHF_INFO_LINK ]
    Link:    .symtab
    Info:    .text
    Relocations:
      - Offset: 0x6
        Symbol: '@NORMALSYM@'
        Type:   R_X86_64_PLT32
        Addend: -4
      - Offset: 0xb
        Symbol: '@NORMALSYM@'
        Type:   R_X86_64_PLT32
        Addend: -4
  - Name:         .klp.rela.vmlinux.text
    Type:         SHT_RELA
    ShFlags:      0x100042
    Link:         .symtab
    Info:         .text
    AddressAlign: 8
    Relocations:
      - Offset: 0x1
        Symbol: '.klp.sym.vmlinux.foo,0'
        Type:   R_X86_64_PLT32
        Addend: -4
  - Name:    .modinfo
    Type:    SHT_PROGBITS
    Flags:   [ SHF_ALLOC ]
    Content: '@MODINFO@'
  - Name:    .gnu.linkonce.this_module
    Type:    SHT_PROGBITS
    Flags:   [ SHF_WRITE, SHF_ALLOC ]
    Size:    0x40
Symbols:
  - Name:    lp_func
    Type:    STT_FUNC
    Section: .text
  - Name:    _printk
    Binding: STB_GLOBAL
  - Name:    '.klp.sym.vmlinux.foo,0'
    Index:   @KLPINDEX@
    Binding: STB_GLOBAL
)";

// "livepatch=Y\0name=lp_unit\0"
const char *ModinfoWithName =
    "6c69766570617463683d59006e616d653d6c705f756e697400";
// "livepatch=Y\0"
const char *ModinfoWithoutName = "6c69766570617463683d5900";

std::string replaceAll(std::string S, StringRef From, StringRef To) {
  for (size_t Pos = S.find(From.str()); Pos != std::string::npos;
       Pos = S.find(From.str(), Pos + To.size()))
    S.replace(Pos, From.size(), To.str());
  return S;
}

std::string makeModule(StringRef NormalSym = "_printk",
                       StringRef KlpIndex = "0xff20",
                       StringRef Modinfo = ModinfoWithName) {
  std::string Yaml = replaceAll(ModuleYaml, "@NORMALSYM@", NormalSym);
  Yaml = replaceAll(Yaml, "@KLPINDEX@", KlpIndex);
  Yaml = replaceAll(Yaml, "@MODINFO@", Modinfo);
  std::string Elf;
  raw_string_ostream OS(Elf);
  yaml::Input In(Yaml);
  bool Converted = yaml::convertYAML(
      In, OS, [](const Twine &Msg) { ADD_FAILURE() << Msg.str(); });
  EXPECT_TRUE(Converted);
  OS.flush();
  return Elf;
}

Expected<CheckReport> check(StringRef Bytes, StringRef Name = "lp.ko") {
  // A fresh, suitably aligned buffer of exactly these bytes: ASan sees any
  // read past its end.
  std::unique_ptr<MemoryBuffer> Buffer =
      MemoryBuffer::getMemBufferCopy(Bytes, Name);
  return checkModule(Buffer->getMemBufferRef(), nullptr);
}

TEST(CheckModule, CleanModulePasses) {
  Expected<CheckReport> R = check(makeModule());
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  EXPECT_TRUE(R->passed());
  EXPECT_EQ(R->warningCount(), 0u);
  EXPECT_EQ(R->ModuleName, "lp_unit");
  EXPECT_EQ(R->Arch, "x86_64");
}

TEST(CheckModule, DiagnosticsAreData) {
  // The livepatch symbol left undefined: two rules fire.
  Expected<CheckReport> R = check(makeModule("_printk", "0"));
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  EXPECT_FALSE(R->passed());
  ASSERT_EQ(R->Diagnostics.size(), 2u);
  const Diagnostic &D = R->Diagnostics[0];
  EXPECT_EQ(D.Level, Severity::Error);
  EXPECT_EQ(D.Rule, "klp-sym-not-livepatch");
  EXPECT_EQ(D.Section, ".klp.rela.vmlinux.text");
  EXPECT_EQ(D.Symbol, ".klp.sym.vmlinux.foo,0");
  ASSERT_TRUE(D.Offset.has_value());
  EXPECT_EQ(*D.Offset, 1u);
  EXPECT_EQ(D.Kernel, "livepatch: symbol .klp.sym.vmlinux.foo,0 is not "
                      "marked as a livepatch symbol");
  EXPECT_FALSE(D.Fix.empty());
  EXPECT_EQ(R->Diagnostics[1].Rule, "unconverted-klp-symbol");
  EXPECT_EQ(R->Diagnostics[1].Kernel,
            "lp_unit: Unknown symbol .klp.sym.vmlinux.foo,0 (err -2)");
}

TEST(CheckModule, FoldsRepeatedFindings) {
  // Both ordinary relocations use the livepatch symbol: one finding, twice.
  Expected<CheckReport> R = check(makeModule(".klp.sym.vmlinux.foo,0"));
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  ASSERT_EQ(R->Diagnostics.size(), 1u);
  const Diagnostic &D = R->Diagnostics[0];
  EXPECT_EQ(D.Rule, "livepatch-symbol-in-module-reloc");
  EXPECT_EQ(D.Count, 2u);
  EXPECT_EQ(*D.Offset, 6u);

  std::string Text;
  raw_string_ostream OS(Text);
  printReport(OS, "lp.ko", *R);
  EXPECT_NE(OS.str().find("[livepatch-symbol-in-module-reloc] (2 times)\n"),
            std::string::npos)
      << Text;
}

TEST(CheckModule, NameFromFileWithoutModinfoName) {
  Expected<CheckReport> R =
      check(makeModule("_printk", "0xff20", ModinfoWithoutName),
            "build/livepatch-fix.ko");
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  EXPECT_EQ(R->ModuleName, "livepatch_fix");
}

TEST(CheckModule, NotElfIsAnError) {
  for (StringRef Bytes : {StringRef(""), StringRef("\x7f"), StringRef("ELF"),
                          StringRef("\x7f"
                                    "ELF\x01\x01\x01",
                                    7)}) {
    Expected<CheckReport> R = check(Bytes);
    EXPECT_FALSE(bool(R));
    consumeError(R.takeError());
  }
}

// Every prefix of a real module: an error or a report, never a crash and
// never a read past the end.
TEST(CheckModule, SurvivesEveryTruncation) {
  std::string Elf = makeModule();
  unsigned Errors = 0;
  for (size_t Len = 0; Len < Elf.size(); ++Len) {
    Expected<CheckReport> R = check(StringRef(Elf).take_front(Len));
    if (!R) {
      ++Errors;
      consumeError(R.takeError());
    }
  }
  // The section header table is at the end: every prefix is unusable.
  EXPECT_EQ(Errors, Elf.size());
}

// Every single corrupted byte, in the headers and in the data.
TEST(CheckModule, SurvivesEveryByteFlip) {
  std::string Elf = makeModule();
  unsigned Usable = 0;
  for (size_t I = 0; I < Elf.size(); ++I)
    for (unsigned char Value : {0x00, 0xff, 0x7f}) {
      std::string Bad = Elf;
      Bad[I] = Value;
      Expected<CheckReport> R = check(Bad);
      if (R)
        ++Usable;
      else
        consumeError(R.takeError());
    }
  EXPECT_GT(Usable, 0u);
}

// Several corrupted bytes at once, from a fixed-seed generator so that a
// failure reproduces.
TEST(CheckModule, SurvivesRandomCorruption) {
  std::string Elf = makeModule();
  uint64_t State = 0x9e3779b97f4a7c15ull;
  auto Next = [&State] {
    State = State * 6364136223846793005ull + 1442695040888963407ull;
    return State >> 33;
  };
  for (unsigned Round = 0; Round < 5000; ++Round) {
    std::string Bad = Elf;
    for (unsigned K = 0, N = 1 + Next() % 8; K < N; ++K)
      Bad[Next() % Bad.size()] = static_cast<char>(Next());
    Expected<CheckReport> R = check(Bad);
    if (!R)
      consumeError(R.takeError());
  }
}

} // namespace
