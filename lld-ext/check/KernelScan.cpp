//===- lld-ext/check/KernelScan.cpp - Names as the kernel reads them ------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The rules of the kernel's vsscanf() (lib/vsprintf.c) that matter here:
//  * literal characters of the format must match the input one for one;
//  * a conversion is not attempted at the end of the input;
//  * "%N[^c]" stores at most N characters other than c (and NUL) and fails
//    unless it stores at least one; it does not skip white space;
//  * "%lu" skips white space (the kernel's isspace(), which includes 0xa0),
//    needs a decimal digit, then reads digits with wrap-around and ignores
//    whatever follows.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/KernelScan.h"

#include "format/KlpFormat.h"

using namespace llvm;

namespace klp {
namespace check {

namespace {

/// A cursor over a C string: the kernel sees strtab names up to their NUL.
class Scanner {
public:
  explicit Scanner(StringRef S) : S(S.take_until([](char C) { return !C; })) {}

  bool atEnd() const { return Pos >= S.size(); }
  StringRef rest() const { return S.drop_front(Pos); }

  /// Literal characters of the format.
  bool literal(StringRef Lit) {
    for (char C : Lit) {
      if (atEnd() || S[Pos] != C)
        return false;
      ++Pos;
    }
    return true;
  }

  /// "%<Width>[^<Stop>]": false when nothing matched. \p Cut is set when
  /// the width, not the stop character or the end, ended the field.
  bool scanSet(size_t Width, char Stop, std::string &Out, bool &Cut) {
    size_t Start = Pos;
    while (!atEnd() && S[Pos] != Stop && Pos - Start < Width)
      ++Pos;
    Out = S.slice(Start, Pos).str();
    Cut = !atEnd() && S[Pos] != Stop;
    return Pos > Start;
  }

  /// "%lu": false when no digit follows the skipped white space.
  bool scanUnsigned(uint64_t &Out) {
    while (!atEnd() && isKernelSpace(S[Pos]))
      ++Pos;
    if (atEnd() || !isDigit(S[Pos]))
      return false;
    Out = 0;
    while (!atEnd() && isDigit(S[Pos]))
      Out = Out * 10 + (S[Pos++] - '0'); // wraps like simple_strtoul()
    return true;
  }

private:
  static bool isDigit(char C) { return C >= '0' && C <= '9'; }
  static bool isKernelSpace(char C) {
    unsigned char U = C;
    return U == ' ' || (U >= '\t' && U <= '\r') || U == 0xa0;
  }

  StringRef S;
  size_t Pos = 0;
};

} // namespace

KernelRelaName scanKlpRelaName(StringRef Name) {
  KernelRelaName R;
  Scanner In(Name);
  if (!In.literal(KlpRelaPrefix) || In.atEnd())
    return R;
  if (!In.scanSet(MaxObjectNameLen, '.', R.Object, R.ObjectCut))
    return R;
  R.Converted = 1;
  return R;
}

KernelSymName scanKlpSymName(StringRef Name) {
  KernelSymName R;
  Scanner In(Name);
  if (!In.literal(KlpSymPrefix) || In.atEnd())
    return R;
  if (!In.scanSet(MaxObjectNameLen, '.', R.Object, R.ObjectTooLong))
    return R;
  R.Converted = 1;
  if (!In.literal(".") || In.atEnd())
    return R;
  if (!In.scanSet(MaxSymbolNameLen, ',', R.Name, R.NameTooLong))
    return R;
  R.Converted = 2;
  if (!In.literal(",") || In.atEnd())
    return R;
  if (!In.scanUnsigned(R.SymPos))
    return R;
  R.Converted = 3;
  R.Trailing = In.rest().str();
  return R;
}

} // namespace check
} // namespace klp
