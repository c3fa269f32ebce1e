//===- test/unit/CheckKernelScanTest.cpp - livepatch names, kernel-read ---===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// klp-check must read .klp.rela/.klp.sym names exactly as the kernel's
// sscanf() does, including what the kernel accepts that klp-llvm would never
// write.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/KernelScan.h"

#include "gtest/gtest.h"

#include <string>

using namespace klp::check;
using namespace llvm;

namespace {

TEST(CheckKernelScan, RelaNames) {
  KernelRelaName R = scanKlpRelaName(".klp.rela.vmlinux.text");
  EXPECT_EQ(R.Converted, 1u);
  EXPECT_EQ(R.Object, "vmlinux");
  EXPECT_FALSE(R.ObjectCut);

  // kpatch's double dot: the object still ends at the first dot.
  R = scanKlpRelaName(".klp.rela.ext4..text.ext4_iget");
  EXPECT_EQ(R.Converted, 1u);
  EXPECT_EQ(R.Object, "ext4");

  // The kernel only needs the object.
  EXPECT_EQ(scanKlpRelaName(".klp.rela.vmlinux").Converted, 1u);

  for (const char *Bad : {"", ".klp.rela.", ".klp.rela..text", ".klp.relb.x.y",
                          ".klp.rel", ".rela.text"})
    EXPECT_EQ(scanKlpRelaName(Bad).Converted, 0u) << Bad;
}

TEST(CheckKernelScan, RelaObjectWidth) {
  std::string Obj55(55, 'm');
  KernelRelaName R = scanKlpRelaName(".klp.rela." + Obj55 + ".text");
  EXPECT_EQ(R.Converted, 1u);
  EXPECT_FALSE(R.ObjectCut);
  EXPECT_EQ(R.Object, Obj55);

  R = scanKlpRelaName(".klp.rela." + Obj55 + "x.text");
  EXPECT_EQ(R.Converted, 1u);
  EXPECT_TRUE(R.ObjectCut);
  EXPECT_EQ(R.Object, Obj55);
}

TEST(CheckKernelScan, SymNames) {
  KernelSymName S = scanKlpSymName(".klp.sym.vmlinux.foo.isra.0,2");
  EXPECT_EQ(S.Converted, 3u);
  EXPECT_EQ(S.Object, "vmlinux");
  EXPECT_EQ(S.Name, "foo.isra.0");
  EXPECT_EQ(S.SymPos, 2u);
  EXPECT_TRUE(S.Trailing.empty());

  struct Case {
    const char *Name;
    unsigned Converted;
  } Cases[] = {
      {"", 0},
      {"foo", 0},
      {".klp.sym.", 0},
      {".klp.sym..foo,0", 0},     // empty object
      {".klp.sym.vmlinux", 1},    // no '.'
      {".klp.sym.vmlinux.", 1},   // nothing after it
      {".klp.sym.vmlinux.,0", 1}, // empty symbol
      {".klp.sym.vmlinux.foo", 2},
      {".klp.sym.vmlinux.foo,", 2},
      {".klp.sym.vmlinux.foo,x", 2},
      {".klp.sym.vmlinux.foo,+1", 2},
      {".klp.sym.vmlinux.foo,-1", 2},
      {".klp.sym.vmlinux.foo,bar,1", 2}, // the symbol stops at ','
  };
  for (const Case &C : Cases)
    EXPECT_EQ(scanKlpSymName(C.Name).Converted, C.Converted) << C.Name;
}

TEST(CheckKernelScan, SymPosLikeTheKernel) {
  // White space before the digits is skipped, the kernel's 0xa0 included.
  KernelSymName S = scanKlpSymName(".klp.sym.vmlinux.foo, \t7");
  EXPECT_EQ(S.Converted, 3u);
  EXPECT_EQ(S.SymPos, 7u);
  S = scanKlpSymName(".klp.sym.vmlinux.foo,\xa0"
                     "3");
  EXPECT_EQ(S.Converted, 3u);
  EXPECT_EQ(S.SymPos, 3u);

  // Digits, then anything: ignored.
  S = scanKlpSymName(".klp.sym.vmlinux.foo,12abc");
  EXPECT_EQ(S.Converted, 3u);
  EXPECT_EQ(S.SymPos, 12u);
  EXPECT_EQ(S.Trailing, "abc");

  // simple_strtoul() wraps.
  S = scanKlpSymName(".klp.sym.vmlinux.foo,18446744073709551617");
  EXPECT_EQ(S.Converted, 3u);
  EXPECT_EQ(S.SymPos, 1u);

  // The kernel sees the name up to its NUL.
  S = scanKlpSymName(StringRef(".klp.sym.vmlinux.foo,1\0"
                               "9",
                               24));
  EXPECT_EQ(S.SymPos, 1u);
  EXPECT_TRUE(S.Trailing.empty());
}

TEST(CheckKernelScan, SymFieldWidths) {
  std::string Obj55(55, 'o'), Name511(511, 'n');
  KernelSymName S = scanKlpSymName(".klp.sym." + Obj55 + "." + Name511 + ",1");
  EXPECT_EQ(S.Converted, 3u);
  EXPECT_FALSE(S.ObjectTooLong);
  EXPECT_FALSE(S.NameTooLong);

  S = scanKlpSymName(".klp.sym." + Obj55 + "o.f,1");
  EXPECT_EQ(S.Converted, 1u);
  EXPECT_TRUE(S.ObjectTooLong);

  S = scanKlpSymName(".klp.sym.vmlinux." + Name511 + "n,1");
  EXPECT_EQ(S.Converted, 2u);
  EXPECT_TRUE(S.NameTooLong);
  EXPECT_EQ(S.Name.size(), 511u);
}

} // namespace
