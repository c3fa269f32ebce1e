//===- lld-ext/check/DiagnosticSink.h - Fold findings -----------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Rules report through a sink. A module with one bad symbol used by a
// hundred relocations gets one diagnostic with a count, not a hundred.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_LLD_EXT_CHECK_DIAGNOSTICSINK_H
#define KLP_LLD_EXT_CHECK_DIAGNOSTICSINK_H

#include "lld-ext/check/Check.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/Twine.h"

#include <vector>

namespace klp {
namespace check {

class DiagnosticSink {
public:
  /// Starts a diagnostic; fill it through the returned builder.
  class Builder {
  public:
    Builder &section(llvm::StringRef S) {
      D.Section = S.str();
      return *this;
    }
    Builder &symbol(llvm::StringRef S) {
      D.Symbol = S.str();
      return *this;
    }
    Builder &offset(uint64_t O) {
      D.Offset = O;
      return *this;
    }
    Builder &message(const llvm::Twine &T) {
      D.Message = T.str();
      return *this;
    }
    Builder &fix(const llvm::Twine &T) {
      D.Fix = T.str();
      return *this;
    }
    Builder &kernel(const llvm::Twine &T) {
      D.Kernel = T.str();
      return *this;
    }
    ~Builder() { Sink.add(std::move(D)); }

  private:
    friend class DiagnosticSink;
    Builder(DiagnosticSink &Sink, Severity Level, llvm::StringRef Rule)
        : Sink(Sink) {
      D.Level = Level;
      D.Rule = Rule.str();
    }
    Builder(const Builder &) = delete;
    Builder &operator=(const Builder &) = delete;

    DiagnosticSink &Sink;
    Diagnostic D;
  };

  Builder report(Severity Level, llvm::StringRef Rule) {
    return Builder(*this, Level, Rule);
  }
  Builder error(llvm::StringRef Rule) {
    return Builder(*this, Severity::Error, Rule);
  }
  Builder warning(llvm::StringRef Rule) {
    return Builder(*this, Severity::Warning, Rule);
  }

  /// The diagnostics in the order they were first reported.
  std::vector<Diagnostic> take() { return std::move(Diags); }

private:
  void add(Diagnostic D);

  std::vector<Diagnostic> Diags;
  /// Folding key (rule, section, symbol, message) -> index into Diags.
  llvm::StringMap<size_t> Seen;
};

} // namespace check
} // namespace klp

#endif // KLP_LLD_EXT_CHECK_DIAGNOSTICSINK_H
