//===- manifest/KallsymsDump.cpp - Read a /proc/kallsyms dump -------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// /proc/kallsyms lists vmlinux in address order, then every module's core
// symbols in the module's symbol-table order (kernel/kallsyms.c s_show,
// kernel/module/kallsyms.c module_get_kallsym). Those are exactly the orders
// livepatch counts sympos in, so the file order is the position order, even
// when a non-root reader sees every address as zero. What would break that
// (a sorted dump, interleaved modules) is refused rather than miscounted.
//
//===----------------------------------------------------------------------===//

#include "manifest/InputFile.h"
#include "manifest/ManifestBuilder.h"
#include "manifest/ManifestInputs.h"

#include "format/KlpFormat.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <map>

using namespace llvm;

namespace klp {

// Entries of /proc/kallsyms that are not modules: BPF programs, ftrace and
// kprobe trampolines. Livepatch cannot name them.
static bool isPseudoModule(StringRef Name) {
  return Name == "bpf" || Name.starts_with("__builtin__");
}

namespace {
class KallsymsParser {
public:
  KallsymsParser(StringRef Path, ManifestBuilder &Builder)
      : Path(Path), Builder(Builder) {}

  Error parse(StringRef Text);

private:
  Error lineError(const Twine &Msg) const {
    return createStringError(Path + ":" + Twine(Line) + ": " + Msg);
  }
  Error syntaxError(const Twine &Why) const {
    return lineError("expected 'ADDRESS TYPE NAME [MODULE]': " + Why);
  }
  Error parseLine(StringRef L);

  StringRef Path;
  ManifestBuilder &Builder;
  unsigned Line = 0;

  struct PendingObject {
    ObjectSymbols Symbols;
    unsigned FirstLine = 0;
  };
  // Ordered by name so that the objects reach the builder deterministically.
  std::map<std::string, PendingObject> Objects;
  std::string CurrentModule; // the module of the previous line
  uint64_t LastVmlinuxAddress = 0;
  unsigned LastVmlinuxLine = 0;
  bool SawModule = false;
};
} // namespace

static bool isSpace(char C) { return C == ' ' || C == '\t'; }

// Splits off the next whitespace-separated field.
static StringRef nextField(StringRef &L) {
  L = L.drop_while(isSpace);
  StringRef F = L.take_until(isSpace);
  L = L.drop_front(F.size());
  return F;
}

Error KallsymsParser::parseLine(StringRef L) {
  const char *LineStart = L.data();
  auto Column = [&](StringRef Field) { return Field.data() - LineStart + 1; };
  StringRef AddrField = nextField(L);
  StringRef TypeField = nextField(L);
  StringRef Name = nextField(L);
  StringRef ModField = nextField(L);
  StringRef Extra = nextField(L);

  uint64_t Addr;
  if (AddrField.getAsInteger(16, Addr))
    return syntaxError("'" + AddrField + "' is not a hexadecimal address");
  if (TypeField.size() != 1 || !(isAlpha(TypeField[0]) || TypeField[0] == '?'))
    return syntaxError(TypeField.empty()
                           ? Twine("no symbol type")
                           : "'" + TypeField + "' is not a symbol type letter");
  if (Name.empty())
    return syntaxError("no symbol name");
  if (Error E = checkNameBytes(Name, "symbol name", Column(Name)))
    return lineError(toString(std::move(E)));
  if (!Extra.empty())
    return syntaxError("unexpected '" + Extra + "' after the module name");
  if (Name.size() > MaxSymbolNameLen)
    return lineError(formatv("symbol name '{0}...' has {1} characters; "
                             "kallsyms names have at most {2}",
                             Name.take_front(40), Name.size(),
                             MaxSymbolNameLen));

  std::string Object = VmlinuxObject.str();
  if (!ModField.empty()) {
    if (ModField.size() < 3 || !ModField.starts_with("[") ||
        !ModField.ends_with("]"))
      return syntaxError("'" + ModField + "' is not a module name in brackets");
    StringRef Mod = ModField.drop_front().drop_back();
    if (Error E = checkNameBytes(Mod, "module name", Column(Mod)))
      return lineError(toString(std::move(E)));
    if (isPseudoModule(Mod))
      return Error::success();
    Object = normalizeObjectName(Mod);
    if (Error E = checkModuleName(Object))
      return lineError("'" + Mod + "' is not a valid module name: " +
                       toString(std::move(E)));
  }

  auto [It, Inserted] = Objects.try_emplace(Object);
  PendingObject &Obj = It->second;
  if (Inserted) {
    Obj.Symbols.Object = Object;
    Obj.Symbols.Source = Path.str();
    Obj.FirstLine = Line;
  }
  if (Object == VmlinuxObject) {
    if (SawModule)
      return lineError("vmlinux symbol '" + Name +
                       "' after module symbols; /proc/kallsyms lists vmlinux "
                       "first (pass the dump unsorted)");
    // All-zero addresses (a non-root reader) carry no order to check.
    if (Addr != 0 && Addr < LastVmlinuxAddress)
      return lineError(formatv("address {0:x-} of '{1}' is below the {2:x-} of "
                               "line {3}; vmlinux symbols must be in address "
                               "order, as /proc/kallsyms lists them (pass the "
                               "dump unsorted)",
                               Addr, Name, LastVmlinuxAddress,
                               LastVmlinuxLine));
    if (Addr != 0) {
      LastVmlinuxAddress = Addr;
      LastVmlinuxLine = Line;
    }
  } else {
    SawModule = true;
    if (!Inserted && CurrentModule != Object)
      return lineError("module '" + Object +
                       "' continues here after other "
                       "modules (it started at line " +
                       Twine(Obj.FirstLine) +
                       "); /proc/kallsyms lists each module in one run (pass "
                       "the dump unsorted)");
  }
  CurrentModule = Object;
  Obj.Symbols.Symbols.push_back({Name, StringRef(), TypeField[0], false});
  return Error::success();
}

Error KallsymsParser::parse(StringRef Text) {
  if (Error E = forEachLine(Text, [&](StringRef L, unsigned Number) {
        Line = Number;
        return parseLine(L);
      }))
    return E;
  if (Objects.empty())
    return createStringError(Path + ": no symbols; is this a /proc/kallsyms "
                                    "dump?");
  for (auto &[Name, Obj] : Objects)
    if (Error E = Builder.addObject(std::move(Obj.Symbols)))
      return E;
  return Error::success();
}

Error readKallsymsDump(StringRef Path, ManifestBuilder &Builder) {
  Expected<std::unique_ptr<MemoryBuffer>> Buf =
      readInputFile(Path, "kallsyms dump");
  if (!Buf)
    return Buf.takeError();
  return readKallsymsDump(std::move(*Buf), Builder);
}

Error readKallsymsDump(std::unique_ptr<MemoryBuffer> Buffer,
                       ManifestBuilder &Builder) {
  StringRef Path = Buffer->getBufferIdentifier();
  StringRef Text = Buffer->getBuffer();
  Builder.keepBuffer(std::move(Buffer));
  return KallsymsParser(Path, Builder).parse(Text);
}

} // namespace klp
