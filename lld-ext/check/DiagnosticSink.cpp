//===- lld-ext/check/DiagnosticSink.cpp - Collect and fold findings -------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/DiagnosticSink.h"

namespace klp {
namespace check {

void DiagnosticSink::add(Diagnostic D) {
  // NUL cannot occur in ELF names, so it separates the key's fields safely.
  std::string Key =
      D.Rule + '\0' + D.Section + '\0' + D.Symbol + '\0' + D.Message;
  auto [It, Inserted] = Seen.try_emplace(Key, Diags.size());
  if (Inserted) {
    Diags.push_back(std::move(D));
    return;
  }
  ++Diags[It->second].Count;
}

} // namespace check
} // namespace klp
