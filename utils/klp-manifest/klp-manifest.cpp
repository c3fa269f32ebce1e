//===- utils/klp-manifest/klp-manifest.cpp - Build and query manifests ----===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
//   klp-manifest build [--kallsyms F]... [--symvers F]... [--vmlinux F]
//                      [--module F.ko]... [--no-kallsyms-all] -o OUT
//   klp-manifest query MANIFEST NAME [--json]
//   klp-manifest dump MANIFEST
//   klp-manifest verify MANIFEST
//   klp-manifest debug-unit --object VMLINUX|MODULE.ko FILE.c
//   klp-manifest debug-unit --object VMLINUX|MODULE.ko --including HEADER.h
//
//===----------------------------------------------------------------------===//

#include "manifest/DebugUnits.h"
#include "manifest/Manifest.h"
#include "manifest/ManifestBuilder.h"
#include "manifest/ManifestInputs.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

using namespace llvm;
using namespace klp;

namespace {

cl::OptionCategory Category("klp-manifest options");

cl::SubCommand BuildCmd("build",
                        "Read any mix of a /proc/kallsyms dump, "
                        "Module.symvers, an unstripped vmlinux and module "
                        ".ko files and write a manifest");
cl::SubCommand CaptureCmd("capture",
                          "On the target machine (as root): read the running "
                          "kernel's /proc/kallsyms and its identity (release, "
                          "vmlinux and module build IDs) in one go and write "
                          "a manifest");
cl::SubCommand QueryCmd("query", "List every symbol of a name (exit 1 if "
                                 "there is none)");
cl::SubCommand DumpCmd("dump", "List the whole manifest");
cl::SubCommand VerifyCmd("verify", "Check a manifest");
cl::SubCommand DebugUnitCmd("debug-unit",
                            "List what a debug vmlinux or .ko made of one "
                            "source file (functions, their out-of-line "
                            "copies and where they were inlined, variables), "
                            "or which files include a header");

cl::list<std::string> Kallsyms("kallsyms", cl::desc("A /proc/kallsyms dump"),
                               cl::value_desc("file"), cl::sub(BuildCmd),
                               cl::cat(Category));
cl::list<std::string> Symvers("symvers", cl::desc("A Module.symvers"),
                              cl::value_desc("file"), cl::sub(BuildCmd),
                              cl::sub(CaptureCmd), cl::cat(Category));
cl::opt<std::string> Vmlinux("vmlinux",
                             cl::desc("An unstripped vmlinux (adds the source "
                                      "file of every local symbol)"),
                             cl::value_desc("file"), cl::sub(BuildCmd),
                             cl::cat(Category));
cl::list<std::string> Modules("module",
                              cl::desc("A module .ko that kallsyms did not "
                                       "list"),
                              cl::value_desc("file.ko"), cl::sub(BuildCmd),
                              cl::cat(Category));
cl::opt<bool> NoKallsymsAll("no-kallsyms-all",
                            cl::desc("Read vmlinux as a kernel without "
                                     "CONFIG_KALLSYMS_ALL"),
                            cl::sub(BuildCmd), cl::cat(Category));
cl::opt<std::string> Output("o", cl::desc("The manifest to write"),
                            cl::value_desc("file"), cl::sub(BuildCmd),
                            cl::sub(CaptureCmd), cl::cat(Category));
cl::opt<std::string> Root("root",
                          cl::desc("Read proc/ and sys/ under this directory "
                                   "(a copy of the target's files)"),
                          cl::value_desc("dir"), cl::init("/"),
                          cl::sub(CaptureCmd), cl::cat(Category));

cl::opt<std::string> QueryManifest(cl::Positional, cl::Required,
                                   cl::desc("<manifest>"), cl::sub(QueryCmd),
                                   cl::cat(Category));
cl::opt<std::string> QueryName(cl::Positional, cl::Required, cl::desc("<name>"),
                               cl::sub(QueryCmd), cl::cat(Category));
cl::opt<bool> Json("json", cl::desc("Print JSON"), cl::sub(QueryCmd),
                   cl::cat(Category));

cl::opt<std::string> DumpManifest(cl::Positional, cl::Required,
                                  cl::desc("<manifest>"), cl::sub(DumpCmd),
                                  cl::cat(Category));
cl::opt<std::string> VerifyManifest(cl::Positional, cl::Required,
                                    cl::desc("<manifest>"), cl::sub(VerifyCmd),
                                    cl::cat(Category));

cl::opt<std::string> DebugObject("object",
                                 cl::desc("The unstripped vmlinux or module "
                                          ".ko"),
                                 cl::value_desc("file"), cl::Required,
                                 cl::sub(DebugUnitCmd), cl::cat(Category));
cl::opt<std::string> DebugFile(cl::Positional, cl::Required,
                               cl::desc("<file relative to the kernel tree>"),
                               cl::sub(DebugUnitCmd), cl::cat(Category));
cl::opt<bool> Including("including",
                        cl::desc("List the units whose line table names "
                                 "the file (a header) instead"),
                        cl::sub(DebugUnitCmd), cl::cat(Category));

} // namespace

static int fail(const Twine &Msg) {
  WithColor::error(errs(), "klp-manifest") << Msg << "\n";
  return 1;
}
static int fail(Error E) { return fail(toString(std::move(E))); }

// Module.symvers, the notes of the inputs, the identity warning, the file.
static int finish(ManifestBuilder &Builder) {
  for (const std::string &F : Symvers)
    if (Error E = readModuleSymvers(F, Builder))
      return fail(std::move(E));
  for (const std::string &Note : Builder.notes())
    WithColor::note(errs(), "klp-manifest") << Note << "\n";
  if (Builder.identity().VmlinuxBuildId.empty())
    WithColor::warning(errs(), "klp-manifest")
        << Output
        << ": no vmlinux build ID among the inputs, so nothing can tell this "
           "manifest from one of another build of the same kernel; add "
           "--vmlinux with the kernel's unstripped vmlinux, or make it with "
           "'klp-manifest capture' on the target\n";
  if (Error E = Builder.write(Output))
    return fail(std::move(E));
  return 0;
}

static int capture() {
  if (Output.empty())
    return fail("capture: no output file; pass -o OUT");
  ManifestBuilder Builder;
  if (Error E = readRunningKernel(Root, Builder))
    return fail(std::move(E));
  return finish(Builder);
}

static int build() {
  if (Output.empty())
    return fail("build: no output file; pass -o OUT");
  if (Kallsyms.empty() && Symvers.empty() && Vmlinux.empty() && Modules.empty())
    return fail("build: no input; pass --kallsyms, --symvers, --vmlinux or "
                "--module");
  VmlinuxOptions VmOpts;
  VmOpts.KallsymsAll = !NoKallsymsAll;

  ManifestBuilder Builder;
  for (const std::string &F : Kallsyms)
    if (Error E = readKallsymsDump(F, Builder))
      return fail(std::move(E));
  if (!Vmlinux.empty())
    if (Error E = readVmlinux(Vmlinux, Builder, VmOpts))
      return fail(std::move(E));
  for (const std::string &F : Modules)
    if (Error E = readKernelModule(F, Builder))
      return fail(std::move(E));
  return finish(Builder);
}

/// One symbol as a line of `query` and `dump`.
static void printSymbol(raw_ostream &OS, const ManifestSymbol &S) {
  OS << S.Object << ' ' << S.Name << " sympos=" << S.sympos()
     << " count=" << S.Count << " type=" << S.Type;
  if (S.Exported)
    OS << " exported-by=" << S.Object << (S.ExportedGpl ? "(GPL)" : "");
  if (!S.File.empty())
    OS << " file=" << S.File;
  if (S.LoadOrderDependent)
    OS << " load-order-dependent";
  if (S.Position == 0)
    OS << " not-in-kallsyms";
  OS << '\n';
}

static json::Value toJSON(const ManifestSymbol &S) {
  json::Value Exported = nullptr;
  if (S.Exported)
    Exported = json::Object{{"by", S.Object}, {"gpl", S.ExportedGpl}};
  return json::Object{
      {"object", S.Object},
      {"name", S.Name},
      {"sympos", int64_t(S.sympos())},
      {"count", int64_t(S.Count)},
      {"type", std::string(1, S.Type)},
      {"exported", std::move(Exported)},
      {"file", S.File.empty() ? json::Value(nullptr) : json::Value(S.File)},
      {"load_order_dependent", S.LoadOrderDependent},
      {"in_kallsyms", S.Position != 0},
  };
}

static int query() {
  Expected<std::unique_ptr<Manifest>> M = Manifest::open(QueryManifest);
  if (!M)
    return fail(M.takeError());
  Expected<SmallVector<ManifestSymbol, 4>> FoundOrErr = (*M)->lookup(QueryName);
  if (!FoundOrErr)
    return fail(FoundOrErr.takeError());
  SmallVector<ManifestSymbol, 4> &Found = *FoundOrErr;
  if (Json) {
    json::Array Array;
    for (const ManifestSymbol &S : Found)
      Array.push_back(toJSON(S));
    outs() << formatv("{0:2}", json::Value(std::move(Array))) << '\n';
  } else {
    for (const ManifestSymbol &S : Found)
      printSymbol(outs(), S);
  }
  if (Found.empty()) {
    WithColor::error(errs(), "klp-manifest")
        << "no symbol '" << QueryName << "' in " << QueryManifest << "\n";
    return 1;
  }
  return 0;
}

static int dumpOrVerify(StringRef Path, bool Dump) {
  Expected<std::unique_ptr<Manifest>> M = Manifest::open(Path);
  if (!M)
    return fail(M.takeError());
  if (Error E = (*M)->verify())
    return fail(std::move(E));
  if (!Dump) {
    outs() << Path << ": ok, " << (*M)->objects().size() << " objects, "
           << (*M)->symbolCount() << " symbols, " << (*M)->identity().describe()
           << "\n";
    return 0;
  }
  outs() << "# objects " << (*M)->objects().size() << " symbols "
         << (*M)->symbolCount() << '\n';
  outs() << "# kernel " << (*M)->identity().describe() << '\n';
  for (const ManifestSymbol &S : (*M)->symbols())
    printSymbol(outs(), S);
  return 0;
}

static void printShippedSymbol(raw_ostream &OS, const ShippedSymbol &S) {
  OS << S.Name << " sympos=" << S.sympos() << " count=" << S.Count;
  if (S.Position == 0)
    OS << " not-in-kallsyms";
}

// One line per function, then one per variable, sorted; addresses left out
// so that the listing compares across relinks.
static int debugUnit() {
  Expected<std::unique_ptr<ShippedObject>> Obj =
      ShippedObject::open(DebugObject);
  if (!Obj)
    return fail(Obj.takeError());
  if (Including) {
    Expected<std::vector<std::string>> Units =
        (*Obj)->unitsIncluding(DebugFile);
    if (!Units)
      return fail(Units.takeError());
    for (const std::string &U : *Units)
      outs() << U << '\n';
    return 0;
  }
  Expected<ShippedUnit> Unit = (*Obj)->unit(DebugFile);
  if (!Unit)
    return fail(Unit.takeError());
  outs() << "unit " << Unit->Path << '\n';
  for (const ShippedFunction &F : Unit->Functions) {
    outs() << "function " << F.Name << (F.External ? " external" : " static")
           << (F.Inline ? " inline" : "");
    if (F.Copies.empty())
      outs() << (F.OutOfLine ? " unnamed-code" : " no-code");
    outs() << '\n';
    for (const ShippedSymbol &S : F.Copies) {
      outs() << "  copy ";
      printShippedSymbol(outs(), S);
      outs() << '\n';
    }
    if (!F.InlinedInto.empty())
      outs() << "  inlined-into " << join(F.InlinedInto, " ") << '\n';
  }
  for (const ShippedVariable &V : Unit->Variables) {
    outs() << "variable "
           << (V.Function.empty() ? std::string() : V.Function + "::") << V.Name
           << (V.External ? " external" : " static");
    if (V.Symbol) {
      outs() << " symbol ";
      printShippedSymbol(outs(), *V.Symbol);
    } else {
      outs() << " optimized-out";
    }
    outs() << '\n';
  }
  return 0;
}

int main(int Argc, char **Argv) {
  InitLLVM X(Argc, Argv);
  for (cl::SubCommand *Sub :
       {&cl::SubCommand::getTopLevel(), &BuildCmd, &CaptureCmd, &QueryCmd,
        &DumpCmd, &VerifyCmd, &DebugUnitCmd})
    cl::HideUnrelatedOptions(Category, *Sub);
  if (!cl::ParseCommandLineOptions(Argc, Argv,
                                   "klp-manifest: what a target kernel has, "
                                   "for klp-llvm\n",
                                   &errs()))
    return 1;
  if (BuildCmd)
    return build();
  if (CaptureCmd)
    return capture();
  if (QueryCmd)
    return query();
  if (DumpCmd)
    return dumpOrVerify(DumpManifest, /*Dump=*/true);
  if (VerifyCmd)
    return dumpOrVerify(VerifyManifest, /*Dump=*/false);
  if (DebugUnitCmd)
    return debugUnit();
  return fail("no command; run 'klp-manifest --help'");
}
