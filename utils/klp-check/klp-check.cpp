//===- utils/klp-check/klp-check.cpp - Check a livepatch module -----------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// klp-check MODULE [--manifest M] [--kernel-notes FILE] [--json]
//
// Proves statically that MODULE obeys the rules the kernel applies when it
// loads a livepatch module and applies its relocations (docs/klp-check.md).
// Exit status: 0 passed (warnings allowed), 1 rule violations, 2 unusable
// input or options.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Check.h"
#include "manifest/KernelIdentity.h"
#include "manifest/Manifest.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SwapByteOrder.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace {

enum ExitCode { Passed = 0, Violations = 1, Unusable = 2 };

cl::OptionCategory Category("klp-check options");

cl::opt<std::string> InputPath(cl::Positional, cl::Required,
                               cl::desc("<livepatch module (.ko)>"),
                               cl::cat(Category));
cl::opt<std::string>
    ManifestPath("manifest",
                 cl::desc("Resolve every .klp.sym symbol against this "
                          "manifest (klp-manifest build) as the kernel will"),
                 cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string> KernelNotes(
    "kernel-notes",
    cl::desc("Check that the module was built for the kernel whose ELF notes "
             "these are (a copy of /sys/kernel/notes): its vmlinux build ID"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> Json("json", cl::desc("Print the report as JSON"),
                   cl::cat(Category));
cl::opt<std::string>
    ModuleName("module-name",
               cl::desc("The module's name when .modinfo has no name= "
                        "(default: the file name)"),
               cl::value_desc("name"), cl::cat(Category));

int fail(StringRef Path, const Twine &Msg) {
  WithColor::error(errs(), "klp-check") << Path << ": " << Msg << "\n";
  return Unusable;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  cl::HideUnrelatedOptions(Category);
  // Parse errors must not exit with 1, which means "violations".
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "klp-check: prove that a livepatch module obeys the kernel's "
          "load-time rules\n\n"
          "Exit status: 0 passed (warnings allowed), 1 rule violations, "
          "2 unusable input\n",
          &errs()))
    return Unusable;

  auto BufferOrErr = MemoryBuffer::getFileOrSTDIN(
      InputPath, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!BufferOrErr)
    return fail(InputPath, BufferOrErr.getError().message());

  std::unique_ptr<klp::Manifest> M;
  if (!ManifestPath.empty()) {
    auto ManifestOrErr = klp::Manifest::open(ManifestPath);
    if (!ManifestOrErr)
      return fail(ManifestPath, toString(ManifestOrErr.takeError()));
    M = std::move(*ManifestOrErr);
  }

  klp::CheckOptions Options;
  Options.ModuleName = ModuleName;
  if (!KernelNotes.empty()) {
    auto NotesOrErr = MemoryBuffer::getFile(KernelNotes, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
    if (!NotesOrErr)
      return fail(KernelNotes, NotesOrErr.getError().message());
    // /sys/kernel/notes is in the running kernel's byte order; the file is
    // checked where the kernel runs or on a host of the same byte order.
    ArrayRef<uint8_t> Bytes(
        reinterpret_cast<const uint8_t *>((*NotesOrErr)->getBufferStart()),
        (*NotesOrErr)->getBufferSize());
    auto IdOrErr = klp::findGnuBuildId(Bytes, sys::IsLittleEndianHost);
    if (!IdOrErr)
      return fail(KernelNotes, "not the ELF notes of a kernel "
                               "(/sys/kernel/notes): " +
                                   toString(IdOrErr.takeError()));
    if (!*IdOrErr)
      return fail(KernelNotes,
                  "no GNU build ID note; copy /sys/kernel/notes of the "
                  "running kernel (as root: cp /sys/kernel/notes FILE)");
    Options.RunningBuildId = **IdOrErr;
    Options.RunningBuildIdSource = KernelNotes;
  }
  auto ReportOrErr =
      klp::checkModule((*BufferOrErr)->getMemBufferRef(), M.get(), Options);
  if (!ReportOrErr)
    return fail(InputPath,
                "unusable input: " + toString(ReportOrErr.takeError()));

  if (Json)
    klp::printReportJson(outs(), InputPath, *ReportOrErr);
  else
    klp::printReport(outs(), InputPath, *ReportOrErr);
  return ReportOrErr->passed() ? Passed : Violations;
}
