//===- test/fuzz/FixtureManifest.h - A kernel to check against -*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The manifest klp-check's manifest rules read in fuzz-check and
// fuzz-convert: the kernel of test/lit/check/Inputs (kallsyms and
// Module.symvers), built in memory once.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_TEST_FUZZ_FIXTUREMANIFEST_H
#define KLP_TEST_FUZZ_FIXTUREMANIFEST_H

#include "FuzzCommon.h"

#include "manifest/Manifest.h"
#include "manifest/ManifestBuilder.h"
#include "manifest/ManifestInputs.h"

#include <memory>
#include <vector>

namespace klp {
namespace fuzz {

inline const Manifest &fixtureManifest() {
  using namespace llvm;
  static const std::unique_ptr<Manifest> M = [] {
    static constexpr StringLiteral Kallsyms =
        "ffffffff81000000 T _stext\n"
        "ffffffff81001c30 t cmp\n"
        "ffffffff81002000 T foo\n"
        "ffffffff81003000 t dump_stack_lvl.cold\n"
        "ffffffff81004000 t dump_stack_lvl.cold\n"
        "ffffffff810a6f20 t cmp\n"
        "ffffffff8156d4a0 t cmp\n"
        "ffffffff82a1f2c0 D jiffies_64\n"
        "ffffffff82a1f300 D nr_threads\n"
        "ffffffffc0a01000 t ext4_fill_super\t[ext4]\n"
        "ffffffffc0a02000 t ext4_iget\t[ext4]\n"
        "ffffffffc0a06000 d __this_module\t[ext4]\n";
    // A vmlinux export makes the manifest one that knows exports, so
    // klp-check's unknown-symbol rule runs too.
    static constexpr StringLiteral Symvers =
        "0x0badcafe\t_printk\tvmlinux\tEXPORT_SYMBOL\t\n"
        "0x12345678\text4_bread\tfs/ext4/ext4\tEXPORT_SYMBOL_GPL\t\n"
        "0x1a2b3c4d\tsnd_pcm_new\tsound/core/snd-pcm\tEXPORT_SYMBOL\n";
    ManifestBuilder B;
    mustSucceed(
        readKallsymsDump(MemoryBuffer::getMemBuffer(Kallsyms, "kallsyms"), B),
        "fixture kallsyms");
    mustSucceed(readModuleSymvers(
                    MemoryBuffer::getMemBuffer(Symvers, "Module.symvers"), B),
                "fixture Module.symvers");
    std::vector<uint8_t> Bytes = mustSucceed(B.serialize(), "fixture");
    return mustSucceed(
        Manifest::open(MemoryBuffer::getMemBufferCopy(
            StringRef(reinterpret_cast<const char *>(Bytes.data()),
                      Bytes.size()),
            "fixture.klpm")),
        "fixture manifest");
  }();
  return *M;
}

} // namespace fuzz
} // namespace klp

#endif // KLP_TEST_FUZZ_FIXTUREMANIFEST_H
