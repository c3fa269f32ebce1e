//===- lld-ext/check/ReportPrinter.cpp - Text and JSON reports ------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Check.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace llvm;

namespace klp {

static StringRef severityName(Severity S) {
  return S == Severity::Error ? "error" : "warning";
}

static std::string location(const Diagnostic &D) {
  SmallVector<std::string, 3> Parts;
  if (!D.Section.empty())
    Parts.push_back("section '" + D.Section + "'");
  if (!D.Symbol.empty())
    Parts.push_back("symbol '" + D.Symbol + "'");
  if (D.Offset)
    Parts.push_back(formatv("offset {0:x}", *D.Offset).str());
  std::string Out = join(Parts, ", ");
  return Out.empty() ? Out : Out + ": ";
}

void printReport(raw_ostream &OS, StringRef File, const CheckReport &Report) {
  for (const Diagnostic &D : Report.Diagnostics) {
    OS << File << ": " << severityName(D.Level) << ": " << location(D)
       << D.Message << " [" << D.Rule << "]";
    if (D.Count > 1)
      OS << " (" << D.Count << " times)";
    OS << "\n";
    if (D.Kernel.empty()) {
      OS << "  kernel: (prints nothing)\n";
    } else {
      SmallVector<StringRef, 2> Lines;
      StringRef(D.Kernel).split(Lines, '\n');
      for (StringRef Line : Lines)
        OS << "  kernel: " << Line << "\n";
    }
    if (!D.Fix.empty())
      OS << "  fix: " << D.Fix << "\n";
  }
  unsigned Errors = Report.errorCount(), Warnings = Report.warningCount();
  OS << File << ": module '" << Report.ModuleName << "'";
  if (!Report.Arch.empty())
    OS << " (" << Report.Arch << ")";
  if (Errors)
    OS << formatv(": FAILED with {0} error{1}", Errors, Errors == 1 ? "" : "s");
  else
    OS << ": passed";
  if (Warnings)
    OS << formatv(", {0} warning{1}", Warnings, Warnings == 1 ? "" : "s");
  OS << "\n";
}

/// ELF names are bytes; JSON strings must be UTF-8.
static std::string utf8(StringRef S) {
  return json::isUTF8(S) ? S.str() : json::fixUTF8(S);
}

void printReportJson(raw_ostream &OS, StringRef File,
                     const CheckReport &Report) {
  json::OStream J(OS, /*IndentSize=*/2);
  J.object([&] {
    J.attribute("file", utf8(File));
    J.attribute("module", utf8(Report.ModuleName));
    J.attribute("arch", utf8(Report.Arch));
    J.attribute("passed", Report.passed());
    J.attribute("errors", int64_t(Report.errorCount()));
    J.attribute("warnings", int64_t(Report.warningCount()));
    J.attributeArray("diagnostics", [&] {
      for (const Diagnostic &D : Report.Diagnostics)
        J.object([&] {
          J.attribute("severity", severityName(D.Level));
          J.attribute("rule", utf8(D.Rule));
          if (!D.Section.empty())
            J.attribute("section", utf8(D.Section));
          if (!D.Symbol.empty())
            J.attribute("symbol", utf8(D.Symbol));
          if (D.Offset)
            J.attribute("offset", int64_t(*D.Offset));
          J.attribute("count", int64_t(D.Count));
          J.attribute("message", utf8(D.Message));
          J.attribute("fix", utf8(D.Fix));
          J.attribute("kernel", utf8(D.Kernel));
        });
    });
  });
  OS << "\n";
}

} // namespace klp
