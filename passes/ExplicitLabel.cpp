//===- passes/ExplicitLabel.cpp - Kernel symbols named in the source ------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/ExplicitLabel.h"

using namespace llvm;

namespace klp {

// A quoted label keeps its quotes in the symbol name; the kernel name is
// what is inside them.
static StringRef unquote(StringRef Name) {
  if (Name.size() >= 2 && Name.front() == '"' && Name.back() == '"')
    return Name.drop_front().drop_back();
  return Name;
}

bool isExplicitLabel(StringRef LinkName) {
  return unquote(LinkName).starts_with(KlpSymPrefix);
}

Expected<KernelSymbolRef> parseExplicitLabel(StringRef LinkName) {
  StringRef Name = unquote(LinkName);
  if (!isSuseKlpSymbolName(Name))
    return parseKlpSymbolName(Name);
  std::string LivepatchObject;
  Expected<KernelSymbolRef> Ref =
      parseSuseKlpSymbolName(Name, &LivepatchObject);
  if (!Ref)
    return Ref.takeError();
  // <lp_obj> is this patch module; the kernel never reads it, but
  // klp-convert does, and a name it cannot parse breaks it.
  KernelSymbolRef Patch{LivepatchObject, Ref->Name, 0};
  if (Error E = checkKernelSymbolRef(Patch))
    return createStringError(inconvertibleErrorCode(),
                             "livepatch symbol '" + Name +
                                 "': the livepatch module name is unusable: " +
                                 toString(std::move(E)));
  return Ref;
}

} // namespace klp
