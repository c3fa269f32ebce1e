//===- test/unit/ManifestTest.cpp - Manifest reader and writer ------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Round trips through ManifestBuilder and Manifest, and what the reader does
// with truncated and corrupted files: every damaged file must be refused by
// open() or by verify(), and lookups on whatever open() accepts must stay
// inside the file (run these under -DKLP_SANITIZE=ON to check that).
//
//===----------------------------------------------------------------------===//

#include "manifest/Manifest.h"
#include "manifest/ManifestBuilder.h"
#include "manifest/ManifestFormat.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace llvm;
using namespace klp;
namespace mf = klp::manifest_format;

namespace {

class ManifestTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(sys::fs::createUniqueDirectory("klp-manifest-test", Dir));
  }
  void TearDown() override { sys::fs::remove_directories(Dir); }

  std::string path(StringRef Name) const {
    SmallString<128> P(Dir);
    sys::path::append(P, Name);
    return std::string(P);
  }

  std::string write(StringRef Name, ArrayRef<uint8_t> Bytes) const {
    std::string P = path(Name);
    std::error_code EC;
    raw_fd_ostream OS(P, EC);
    EXPECT_FALSE(EC);
    OS.write(reinterpret_cast<const char *>(Bytes.data()), Bytes.size());
    return P;
  }

  /// vmlinux with duplicates, two modules (one with a load-order-dependent
  /// symbol), and exports, one of a module kallsyms did not show.
  static std::vector<uint8_t> sample() {
    ManifestBuilder B;
    ObjectSymbols V;
    V.Object = "vmlinux";
    V.Source = "test";
    V.Symbols = {{"startup_64", "", 'T', false},
                 {"cmp", "fs/proc/uptime.c", 't', false},
                 {"nr_processes", "", 'T', false},
                 {"cmp", "fs/proc/version.c", 't', false},
                 {"__key.0", "kernel/fork.c", 'd', false},
                 {"saved_command_line", "", 'B', false}};
    ObjectSymbols E;
    E.Object = "ext4";
    E.Source = "test";
    E.FromElf = true;
    E.Symbols = {{"cmp", "fs/ext4/a.c", 't', true},
                 {"ext4_bread", "", 'T', false},
                 {"cmp", "fs/ext4/b.c", 't', true}};
    ObjectSymbols N;
    N.Object = "nf_conntrack";
    N.Source = "test";
    N.Symbols = {{"cmp", "", 't', false}};
    EXPECT_FALSE(errorToBool(B.addObject(std::move(E))));
    EXPECT_FALSE(errorToBool(B.addObject(std::move(V))));
    EXPECT_FALSE(errorToBool(B.addObject(std::move(N))));
    B.addExport({"vmlinux", "nr_processes", false});
    B.addExport({"ext4", "ext4_bread", true});
    B.addExport({"snd_pcm", "snd_pcm_new", false});
    Expected<std::vector<uint8_t>> Bytes = B.serialize();
    EXPECT_TRUE(bool(Bytes));
    return Bytes ? *Bytes : std::vector<uint8_t>();
  }

  /// Everything a client may do with an opened manifest.
  static size_t exercise(const Manifest &M) {
    size_t Seen = 0;
    for (StringRef Name : {"cmp", "nr_processes", "ext4_bread", "snd_pcm_new",
                           "__key.0", "startup_64", "missing", ""})
      if (Expected<SmallVector<ManifestSymbol, 4>> Found = M.lookup(Name))
        for (const ManifestSymbol &S : *Found)
          Seen += S.Name.size() + S.Object.size() + S.File.size() + S.sympos();
      else
        consumeError(Found.takeError());
    for (const ManifestSymbol &S : M.symbols())
      Seen += S.Name.size() + S.Object.size() + S.File.size();
    for (StringRef O : M.objects())
      Seen += O.size();
    consumeError(M.verify());
    return Seen;
  }

  /// The answer of a lookup that must succeed.
  static SmallVector<ManifestSymbol, 4> found(const Manifest &M,
                                              StringRef Name) {
    Expected<SmallVector<ManifestSymbol, 4>> Found = M.lookup(Name);
    EXPECT_TRUE(bool(Found)) << toString(Found.takeError());
    return Found ? *Found : SmallVector<ManifestSymbol, 4>();
  }

  /// Opens \p Bytes from memory, named \p Name.
  static Expected<std::unique_ptr<Manifest>> openBytes(ArrayRef<uint8_t> Bytes,
                                                       StringRef Name) {
    return Manifest::open(
        MemoryBuffer::getMemBufferCopy(toStringRef(Bytes), Name));
  }

  SmallString<128> Dir;
};

TEST_F(ManifestTest, RoundTrip) {
  std::string P = write("m.klpm", sample());
  Expected<std::unique_ptr<Manifest>> M = Manifest::open(P);
  ASSERT_TRUE(bool(M)) << toString(M.takeError());
  EXPECT_FALSE(errorToBool((*M)->verify()));
  EXPECT_EQ((*M)->symbolCount(), 11u);
  EXPECT_EQ((*M)->path(), P);

  SmallVector<StringRef, 0> Objects = (*M)->objects();
  ASSERT_EQ(Objects.size(), 4u);
  EXPECT_EQ(Objects[0], "vmlinux");
  EXPECT_EQ(Objects[1], "ext4");
  EXPECT_EQ(Objects[2], "nf_conntrack");
  EXPECT_EQ(Objects[3], "snd_pcm");

  // vmlinux first, then modules by name; each object's in position order.
  SmallVector<ManifestSymbol, 4> Cmp = found(**M, "cmp");
  ASSERT_EQ(Cmp.size(), 5u);
  EXPECT_EQ(Cmp[0].Object, "vmlinux");
  EXPECT_EQ(Cmp[0].File, "fs/proc/uptime.c");
  EXPECT_EQ(Cmp[0].Position, 1u);
  EXPECT_EQ(Cmp[0].Count, 2u);
  EXPECT_EQ(Cmp[0].sympos(), 1u);
  EXPECT_EQ(Cmp[1].File, "fs/proc/version.c");
  EXPECT_EQ(Cmp[1].sympos(), 2u);
  EXPECT_EQ(Cmp[2].Object, "ext4");
  EXPECT_TRUE(Cmp[2].LoadOrderDependent);
  EXPECT_EQ(Cmp[3].Object, "ext4");
  EXPECT_EQ(Cmp[3].sympos(), 2u);
  EXPECT_EQ(Cmp[4].Object, "nf_conntrack");
  EXPECT_EQ(Cmp[4].sympos(), 0u);
  EXPECT_EQ(Cmp[4].Type, 't');
  EXPECT_FALSE(Cmp[4].LoadOrderDependent);

  SmallVector<ManifestSymbol, 4> Nr = found(**M, "nr_processes");
  ASSERT_EQ(Nr.size(), 1u);
  EXPECT_TRUE(Nr[0].Exported);
  EXPECT_FALSE(Nr[0].ExportedGpl);
  EXPECT_EQ(Nr[0].Type, 'T');
  EXPECT_EQ(Nr[0].File, "");

  SmallVector<ManifestSymbol, 4> Bread = found(**M, "ext4_bread");
  ASSERT_EQ(Bread.size(), 1u);
  EXPECT_TRUE(Bread[0].ExportedGpl);

  // An export kallsyms did not show: position 0, type '?'.
  SmallVector<ManifestSymbol, 4> Pcm = found(**M, "snd_pcm_new");
  ASSERT_EQ(Pcm.size(), 1u);
  EXPECT_EQ(Pcm[0].Object, "snd_pcm");
  EXPECT_EQ(Pcm[0].Position, 0u);
  EXPECT_EQ(Pcm[0].Type, '?');
  EXPECT_TRUE(Pcm[0].Exported);
  EXPECT_EQ(Pcm[0].sympos(), 0u);

  EXPECT_TRUE(found(**M, "missing").empty());
  EXPECT_TRUE(found(**M, "").empty());
  EXPECT_TRUE(found(**M, "cm").empty());
  EXPECT_TRUE(found(**M, "cmpx").empty());
  EXPECT_EQ((*M)->symbols().size(), 11u);
}

TEST_F(ManifestTest, SameInputsSameBytes) { EXPECT_EQ(sample(), sample()); }

TEST_F(ManifestTest, EmptyManifest) {
  ManifestBuilder B;
  Expected<std::vector<uint8_t>> Bytes = B.serialize();
  ASSERT_TRUE(bool(Bytes));
  std::string P = write("empty.klpm", *Bytes);
  Expected<std::unique_ptr<Manifest>> M = Manifest::open(P);
  ASSERT_TRUE(bool(M)) << toString(M.takeError());
  EXPECT_FALSE(errorToBool((*M)->verify()));
  EXPECT_TRUE(found(**M, "cmp").empty());
  EXPECT_EQ((*M)->symbolCount(), 0u);
}

TEST_F(ManifestTest, TwoInputsOfOneKindAreAnError) {
  ManifestBuilder B;
  ObjectSymbols A;
  A.Object = "ext4";
  A.Source = "a.txt";
  ObjectSymbols C = A;
  C.Source = "b.txt";
  EXPECT_FALSE(errorToBool(B.addObject(std::move(A))));
  Error E = B.addObject(std::move(C));
  ASSERT_TRUE(bool(E));
  EXPECT_EQ(toString(std::move(E)), "object 'ext4' is given twice, by a.txt "
                                    "and by b.txt; pass each object once");
}

TEST_F(ManifestTest, MissingFile) {
  Expected<std::unique_ptr<Manifest>> M = Manifest::open(path("nope.klpm"));
  ASSERT_FALSE(bool(M));
  EXPECT_NE(toString(M.takeError()).find("nope.klpm"), std::string::npos);
}

TEST_F(ManifestTest, NotAManifest) {
  const char Text[] = "ffffffff81000000 T startup_64\n";
  std::string P = write(
      "kallsyms.txt", ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(Text),
                                        sizeof(Text) - 1));
  Expected<std::unique_ptr<Manifest>> M = Manifest::open(P);
  ASSERT_FALSE(bool(M));
  EXPECT_EQ(toString(M.takeError()),
            P + ": not a klp-llvm manifest (bad magic); build one with "
                "'klp-manifest build'");
}

TEST_F(ManifestTest, OtherVersion) {
  std::vector<uint8_t> Bytes = sample();
  support::endian::write32le(&Bytes[mf::HVersion], 1);
  std::string P = write("v1.klpm", Bytes);
  Expected<std::unique_ptr<Manifest>> M = Manifest::open(P);
  ASSERT_FALSE(bool(M));
  EXPECT_EQ(toString(M.takeError()),
            P + ": manifest format version 1; this klp-llvm reads version 2: "
                "rebuild it with this klp-manifest");
}

TEST_F(ManifestTest, TrailingData) {
  std::vector<uint8_t> Bytes = sample();
  Bytes.push_back(0);
  std::string P = write("long.klpm", Bytes);
  Expected<std::unique_ptr<Manifest>> M = Manifest::open(P);
  ASSERT_FALSE(bool(M));
  std::string Msg = toString(M.takeError());
  EXPECT_NE(Msg.find(P + ": corrupt manifest: trailing data"),
            std::string::npos)
      << Msg;
}

// Every proper prefix of a manifest is refused by open(), naming the file.
TEST_F(ManifestTest, EveryTruncationIsRefused) {
  std::vector<uint8_t> Bytes = sample();
  for (size_t Len = 0; Len < Bytes.size(); ++Len) {
    std::string P = "cut.klpm";
    Expected<std::unique_ptr<Manifest>> M =
        openBytes(ArrayRef<uint8_t>(Bytes).take_front(Len), P);
    ASSERT_FALSE(bool(M)) << "accepted a " << Len << "-byte prefix";
    std::string Msg = toString(M.takeError());
    EXPECT_EQ(Msg.find(P), 0u) << Msg;
  }
}

// A damaged manifest is an error, never a different binding: after any
// single-bit flip (and 0xff), open() refuses the file, or every lookup
// either gives exactly the original answer or says the manifest is damaged;
// verify() always notices.
TEST_F(ManifestTest, EveryByteCorruptionIsCaught) {
  std::vector<uint8_t> Good = sample();
  Expected<std::unique_ptr<Manifest>> Original = openBytes(Good, "good.klpm");
  ASSERT_TRUE(bool(Original)) << toString(Original.takeError());
  std::vector<std::string> Names;
  for (const ManifestSymbol &S : (*Original)->symbols())
    Names.push_back(S.Name.str());
  Names.push_back("missing");
  auto Same = [](ArrayRef<ManifestSymbol> A, ArrayRef<ManifestSymbol> B) {
    if (A.size() != B.size())
      return false;
    for (size_t I = 0; I < A.size(); ++I)
      if (A[I].Object != B[I].Object || A[I].Name != B[I].Name ||
          A[I].File != B[I].File || A[I].Position != B[I].Position ||
          A[I].Count != B[I].Count || A[I].Type != B[I].Type ||
          A[I].Exported != B[I].Exported ||
          A[I].ExportedGpl != B[I].ExportedGpl ||
          A[I].LoadOrderDependent != B[I].LoadOrderDependent)
        return false;
    return true;
  };
  std::vector<uint8_t> Flips = {0xff};
  for (unsigned Bit = 0; Bit < 8; ++Bit)
    Flips.push_back(uint8_t(1u << Bit));
  for (uint8_t Flip : Flips) {
    for (size_t I = 0; I < Good.size(); ++I) {
      std::vector<uint8_t> Bad = Good;
      Bad[I] ^= Flip;
      std::string P = "bad.klpm";
      Expected<std::unique_ptr<Manifest>> M = openBytes(Bad, P);
      if (!M) {
        consumeError(M.takeError());
        continue;
      }
      for (const std::string &Name : Names) {
        Expected<SmallVector<ManifestSymbol, 4>> Got = (*M)->lookup(Name);
        if (!Got) {
          std::string Msg = toString(Got.takeError());
          EXPECT_EQ(Msg.find(P + ": manifest damaged: "), 0u) << Msg;
          continue;
        }
        ASSERT_TRUE(Same(*Got, found(**Original, Name)))
            << "byte " << I << " ^ " << int(Flip) << " changed the answer for '"
            << Name << "'";
      }
      exercise(**M);
      Error E = (*M)->verify();
      ASSERT_TRUE(bool(E)) << "byte " << I << " ^ " << int(Flip)
                           << " went unnoticed";
      consumeError(std::move(E));
    }
  }
}

TEST_F(ManifestTest, Identity) {
  ManifestBuilder B;
  KernelIdentity Id;
  Id.Release = "6.1.0-57-cloud-amd64";
  Id.VmlinuxBuildId = "0123abcd";
  Id.Modules["ext4"].BuildId = "beef";
  Id.Modules["ext4"].SrcVersion = "ABC123";
  ASSERT_FALSE(errorToBool(B.addIdentity(Id)));
  KernelIdentity Other;
  Other.Release = "6.1.0-57-cloud-amd64";
  ASSERT_FALSE(errorToBool(B.addIdentity(Other)));
  Other.VmlinuxBuildId = "ffff";
  Error E = B.addIdentity(Other);
  ASSERT_TRUE(bool(E));
  EXPECT_NE(toString(std::move(E)).find("different kernel builds"),
            std::string::npos);
  Expected<std::vector<uint8_t>> Bytes = B.serialize();
  ASSERT_TRUE(bool(Bytes));
  Expected<std::unique_ptr<Manifest>> M = openBytes(*Bytes, "id.klpm");
  ASSERT_TRUE(bool(M)) << toString(M.takeError());
  const KernelIdentity &Read = (*M)->identity();
  EXPECT_EQ(Read.Release, Id.Release);
  EXPECT_EQ(Read.VmlinuxBuildId, Id.VmlinuxBuildId);
  EXPECT_EQ(Read.Modules.at("ext4").BuildId, "beef");
  EXPECT_EQ(Read.Modules.at("ext4").SrcVersion, "ABC123");
  EXPECT_EQ(Read.describe(), "6.1.0-57-cloud-amd64, vmlinux build ID 0123abcd");
  EXPECT_FALSE(errorToBool((*M)->verify()));
}

// Header fields pointing far outside the file: refused by open().
TEST_F(ManifestTest, WildHeaderFields) {
  std::vector<uint8_t> Good = sample();
  for (uint32_t Field = mf::HObjectCount; Field < mf::HChecksum; Field += 4) {
    for (uint32_t Value : {0xffffffffu, 0x80000000u, 0x7fffffffu}) {
      std::vector<uint8_t> Bad = Good;
      support::endian::write32le(&Bad[Field], Value);
      Expected<std::unique_ptr<Manifest>> M = openBytes(Bad, "wild.klpm");
      EXPECT_FALSE(bool(M)) << "field " << Field << " = " << Value;
      if (M)
        exercise(**M);
      else
        consumeError(M.takeError());
    }
  }
}

// Records that point outside their tables (with the checksum fixed up so
// only the structural checks can see it): lookups skip them, verify() names
// the problem.
TEST_F(ManifestTest, BadRecordReferences) {
  std::vector<uint8_t> Good = sample();
  auto R32 = [&](uint32_t Off) {
    return support::endian::read32le(&Good[Off]);
  };
  uint32_t SymOff = R32(mf::HSymbolOffset);
  uint32_t NameOff = R32(mf::HNameOffset);
  struct Patch {
    uint32_t Offset, Value;
  } Patches[] = {
      {SymOff + mf::SObject, 1000},
      {SymOff + mf::SFile, 1000},
      {NameOff + mf::NNameOffset, 0xfffffff0},
      {NameOff + mf::NNameLength, 0xfffffff0},
      {NameOff + mf::NFirstSymbol, 0xfffffff0},
      {NameOff + mf::NSymbolCount, 0xfffffff0},
      {R32(mf::HBucketOffset), 0xfffffff0},
      {R32(mf::HObjectOffset), 0xfffffff0},
  };
  for (const Patch &Pt : Patches) {
    std::vector<uint8_t> Bad = Good;
    support::endian::write32le(&Bad[Pt.Offset], Pt.Value);
    support::endian::write32le(
        &Bad[mf::HChecksum],
        crc32(ArrayRef<uint8_t>(Bad).drop_front(mf::HeaderSize)));
    Expected<std::unique_ptr<Manifest>> M = openBytes(Bad, "refs.klpm");
    if (!M) { // the object table is under the header checksum
      consumeError(M.takeError());
      continue;
    }
    exercise(**M);
    Error E = (*M)->verify();
    EXPECT_TRUE(bool(E)) << "patch at " << Pt.Offset;
    consumeError(std::move(E));
  }
}

} // namespace
