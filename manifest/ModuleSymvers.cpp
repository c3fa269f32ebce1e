//===- manifest/ModuleSymvers.cpp - Read Module.symvers -------------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// modpost writes one line per export:
//   CRC<TAB>SYMBOL<TAB>OBJECT<TAB>EXPORT_SYMBOL[_GPL]<TAB>NAMESPACE
// (5.4 .. 5.9 put the namespace third, before OBJECT; older kernels had no
// namespace column). OBJECT is "vmlinux" or the
// module's path without ".ko" (drivers/net/foo-bar), whose basename with
// '-' as '_' is the module name kallsyms and livepatch use.
//
//===----------------------------------------------------------------------===//

#include "manifest/InputFile.h"
#include "manifest/ManifestBuilder.h"
#include "manifest/ManifestInputs.h"

#include "format/KlpFormat.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <optional>

using namespace llvm;

namespace klp {

static constexpr StringLiteral SymversSyntax =
    "expected 'CRC<TAB>SYMBOL<TAB>OBJECT<TAB>EXPORT_SYMBOL[_GPL]<TAB>"
    "NAMESPACE'";

// "drivers/net/foo-bar" -> "foo_bar"; "vmlinux" stays.
static std::string objectName(StringRef Path) {
  StringRef Base = Path.substr(Path.rfind('/') + 1);
  Base.consume_back(".ko");
  return normalizeObjectName(Base);
}

// Whether an export is GPL-only; nothing if \p Kind is no export macro.
// The UNUSED and GPL_FUTURE kinds existed until 5.13.
static std::optional<bool> exportKind(StringRef Kind) {
  if (Kind == "EXPORT_SYMBOL" || Kind == "EXPORT_UNUSED_SYMBOL" ||
      Kind == "EXPORT_SYMBOL_GPL_FUTURE")
    return false;
  if (Kind == "EXPORT_SYMBOL_GPL" || Kind == "EXPORT_UNUSED_SYMBOL_GPL")
    return true;
  return std::nullopt;
}

Error readModuleSymvers(StringRef Path, ManifestBuilder &Builder) {
  Expected<std::unique_ptr<MemoryBuffer>> Buf =
      readInputFile(Path, "Module.symvers");
  if (!Buf)
    return Buf.takeError();
  return readModuleSymvers(std::move(*Buf), Builder);
}

Error readModuleSymvers(std::unique_ptr<MemoryBuffer> Buffer,
                        ManifestBuilder &Builder) {
  StringRef Path = Buffer->getBufferIdentifier();
  StringRef Text = Buffer->getBuffer();
  Builder.keepBuffer(std::move(Buffer));

  SmallVector<StringRef, 6> Fields;
  return forEachLine(Text, [&](StringRef L, unsigned Line) -> Error {
    auto Bad = [&](const Twine &Why) {
      return createStringError(Path + ":" + Twine(Line) + ": " + SymversSyntax +
                               ": " + Why);
    };
    Fields.clear();
    L.split(Fields, '\t');
    if (Fields.size() != 4 && Fields.size() != 5)
      return Bad(Twine(Fields.size()) + " tab-separated fields");
    StringRef Crc = Fields[0], Name = Fields[1], Obj = Fields[2],
              Kind = Fields[3];
    // 5.4 .. 5.9 had the namespace third: CRC SYMBOL NAMESPACE OBJECT KIND.
    if (Fields.size() == 5 && !exportKind(Kind) && exportKind(Fields[4])) {
      Obj = Fields[3];
      Kind = Fields[4];
    }
    uint64_t CrcValue;
    if (!Crc.starts_with("0x") || Crc.drop_front(2).getAsInteger(16, CrcValue))
      return Bad("'" + Crc + "' is not a hexadecimal CRC");
    if (Name.empty() || Name.contains(' '))
      return Bad("'" + Name + "' is not a symbol name");
    auto Column = [&](StringRef Field) { return Field.data() - L.data() + 1; };
    for (auto [Field, What] :
         {std::pair{Name, "symbol name"}, std::pair{Obj, "object"}})
      if (Error E = checkNameBytes(Field, What, Column(Field)))
        return createStringError(Path + ":" + Twine(Line) + ": " +
                                 toString(std::move(E)));
    if (Name.size() > MaxSymbolNameLen)
      return Bad("symbol name '" + Name.take_front(40) +
                 "...' is longer "
                 "than the kernel allows");
    if (Obj.empty() || Obj.contains(' '))
      return Bad("'" + Obj + "' is not an object");
    std::optional<bool> Gpl = exportKind(Kind);
    if (!Gpl)
      return Bad("'" + Kind + "' is not EXPORT_SYMBOL or EXPORT_SYMBOL_GPL");
    std::string Object = objectName(Obj);
    if (Error E = checkObjectName(Object))
      return Bad("'" + Obj +
                 "' does not name a module: " + toString(std::move(E)));
    Builder.addExport({Builder.saver().save(Object), Name, *Gpl});
    return Error::success();
  });
}

} // namespace klp
