//===- test/fuzz/FuzzSymvers.cpp - Fuzz the Module.symvers reader ---------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The bytes as Module.symvers, merged with a fixed kallsyms dump so that
// exports meet symbols kallsyms lists as well as ones it does not. What the
// reader accepts makes a manifest that opens and verifies.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"
#include "ManifestChecks.h"

#include "manifest/ManifestBuilder.h"
#include "manifest/ManifestInputs.h"

using namespace llvm;
using namespace klp;
using namespace klp::fuzz;

// Same-named globals and locals, in vmlinux and in modules.
static constexpr StringLiteral Kallsyms =
    "ffffffff81000000 T _stext\n"
    "ffffffff81001c30 t cmp\n"
    "ffffffff81002000 T foo\n"
    "ffffffff810a6f20 t cmp\n"
    "ffffffff82a1f2c0 D jiffies_64\n"
    "ffffffff82a1f300 D nr_threads\n"
    "ffffffffc0a01000 t foo\t[ext4]\n"
    "ffffffffc0a01100 T foo\t[ext4]\n"
    "ffffffffc0a02000 T ext4_bread\t[ext4]\n"
    "ffffffffc0b00000 T snd_pcm_new\t[snd_pcm]\n";

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  ManifestBuilder Builder;
  mustSucceed(
      readKallsymsDump(MemoryBuffer::getMemBuffer(Kallsyms, "kallsyms.txt"),
                       Builder),
      "the fixed kallsyms dump");
  if (Error E = readModuleSymvers(
          MemoryBuffer::getMemBuffer(asText(Data, Size), "Module.symvers",
                                     /*RequiresNullTerminator=*/false),
          Builder)) {
    checkMessage(std::move(E), "readModuleSymvers");
    return 0;
  }
  checkBuiltManifest(Builder, /*FromKallsyms=*/false);
  return 0;
}
