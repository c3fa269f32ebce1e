//===- manifest/DebugUnitReader.h - One DWARF unit, read --------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef KLP_MANIFEST_DEBUGUNITREADER_H
#define KLP_MANIFEST_DEBUGUNITREADER_H

#include "manifest/DebugUnits.h"
#include "manifest/ShippedSymbols.h"

#include "llvm/DebugInfo/DWARF/DWARFUnit.h"
#include "llvm/Support/Error.h"

namespace klp {

/// Reads every entry of \p U (a compile unit of the object \p Symbols
/// indexes) into the unit's functions and variables; \p Path is the unit's
/// tree-relative path, for the result and for messages.
llvm::Expected<ShippedUnit> readShippedUnit(llvm::DWARFUnit &U,
                                            const ShippedSymbols &Symbols,
                                            llvm::StringRef Path);

} // namespace klp

#endif // KLP_MANIFEST_DEBUGUNITREADER_H
