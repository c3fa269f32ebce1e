//===- lld-ext/check/ReloadRules.cpp - Reloading a patched module ---------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A .klp.rela.<module>.* section is applied each time that module loads
// while the patch is loaded (klp_module_coming()). Until Linux 6.3
// ("livepatch,x86: Clear relocation targets on a module removal") nothing
// cleared the written bytes when the module went away, so when it loads
// again the x86 loader finds them nonzero, the relocation fails, and
// livepatch refuses to load the module: unloading and reloading a patched
// module (a service restart, a driver reset) fails until the patch is
// removed. The e2e suite sees exactly this on Debian's 6.1 kernel and not
// on its 6.12 kernel. Which kernel the patch is for is read from its
// vermagic (the release of the tree it was built against); without one
// nothing is said.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Rules.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <set>
#include <string>

using namespace llvm;

namespace klp {
namespace check {

// "6.1.0-57-cloud-amd64 SMP mod_unload modversions " -> {6, 1}.
static std::optional<std::pair<unsigned, unsigned>>
releaseVersion(StringRef Vermagic) {
  StringRef Release = Vermagic.ltrim().take_until(isSpace);
  unsigned Major, Minor;
  StringRef MajorText = Release.take_while(isDigit);
  Release = Release.drop_front(MajorText.size());
  if (MajorText.getAsInteger(10, Major) || !Release.consume_front("."))
    return std::nullopt;
  if (Release.take_while(isDigit).getAsInteger(10, Minor))
    return std::nullopt;
  return std::make_pair(Major, Minor);
}

void checkTargetReload(const ModuleFacts &F, DiagnosticSink &Diags) {
  std::optional<StringRef> Vermagic = findModinfo(F.Elf, "vermagic");
  if (!Vermagic)
    return;
  std::optional<std::pair<unsigned, unsigned>> Version =
      releaseVersion(*Vermagic);
  if (!Version || *Version >= std::make_pair(6u, 3u))
    return;
  std::set<std::string> Objects; // one warning per module, in name order
  for (const KlpRelaSection &K : F.KlpSections)
    if (K.namesAnObject() && !K.isVmlinux())
      Objects.insert(K.KernelName.Object);
  StringRef Release = Vermagic->ltrim().take_until(isSpace);
  for (const std::string &Object : Objects)
    Diags.warning("klp-rela-module-reload")
        .message("the patch has relocations for module '" + Object +
                 "', and its vermagic says it is for " + Release +
                 ": kernels before 6.3 do not clear them when '" + Object +
                 "' is unloaded, so loading '" + Object +
                 "' again while the patch is loaded fails")
        .fix("disable and remove the patch before unloading '" + Object +
             "' on such kernels (from 6.3 on the module reloads)")
        .kernel(livepatchSays("patch '" + F.ModuleName +
                              "' failed for module '" + Object +
                              "', refusing to load module '" + Object + "'"));
}

} // namespace check
} // namespace klp
