//===- passes/BuildIdGuard.cpp - The build ID a patch expects -------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/BuildIdGuard.h"

#include "format/KlpFormat.h"
#include "manifest/Manifest.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace klp {

Error defineExpectedBuildId(Module &M, const Manifest &Man) {
  GlobalVariable *GV = M.getGlobalVariable(ExpectedBuildIdSymbol);
  if (!GV || !GV->isDeclaration())
    return Error::success();
  GV->removeDeadConstantUsers();
  if (GV->use_empty())
    return Error::success();

  const std::string &Hex = Man.identity().VmlinuxBuildId;
  if (Hex.empty())
    return createStringError(
        "the load-time guard (KLP_VMLINUX_GUARD, klp.h) needs the vmlinux "
        "build ID of the target kernel, and the manifest " +
        Man.path() + " has none (" + Man.identity().describe() +
        "); rebuild it with 'klp-manifest capture' on the target, or add "
        "--vmlinux with the kernel's debug vmlinux");
  std::string Bytes;
  if (!tryGetFromHex(Hex, Bytes) || Bytes.empty() ||
      Bytes.size() > BuildIdSizeMax)
    return createStringError("the manifest " + Man.path() +
                             " has vmlinux build ID '" + Hex +
                             "', which is not 1 to 20 bytes of hex; rebuild "
                             "it with this klp-manifest");

  // The guard reads vmlinux_build_id through a livepatch relocation: a
  // kernel without it (none of the configs that define it) would fail the
  // load with "Unknown symbol"; say so now.
  Expected<SmallVector<ManifestSymbol, 4>> Running =
      Man.lookup(RunningBuildIdSymbol);
  if (!Running)
    return Running.takeError();
  if (llvm::none_of(*Running, [](const ManifestSymbol &S) {
        return S.Object == VmlinuxObject;
      }))
    return createStringError(
        "the load-time guard (KLP_VMLINUX_GUARD, klp.h) reads the running "
        "kernel's '" +
        RunningBuildIdSymbol + "', and vmlinux in the manifest " + Man.path() +
        " has no such symbol (the kernel needs CONFIG_CRASH_CORE, "
        "CONFIG_VMCORE_INFO or CONFIG_STACKTRACE_BUILD_ID); remove the guard "
        "for this kernel");

  Bytes.resize(BuildIdSizeMax, '\0');
  auto *Ty = ArrayType::get(Type::getInt8Ty(M.getContext()), BuildIdSizeMax);
  if (GV->getValueType() != Ty)
    return createStringError(
        "'" + ExpectedBuildIdSymbol +
        "' is declared with another type than klp.h's unsigned char[20]; "
        "use klp.h's declaration");
  GV->setInitializer(ConstantDataArray::getString(M.getContext(), Bytes,
                                                  /*AddNull=*/false));
  GV->setConstant(true);
  // Each translation unit that uses the guard gets its own copy: nothing
  // for modpost or the linker to resolve.
  GV->setLinkage(GlobalValue::InternalLinkage);
  return Error::success();
}

} // namespace klp
