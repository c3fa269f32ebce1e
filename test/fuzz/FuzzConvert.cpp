//===- test/fuzz/FuzzConvert.cpp - Fuzz klp-convert -----------------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The bytes as a linked module for the converter (the ELF reader behind
// it, the mark notes, every label form, the v7 and objtool tables, the
// writer). Corrupt input is an llvm::Error. What it converts, it writes
// without error, in exactly size() bytes; klp-check reads the result as a
// usable ELF module (a converted module the checker cannot read is a
// finding), and converting it again changes nothing.
//
//===----------------------------------------------------------------------===//

#include "FixtureManifest.h"
#include "FuzzCommon.h"

#include "lld-ext/check/Check.h"
#include "lld-ext/convert/Convert.h"

#include "llvm/ADT/SmallString.h"

using namespace llvm;
using namespace klp;
using namespace klp::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  MemoryBufferRef In(asText(Data, Size), "fuzz.ko");
  if (Expected<ModuleTraits> Traits = inspectModule(In); !Traits)
    checkMessage(Traits.takeError(), "inspectModule");

  // Without the livepatch=Y gate, so that any module reaches the rest.
  ConvertOptions Opts;
  Opts.RequireLivepatchModinfo = false;
  Expected<std::unique_ptr<ConvertedModule>> Out =
      convertModule(In, Opts, [](const Twine &) {});
  if (!Out) {
    checkMessage(Out.takeError(), "convertModule");
    return 0;
  }
  SmallString<0> Bytes;
  raw_svector_ostream OS(Bytes);
  mustSucceed((*Out)->write(OS), "writing a converted module");
  if (Bytes.size() != (*Out)->size())
    fail("the converted module has " + Twine(Bytes.size()) +
         " bytes, size() said " + Twine((*Out)->size()));

  // What the converter writes, the checker must be able to read.
  MemoryBufferRef Converted(Bytes, "converted.ko");
  Expected<CheckReport> Report = checkModule(Converted, &fixtureManifest());
  if (!Report)
    fail("klp-check cannot read what klp-convert wrote: " +
         toString(Report.takeError()));

  // Converting twice gives the same bytes as converting once
  // (docs/link-step.md).
  Expected<std::unique_ptr<ConvertedModule>> Again =
      convertModule(Converted, Opts, [](const Twine &) {});
  if (!Again)
    fail("klp-convert refuses what it wrote: " + toString(Again.takeError()));
  if ((*Again)->stats().Changed) {
    SmallString<0> Twice;
    raw_svector_ostream TwiceOS(Twice);
    mustSucceed((*Again)->write(TwiceOS), "writing a second conversion");
    if (Twice != Bytes)
      fail("converting the converted module changes it again");
  }
  return 0;
}
