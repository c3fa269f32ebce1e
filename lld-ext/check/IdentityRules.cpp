//===- lld-ext/check/IdentityRules.cpp - The kernel a module is for -------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Symbol positions are only meaningful for the kernel build the patch was
// built for. The plugin records the identity of its manifest in every
// object's mark notes and the link step keeps it in .note.klp.kernel
// (docs/mark-contract.md). A module checked against another kernel's
// manifest, or meant for a running kernel whose build ID differs, would
// bind whatever symbols have those positions there: the kernel cannot tell.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Rules.h"

#include "format/KlpFormat.h"
#include "manifest/Manifest.h"

using namespace llvm;

namespace klp {
namespace check {

// The identities the module records: the finished module's identity
// section, or the marks of one whose link step never ran (reported as such
// by MarkRules.cpp).
static std::vector<BuildIdentity> recordedIdentities(const ModuleFacts &F,
                                                     DiagnosticSink &Diags) {
  std::vector<BuildIdentity> Out;
  for (StringRef Name : {IdentitySectionName, MarkSectionName}) {
    const ElfModuleSection *Sec = F.Elf.findSection(Name);
    if (!Sec)
      continue;
    Expected<MarkNotes> Notes =
        parseMarkSection(Sec->Contents, F.Elf.isLittleEndian(), Name);
    if (!Notes) {
      // The mark section's damage is MarkRules.cpp's to report.
      if (Name == IdentitySectionName)
        Diags.error("kernel-identity")
            .section(Name)
            .message(toString(Notes.takeError()))
            .fix("rebuild the module with klp-llvm");
      else
        consumeError(Notes.takeError());
      continue;
    }
    for (BuildIdentity &Id : Notes->Identities)
      if (!is_contained(Out, Id))
        Out.push_back(std::move(Id));
  }
  return Out;
}

static bool differ(StringRef A, StringRef B) {
  return !A.empty() && !B.empty() && A != B;
}

void checkIdentity(const ModuleFacts &F, const Manifest *M,
                   const CheckOptions &Options, DiagnosticSink &Diags) {
  std::vector<BuildIdentity> Recorded = recordedIdentities(F, Diags);
  if (Recorded.size() > 1) {
    std::string All;
    for (const BuildIdentity &Id : Recorded)
      All += (All.empty() ? "" : "; ") + Id.describe();
    Diags.error("kernel-identity")
        .section(IdentitySectionName)
        .message("the module's objects were built against manifests of "
                 "different kernel builds (" +
                 All + "): its symbol positions cannot all be right")
        .fix("rebuild every object with the manifest of the kernel it "
             "patches");
    return;
  }
  const BuildIdentity *Mine = Recorded.empty() ? nullptr : &Recorded.front();

  if (M) {
    const KernelIdentity &Theirs = M->identity();
    // Neither saying anything is klp-manifest's and klp-config's to warn
    // about: the module was built as its manifest allowed.
    if (Theirs.Release.empty() && Theirs.VmlinuxBuildId.empty()) {
      if (Mine)
        Diags.warning("manifest-identity")
            .message("the module was built for " + Mine->describe() +
                     ", but the manifest " + M->path() +
                     " does not say which kernel build it describes (it was "
                     "built from a kallsyms dump), so nothing proves that it "
                     "describes that kernel")
            .fix("build the manifest with 'klp-manifest capture' on the "
                 "target, or add --vmlinux with the kernel's debug vmlinux");
    } else if (!Mine) {
      Diags.warning("kernel-identity")
          .message("the module does not record which kernel build it was "
                   "built for (its manifest had no identity, or another tool "
                   "built it), so klp-check cannot tell whether it was built "
                   "for " +
                   Theirs.describe())
          .fix("build the patch with the klp-llvm plugin against a manifest "
               "with a kernel identity");
    } else if (differ(Mine->Release, Theirs.Release) ||
               differ(Mine->VmlinuxBuildId, Theirs.VmlinuxBuildId)) {
      Diags.error("kernel-identity")
          .section(IdentitySectionName)
          .message("the module was built for " + Mine->describe() +
                   ", but the manifest " + M->path() + " describes " +
                   Theirs.describe() +
                   ": in another build the same positions may name other "
                   "symbols, so the module could patch or call the wrong "
                   "function")
          .fix("rebuild the patch against the manifest of the kernel it is "
               "meant for");
    }
  }

  if (Options.RunningBuildId) {
    const std::string &Running = *Options.RunningBuildId;
    if (!Mine || Mine->VmlinuxBuildId.empty())
      Diags.error("kernel-build-id")
          .message("the module does not record the vmlinux build ID it was "
                   "built for" +
                   (Mine ? " (only " + Mine->describe() + ")" : std::string()) +
                   ", so nothing proves it matches the running kernel (" +
                   Options.RunningBuildIdSource + ": build ID " + Running + ")")
          .fix("build the patch against a manifest with the kernel's build "
               "ID ('klp-manifest capture' on the target)");
    else if (Mine->VmlinuxBuildId != Running)
      Diags.error("kernel-build-id")
          .section(IdentitySectionName)
          .message("the module was built for vmlinux build ID " +
                   Mine->VmlinuxBuildId + ", but the running kernel (" +
                   Options.RunningBuildIdSource + ") has build ID " + Running +
                   ": it is another kernel build, where the module's symbol "
                   "positions may name other symbols")
          .fix("rebuild the patch against this kernel's manifest "
               "('klp-manifest capture' on it)");
  }
}

} // namespace check
} // namespace klp
