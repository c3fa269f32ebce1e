//===- test/unit/ManifestInputsTest.cpp - Text readers from memory --------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The kallsyms dump and Module.symvers readers take a buffer as well as a
// path (the fuzz targets use it): the same parse, messages naming the
// buffer's identifier, and the text kept alive by the builder.
//
//===----------------------------------------------------------------------===//

#include "manifest/ManifestInputs.h"
#include "manifest/Manifest.h"
#include "manifest/ManifestBuilder.h"

#include "llvm/Support/MemoryBuffer.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace llvm;
using namespace klp;

namespace {

/// A buffer that owns a copy of \p Text, so that the test's string may go.
std::unique_ptr<MemoryBuffer> buffer(StringRef Text, StringRef Name) {
  return MemoryBuffer::getMemBufferCopy(Text, Name);
}

std::unique_ptr<Manifest> build(const ManifestBuilder &B) {
  Expected<std::vector<uint8_t>> Bytes = B.serialize();
  EXPECT_TRUE(bool(Bytes)) << toString(Bytes.takeError());
  if (!Bytes)
    return nullptr;
  Expected<std::unique_ptr<Manifest>> M =
      Manifest::open(MemoryBuffer::getMemBufferCopy(
          StringRef(reinterpret_cast<const char *>(Bytes->data()),
                    Bytes->size()),
          "m.klpm"));
  EXPECT_TRUE(bool(M)) << toString(M.takeError());
  return M ? std::move(*M) : nullptr;
}

TEST(ManifestInputs, KallsymsFromMemory) {
  ManifestBuilder B;
  {
    std::string Text = "ffffffff81000000 T _stext\n"
                       "ffffffff81001000 t cmp\n"
                       "ffffffff81002000 t cmp\n"
                       "ffffffffc0001000 t cmp\t[ext4]\n";
    ASSERT_FALSE(errorToBool(readKallsymsDump(buffer(Text, "dump"), B)));
  } // The names now live in the builder's copy only.
  std::unique_ptr<Manifest> M = build(B);
  ASSERT_TRUE(M);
  Expected<SmallVector<ManifestSymbol, 4>> Cmp = M->lookup("cmp");
  ASSERT_TRUE(bool(Cmp)) << toString(Cmp.takeError());
  ASSERT_EQ(Cmp->size(), 3u);
  EXPECT_EQ((*Cmp)[1].Object, "vmlinux");
  EXPECT_EQ((*Cmp)[1].Position, 2u);
  EXPECT_EQ((*Cmp)[2].Object, "ext4");
}

TEST(ManifestInputs, KallsymsErrorsNameTheBuffer) {
  ManifestBuilder B;
  Error E = readKallsymsDump(
      buffer("ffffffff81000000 T a\nnot-hex T b\n", "my-dump"), B);
  EXPECT_EQ(toString(std::move(E)),
            "my-dump:2: expected 'ADDRESS TYPE NAME [MODULE]': 'not-hex' is "
            "not a hexadecimal address");
}

TEST(ManifestInputs, SymversFromMemory) {
  ManifestBuilder B;
  ASSERT_FALSE(errorToBool(
      readKallsymsDump(buffer("ffffffff81000000 T foo\n", "dump"), B)));
  ASSERT_FALSE(errorToBool(readModuleSymvers(
      buffer("0x1\tfoo\tvmlinux\tEXPORT_SYMBOL_GPL\t\n", "symvers"), B)));
  std::unique_ptr<Manifest> M = build(B);
  ASSERT_TRUE(M);
  Expected<SmallVector<ManifestSymbol, 4>> Foo = M->lookup("foo");
  ASSERT_TRUE(bool(Foo)) << toString(Foo.takeError());
  ASSERT_EQ(Foo->size(), 1u);
  EXPECT_TRUE((*Foo)[0].Exported);
  EXPECT_TRUE((*Foo)[0].ExportedGpl);
}

TEST(ManifestInputs, SymversErrorsNameTheBuffer) {
  ManifestBuilder B;
  Error E = readModuleSymvers(buffer("0x1\tfoo\tvmlinux\n", "my-symvers"), B);
  EXPECT_EQ(toString(std::move(E)),
            "my-symvers:1: expected 'CRC<TAB>SYMBOL<TAB>OBJECT<TAB>"
            "EXPORT_SYMBOL[_GPL]<TAB>NAMESPACE': 3 tab-separated fields");
}

} // namespace
