//===- passes/ExplicitLabel.cpp - Kernel symbols named in the source ------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/ExplicitLabel.h"

using namespace llvm;

namespace klp {

bool isExplicitLabel(StringRef LinkName) {
  return unquoteLabel(LinkName).starts_with(KlpSymPrefix);
}

Expected<KernelSymbolRef> parseExplicitLabel(StringRef LinkName) {
  StringRef Name = unquoteLabel(LinkName);
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
    return createStringError(
        "livepatch symbol '" + Name +
        "': the livepatch module name is unusable: " + toString(std::move(E)));
  return Ref;
}

} // namespace klp
