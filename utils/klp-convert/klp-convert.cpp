//===- utils/klp-convert/klp-convert.cpp - Finalize a livepatch module ----===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// klp-convert IN OUT | klp-convert --in-place FILE
//
// The finalization klp-ld does, after any linker: marked references, asm
// labels (quoted or not), SUSE labels, klp-convert v7 KLP_SYMPOS tables and
// objtool tables become .klp.sym symbols and .klp.rela sections
// (docs/link-step.md).
//
//===----------------------------------------------------------------------===//

#include "lld-ext/convert/Convert.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

static cl::OptionCategory Category("klp-convert options");
static cl::list<std::string> Positional(cl::Positional,
                                        cl::desc("<input> [<output>]"),
                                        cl::cat(Category));
static cl::opt<bool> InPlace("in-place",
                             cl::desc("Rewrite the input file (atomically)"),
                             cl::cat(Category));
static cl::alias InPlaceShort("i", cl::aliasopt(InPlace),
                              cl::desc("Alias for --in-place"));
static cl::opt<bool>
    NoModinfoCheck("no-modinfo-check",
                   cl::desc("Convert even if .modinfo has no livepatch entry "
                            "(the kernel will refuse such a module)"),
                   cl::cat(Category));
static cl::opt<bool> Verbose("verbose",
                             cl::desc("Print what the conversion did"),
                             cl::cat(Category));
static cl::alias VerboseShort("v", cl::aliasopt(Verbose),
                              cl::desc("Alias for --verbose"));

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  cl::HideUnrelatedOptions(Category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "klp-convert: turn the livepatch references of a linked kernel module "
      "into .klp.sym symbols and .klp.rela sections\n\n"
      "  klp-convert [options] IN OUT\n"
      "  klp-convert [options] --in-place FILE\n");
  auto Fail = [&](const Twine &Msg) {
    WithColor::error(errs(), "klp-convert") << Msg << "\n";
    return 1;
  };
  if (InPlace ? Positional.size() != 1 : Positional.size() != 2)
    return Fail(InPlace ? "--in-place takes exactly one file"
                        : "expected an input and an output file (or "
                          "--in-place FILE)");
  StringRef In = Positional[0];
  StringRef Out = InPlace ? Positional[0] : Positional[1];

  klp::ConvertOptions Opts;
  Opts.RequireLivepatchModinfo = !NoModinfoCheck;
  klp::ConvertStats Stats;
  klp::WarningHandler Warn = [](const Twine &Msg) {
    WithColor::warning(errs(), "klp-convert") << Msg << "\n";
  };
  if (Error E =
          klp::convertFile(In, Out, InPlace, Opts, std::move(Warn), &Stats))
    return Fail(toString(std::move(E)));
  if (Verbose)
    outs() << Out << ": "
           << (Stats.Changed ? "converted" : "nothing to convert") << "\n"
           << "  livepatch symbols:      " << Stats.LivepatchSymbols
           << " (marked " << Stats.MarkedSymbols << ", .klp.sym "
           << Stats.KlpNamedSymbols << ", SUSE " << Stats.SuseSymbols << ")\n"
           << "  marked but defined:     " << Stats.DefinedLocally << "\n"
           << "  KLP_SYMPOS symbols:     " << Stats.ModuleRelocSymbols << "\n"
           << "  objtool entries:        " << Stats.ObjtoolEntries << "\n"
           << "  .klp.rela sections:     " << Stats.KlpRelaSections << "\n"
           << "  relocations moved:      " << Stats.MovedRelocations << "\n"
           << "  non-alloc relocs kept:  " << Stats.KeptNonAllocRelocations
           << "\n"
           << "  zeroed targets:         " << Stats.ZeroedTargets << "\n"
           << "  removed sections:       " << Stats.RemovedSections << "\n";
  return 0;
}
