//===- test/fuzz/FuzzCheck.cpp - Fuzz klp-check ---------------------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The bytes as a module for klp-check (the ELF reader behind it, every
// rule, the manifest rules against a small kernel, both report printers).
// A file that is not a usable ELF is an llvm::Error; the JSON report is
// valid JSON whatever the module's names hold.
//
//===----------------------------------------------------------------------===//

#include "FixtureManifest.h"
#include "FuzzCommon.h"

#include "lld-ext/check/Check.h"

#include "llvm/Support/JSON.h"

using namespace llvm;
using namespace klp;
using namespace klp::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  MemoryBufferRef In(asText(Data, Size), "fuzz.ko");
  Expected<CheckReport> Report = checkModule(In, &fixtureManifest());
  if (!Report) {
    checkMessage(Report.takeError(), "checkModule");
    return 0;
  }
  for (const Diagnostic &D : Report->Diagnostics)
    if (D.Rule.empty() || D.Message.empty())
      fail("a diagnostic without a rule or a message");

  std::string Text;
  raw_string_ostream TextOS(Text);
  printReport(TextOS, "fuzz.ko", *Report);
  std::string Json;
  raw_string_ostream JsonOS(Json);
  printReportJson(JsonOS, "fuzz.ko", *Report);
  if (Expected<json::Value> V = json::parse(Json); !V)
    fail("printReportJson wrote invalid JSON: " + toString(V.takeError()));
  return 0;
}
