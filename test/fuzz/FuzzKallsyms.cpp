//===- test/fuzz/FuzzKallsyms.cpp - Fuzz the kallsyms dump reader ---------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The bytes as a /proc/kallsyms dump. A dump the reader accepts makes a
// manifest that opens and verifies, and whose positions are what livepatch
// counts: the symbols of one name in one object are 1..Count, in order.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"
#include "ManifestChecks.h"

#include "manifest/ManifestBuilder.h"
#include "manifest/ManifestInputs.h"

using namespace llvm;
using namespace klp;
using namespace klp::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  ManifestBuilder Builder;
  if (Error E = readKallsymsDump(
          MemoryBuffer::getMemBuffer(asText(Data, Size), "kallsyms.txt",
                                     /*RequiresNullTerminator=*/false),
          Builder)) {
    checkMessage(std::move(E), "readKallsymsDump");
    return 0;
  }
  checkBuiltManifest(Builder, /*FromKallsyms=*/true);
  return 0;
}
