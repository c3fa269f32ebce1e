//===- test/unit/LabelTest.cpp - Livepatch labels in symbol names ---------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "format/KlpFormat.h"

#include "gtest/gtest.h"

using namespace klp;
using namespace llvm;

namespace {

KlpLabel parseOk(StringRef Name) {
  Expected<KlpLabel> L = parseKlpLabel(Name);
  EXPECT_TRUE(bool(L)) << Name.str() << ": " << toString(L.takeError());
  return L ? *L : KlpLabel();
}

std::string parseError(StringRef Name) {
  Expected<KlpLabel> L = parseKlpLabel(Name);
  EXPECT_FALSE(bool(L)) << Name.str();
  return L ? std::string() : toString(L.takeError());
}

TEST(KlpLabel, Unquote) {
  EXPECT_EQ(unquoteLabel("\".klp.sym.vmlinux.foo,0\""),
            ".klp.sym.vmlinux.foo,0");
  EXPECT_EQ(unquoteLabel(".klp.sym.vmlinux.foo,0"), ".klp.sym.vmlinux.foo,0");
  // Only a pair of quotes around the whole name is taken off.
  EXPECT_EQ(unquoteLabel("\".klp.sym"), "\".klp.sym");
  EXPECT_EQ(unquoteLabel(".klp.sym\""), ".klp.sym\"");
  EXPECT_EQ(unquoteLabel("\""), "\"");
  EXPECT_EQ(unquoteLabel("\"\""), "");
  EXPECT_EQ(unquoteLabel(""), "");
  EXPECT_TRUE(isKlpLabel("\".klp.sym.rela.a.b.c,0\""));
  EXPECT_TRUE(isKlpLabel(".klp.sym.vmlinux.foo,0"));
  EXPECT_FALSE(isKlpLabel("\"foo\""));
  EXPECT_FALSE(isKlpLabel(".klp.symbols"));
}

TEST(KlpLabel, KlpSymForms) {
  KlpLabel L = parseOk(".klp.sym.vmlinux.foo.isra.0,2");
  EXPECT_EQ(L.Kind, KlpLabel::Form::KlpSym);
  EXPECT_FALSE(L.Quoted);
  EXPECT_EQ(L.Target, (KernelSymbolRef{"vmlinux", "foo.isra.0", 2}));
  EXPECT_TRUE(L.LivepatchObject.empty());
  L = parseOk("\".klp.sym.ext4.ext4_fill_super,0\"");
  EXPECT_TRUE(L.Quoted);
  EXPECT_EQ(L.Target, (KernelSymbolRef{"ext4", "ext4_fill_super", 0}));
}

TEST(KlpLabel, SuseV2) {
  KlpLabel L = parseOk(".klp.sym.rela.ext4.jbd2.jbd2_start,3");
  EXPECT_EQ(L.Kind, KlpLabel::Form::SuseV2);
  EXPECT_EQ(L.LivepatchObject, "ext4");
  EXPECT_EQ(L.Target, (KernelSymbolRef{"jbd2", "jbd2_start", 3}));
  // The reproduction of the quoted label clang keeps.
  L = parseOk("\".klp.sym.rela.vmlinux.vmlinux.saved_command_line,0\"");
  EXPECT_TRUE(L.Quoted);
  EXPECT_EQ(L.Kind, KlpLabel::Form::SuseV2);
  EXPECT_EQ(formatKlpSymbolName(L.Target),
            ".klp.sym.vmlinux.saved_command_line,0");
  // Dots in a v2 name stay in the name.
  L = parseOk(".klp.sym.rela.vmlinux.vmlinux.foo.isra.0,1");
  EXPECT_EQ(L.Target, (KernelSymbolRef{"vmlinux", "foo.isra.0", 1}));
}

TEST(KlpLabel, SuseV3) {
  KlpLabel L = parseOk(".klp.sym.rela.vmlinux.vmlinux.printk_helper.0");
  EXPECT_EQ(L.Kind, KlpLabel::Form::SuseV3);
  EXPECT_EQ(L.LivepatchObject, "vmlinux");
  EXPECT_EQ(L.Target, (KernelSymbolRef{"vmlinux", "printk_helper", 0}));
  // The position is after the last dot, whatever the name holds.
  L = parseOk(".klp.sym.rela.vmlinux.vmlinux.foo.isra.0.1");
  EXPECT_EQ(L.Target, (KernelSymbolRef{"vmlinux", "foo.isra.0", 1}));
  L = parseOk("\".klp.sym.rela.ext4.ext4.ext4_iget.cold.12\"");
  EXPECT_TRUE(L.Quoted);
  EXPECT_EQ(L.Kind, KlpLabel::Form::SuseV3);
  EXPECT_EQ(L.Target, (KernelSymbolRef{"ext4", "ext4_iget.cold", 12}));
  // The library entry point reads both versions too.
  std::string Lp;
  Expected<KernelSymbolRef> R =
      parseSuseKlpSymbolName(".klp.sym.rela.lp.ext4.ext4_foo.7", &Lp);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  EXPECT_EQ(Lp, "lp");
  EXPECT_EQ(*R, (KernelSymbolRef{"ext4", "ext4_foo", 7}));
}

TEST(KlpLabel, ErrorsNameTheLabel) {
  struct Case {
    const char *Name;
    const char *Why;
  } Cases[] = {
      {".klp.sym.rela.vmlinux.vmlinux.foo", "no ',<sympos>' or '.<sympos>'"},
      {".klp.sym.rela.vmlinux.vmlinux.foo.", "sympos '' is not a decimal"},
      {".klp.sym.rela.vmlinux.vmlinux.foo.cold", "sympos 'cold'"},
      {".klp.sym.rela.vmlinux.vmlinux..0", "empty symbol name"},
      {".klp.sym.rela.vmlinux.vmlinux.foo,x", "sympos 'x'"},
      {".klp.sym.rela.vmlinux.vmlinux.foo,", "sympos ''"},
      {".klp.sym.rela.vmlinux.vmlinux.foo.99999999999999999999",
       "not a decimal"},
      {".klp.sym.rela.vmlinux", "is malformed: expected"},
      {".klp.sym.rela..vmlinux.foo.0", "is malformed: expected"},
      {".klp.sym.rela.vmlinux..foo.0", "no object name"},
      {".klp.sym.rela.vmlinux.vmlinux.a b.0", "comma or a space"},
      {"\".klp.sym.rela.vmlinux.vmlinux.foo\"", "no ',<sympos>'"},
      {"\".klp.sym.vmlinux.foo\"", "no ',<sympos>'"},
      {".klp.sym.vmlinux.foo.0", "no ',<sympos>'"},
      {"foo", "is not a .klp.sym name"},
  };
  for (const Case &C : Cases) {
    std::string Msg = parseError(C.Name);
    EXPECT_NE(Msg.find(C.Name), std::string::npos) << Msg;
    EXPECT_NE(Msg.find(C.Why), std::string::npos) << Msg;
  }
  std::string Long(56, 'p');
  std::string Msg = parseError(".klp.sym.rela." + Long + ".vmlinux.foo.0");
  EXPECT_NE(Msg.find("livepatch object name is unusable"), std::string::npos)
      << Msg;
}

} // namespace
