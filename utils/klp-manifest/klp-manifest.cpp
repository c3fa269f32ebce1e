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
//
//===----------------------------------------------------------------------===//

#include "manifest/Manifest.h"
#include "manifest/ManifestBuilder.h"
#include "manifest/ManifestInputs.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

using namespace llvm;
using namespace klp;

static constexpr StringLiteral Usage =
    "usage:\n"
    "  klp-manifest build [--kallsyms FILE]... [--symvers FILE]...\n"
    "                     [--vmlinux FILE] [--module FILE.ko]...\n"
    "                     [--no-kallsyms-all] -o OUT\n"
    "  klp-manifest query MANIFEST NAME [--json]\n"
    "  klp-manifest dump MANIFEST\n"
    "  klp-manifest verify MANIFEST\n"
    "\n"
    "build reads any mix of a /proc/kallsyms dump, Module.symvers, an\n"
    "unstripped vmlinux and module .ko files and writes a manifest;\n"
    "--no-kallsyms-all reads vmlinux as a kernel without CONFIG_KALLSYMS_ALL.\n"
    "query lists every symbol of that name (exit 1 if there is none).\n"
    "dump lists the whole manifest; verify checks it.\n";

static int fail(const Twine &Msg) {
  WithColor::error(errs(), "klp-manifest") << Msg << "\n";
  return 1;
}
static int fail(Error E) { return fail(toString(std::move(E))); }

namespace {
/// Command-line arguments after the subcommand, with "--opt VALUE" and
/// "--opt=VALUE" both accepted.
class Args {
public:
  explicit Args(ArrayRef<const char *> Argv) : Argv(Argv) {}
  bool done() const { return I >= Argv.size(); }
  StringRef peek() const { return Argv[I]; }
  /// Consumes option \p Name, storing its value; false if it is not next.
  bool option(StringRef Name, std::string &Value, std::string &Err) {
    StringRef A = Argv[I];
    if (A == Name) {
      if (I + 1 >= Argv.size()) {
        Err = ("option " + Name + " needs a value").str();
        return true;
      }
      Value = Argv[I + 1];
      I += 2;
      return true;
    }
    if (A.consume_front(Name) && A.consume_front("=")) {
      Value = A.str();
      ++I;
      return true;
    }
    return false;
  }
  bool flag(StringRef Name) {
    if (StringRef(Argv[I]) != Name)
      return false;
    ++I;
    return true;
  }
  StringRef next() { return Argv[I++]; }

private:
  ArrayRef<const char *> Argv;
  size_t I = 0;
};
} // namespace

static int build(Args A) {
  std::vector<std::string> Kallsyms, Symvers, Vmlinux, Modules;
  std::string Output, Err, Value;
  VmlinuxOptions VmOpts;
  while (!A.done()) {
    if (A.option("--kallsyms", Value, Err))
      Kallsyms.push_back(Value);
    else if (A.option("--symvers", Value, Err))
      Symvers.push_back(Value);
    else if (A.option("--vmlinux", Value, Err))
      Vmlinux.push_back(Value);
    else if (A.option("--module", Value, Err))
      Modules.push_back(Value);
    else if (A.option("-o", Value, Err))
      Output = Value;
    else if (A.flag("--no-kallsyms-all"))
      VmOpts.KallsymsAll = false;
    else
      return fail("build: unknown argument '" + A.peek() + "'\n" + Usage);
    if (!Err.empty())
      return fail("build: " + Err);
  }
  if (Output.empty())
    return fail("build: no output file; pass -o OUT");
  if (Kallsyms.empty() && Symvers.empty() && Vmlinux.empty() && Modules.empty())
    return fail("build: no input; pass --kallsyms, --symvers, --vmlinux or "
                "--module");
  if (Vmlinux.size() > 1)
    return fail("build: --vmlinux given more than once");

  ManifestBuilder Builder;
  for (const std::string &F : Kallsyms)
    if (Error E = readKallsymsDump(F, Builder))
      return fail(std::move(E));
  for (const std::string &F : Vmlinux)
    if (Error E = readVmlinux(F, Builder, VmOpts))
      return fail(std::move(E));
  for (const std::string &F : Modules)
    if (Error E = readKernelModule(F, Builder))
      return fail(std::move(E));
  for (const std::string &F : Symvers)
    if (Error E = readModuleSymvers(F, Builder))
      return fail(std::move(E));
  for (const std::string &Note : Builder.notes())
    WithColor::note(errs(), "klp-manifest") << Note << "\n";
  if (Error E = Builder.write(Output))
    return fail(std::move(E));
  return 0;
}

static Expected<std::unique_ptr<Manifest>> openManifest(StringRef Path) {
  return Manifest::open(Path);
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

static int query(Args A) {
  std::vector<StringRef> Positional;
  bool Json = false;
  while (!A.done()) {
    if (A.flag("--json"))
      Json = true;
    else if (A.peek().starts_with("-") && A.peek() != "-")
      return fail("query: unknown option '" + A.peek() + "'\n" + Usage);
    else
      Positional.push_back(A.next());
  }
  if (Positional.size() != 2)
    return fail("query: expected MANIFEST NAME\n" + Usage);
  Expected<std::unique_ptr<Manifest>> M = openManifest(Positional[0]);
  if (!M)
    return fail(M.takeError());
  SmallVector<ManifestSymbol, 4> Found = (*M)->lookup(Positional[1]);
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
        << "no symbol '" << Positional[1] << "' in " << Positional[0] << "\n";
    return 1;
  }
  return 0;
}

static int dumpOrVerify(Args A, bool Dump) {
  StringRef Cmd = Dump ? "dump" : "verify";
  if (A.done())
    return fail(Cmd + ": expected MANIFEST\n" + Usage);
  StringRef Path = A.next();
  if (!A.done())
    return fail(Cmd + ": unexpected argument '" + A.peek() + "'");
  Expected<std::unique_ptr<Manifest>> M = openManifest(Path);
  if (!M)
    return fail(M.takeError());
  if (Error E = (*M)->verify())
    return fail(std::move(E));
  if (!Dump) {
    outs() << Path << ": ok, " << (*M)->objects().size() << " objects, "
           << (*M)->symbolCount() << " symbols\n";
    return 0;
  }
  outs() << "# objects " << (*M)->objects().size() << " symbols "
         << (*M)->symbolCount() << '\n';
  for (const ManifestSymbol &S : (*M)->symbols())
    printSymbol(outs(), S);
  return 0;
}

int main(int Argc, char **Argv) {
  InitLLVM X(Argc, Argv);
  if (Argc < 2)
    return fail("no command\n" + Usage);
  StringRef Cmd = Argv[1];
  Args Rest(ArrayRef<const char *>(Argv + 2, Argv + Argc));
  if (Cmd == "build")
    return build(Rest);
  if (Cmd == "query")
    return query(Rest);
  if (Cmd == "dump")
    return dumpOrVerify(Rest, /*Dump=*/true);
  if (Cmd == "verify")
    return dumpOrVerify(Rest, /*Dump=*/false);
  if (Cmd == "-h" || Cmd == "--help" || Cmd == "help") {
    outs() << Usage;
    return 0;
  }
  return fail("unknown command '" + Cmd + "'\n" + Usage);
}
