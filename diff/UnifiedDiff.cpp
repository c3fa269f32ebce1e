//===- diff/UnifiedDiff.cpp - Read and apply a unified diff ---------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "diff/UnifiedDiff.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"

#include <optional>

using namespace llvm;

namespace klp {

namespace {

// The lines of a text, without their '\n'; a last line without one counts.
std::vector<StringRef> splitLines(StringRef Text) {
  std::vector<StringRef> Lines;
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Lines.push_back(Line);
    Text = Rest;
  }
  return Lines;
}

// "--- a/fs/proc/meminfo.c\t2024-01-01 ..." -> "fs/proc/meminfo.c", as
// patch -p1 reads it: the kernel's patches name files one directory deep
// (a/, b/, linux.orig/).
Expected<std::string> patchPath(StringRef Header, const Twine &Where,
                                bool &IsDevNull) {
  StringRef Path = Header.split('\t').first.rtrim();
  if (Path.size() > 1 && Path.front() == '"')
    return createStringError(inconvertibleErrorCode(),
                             Where + ": quoted file names are not supported");
  IsDevNull = Path == "/dev/null";
  if (IsDevNull)
    return std::string();
  size_t Slash = Path.find('/');
  if (Slash == StringRef::npos || Slash + 1 == Path.size())
    return createStringError(
        inconvertibleErrorCode(),
        Where + ": '" + Path +
            "' has no leading directory; klp-diff reads patches as "
            "'patch -p1' does (a/fs/proc/meminfo.c), make it with git "
            "diff or diff -u from the tree's parent directory");
  Path = Path.drop_front(Slash + 1);
  if (Path.starts_with("/") || Path.contains("../") || Path.starts_with(".."))
    return createStringError(inconvertibleErrorCode(),
                             Where + ": '" + Path +
                                 "' is not a path inside the source tree");
  return Path.str();
}

// "@@ -12,7 +12,8 @@ ..." -> the four numbers; a count left out is 1.
bool parseRange(StringRef &S, char Sign, unsigned &Start, unsigned &Count) {
  S = S.ltrim();
  if (!S.consume_front(StringRef(&Sign, 1)))
    return false;
  if (S.consumeInteger(10, Start))
    return false;
  Count = 1;
  if (S.consume_front(","))
    return !S.consumeInteger(10, Count);
  return true;
}

// Whether a line is inside a /* */ comment after \p Line, given whether it
// was before: enough of C's lexing to never put a #line into a comment.
bool inCommentAfter(StringRef Line, bool InComment) {
  char Quote = 0;
  for (size_t I = 0; I < Line.size(); ++I) {
    char C = Line[I], Next = I + 1 < Line.size() ? Line[I + 1] : 0;
    if (InComment) {
      if (C == '*' && Next == '/') {
        InComment = false;
        ++I;
      }
    } else if (Quote) {
      if (C == '\\')
        ++I;
      else if (C == Quote)
        Quote = 0;
    } else if (C == '"' || C == '\'') {
      Quote = C;
    } else if (C == '/' && Next == '*') {
      InComment = true;
      ++I;
    } else if (C == '/' && Next == '/') {
      break;
    }
  }
  return InComment;
}

// Whether the old side of \p Hunk (its context and removed lines) is the
// text of \p Old from line index \p At on.
bool matchesAt(const std::vector<StringRef> &Old, size_t At,
               const DiffHunk &Hunk) {
  for (StringRef L : Hunk.Lines) {
    if (L.front() == '+')
      continue;
    if (At >= Old.size() || Old[At].rtrim("\r") != L.drop_front().rtrim("\r"))
      return false;
    ++At;
  }
  return true;
}

} // namespace

Expected<std::vector<FilePatch>> parseUnifiedDiff(MemoryBufferRef Diff) {
  std::vector<StringRef> Lines = splitLines(Diff.getBuffer());
  std::vector<FilePatch> Files;
  auto where = [&](size_t I) {
    return (Diff.getBufferIdentifier() + ":" + Twine(I + 1)).str();
  };
  for (size_t I = 0; I < Lines.size(); ++I) {
    if (!Lines[I].starts_with("--- ") || I + 1 >= Lines.size() ||
        !Lines[I + 1].starts_with("+++ "))
      continue;
    FilePatch File;
    bool OldNull = false, NewNull = false;
    Expected<std::string> Old =
        patchPath(Lines[I].drop_front(4), where(I), OldNull);
    if (!Old)
      return Old.takeError();
    Expected<std::string> New =
        patchPath(Lines[I + 1].drop_front(4), where(I + 1), NewNull);
    if (!New)
      return New.takeError();
    File.Created = OldNull;
    File.Deleted = NewNull;
    File.Path = NewNull ? *Old : *New;
    if (!OldNull && !NewNull && *Old != *New)
      return createStringError(inconvertibleErrorCode(),
                               where(I) + ": renames " + *Old + " to " + *New +
                                   "; klp-diff patches files in place");
    I += 2;
    while (I < Lines.size() && Lines[I].starts_with("@@")) {
      DiffHunk Hunk;
      Hunk.HeaderLine = I + 1;
      StringRef S = Lines[I].drop_front(2);
      if (!parseRange(S, '-', Hunk.OldStart, Hunk.OldCount) ||
          !parseRange(S, '+', Hunk.NewStart, Hunk.NewCount))
        return createStringError(inconvertibleErrorCode(),
                                 where(I) + ": malformed hunk header '" +
                                     Lines[I] + "'");
      unsigned OldSeen = 0, NewSeen = 0;
      ++I;
      while (OldSeen < Hunk.OldCount || NewSeen < Hunk.NewCount) {
        if (I >= Lines.size())
          return createStringError(inconvertibleErrorCode(),
                                   where(I - 1) + ": " + File.Path +
                                       ": the diff ends inside a hunk");
        StringRef L = Lines[I];
        // Some mailers strip the space of an empty context line.
        char Marker = L.empty() ? ' ' : L.front();
        StringRef Text = L.empty() ? L : L.drop_front();
        if (Marker == '\\') { // "\ No newline at end of file"
          ++I;
          continue;
        }
        if (Marker != ' ' && Marker != '-' && Marker != '+')
          return createStringError(
              inconvertibleErrorCode(),
              where(I) + ": " + File.Path +
                  ": the hunk ends early (its header counts " +
                  Twine(Hunk.OldCount) + " old and " + Twine(Hunk.NewCount) +
                  " new lines)");
        if (Marker != '+')
          ++OldSeen;
        if (Marker != '-')
          ++NewSeen;
        if (OldSeen > Hunk.OldCount || NewSeen > Hunk.NewCount)
          return createStringError(inconvertibleErrorCode(),
                                   where(I) + ": " + File.Path +
                                       ": more lines than the hunk header "
                                       "counts");
        Hunk.Lines.push_back((Twine(Marker) + Text).str());
        ++I;
      }
      while (I < Lines.size() && Lines[I].starts_with("\\"))
        ++I;
      File.Hunks.push_back(std::move(Hunk));
    }
    if (File.Hunks.empty() && !File.Created && !File.Deleted)
      return createStringError(inconvertibleErrorCode(),
                               where(I - 1) + ": " + File.Path +
                                   ": no hunk follows the file header");
    --I;
    Files.push_back(std::move(File));
  }
  if (Files.empty())
    return createStringError(inconvertibleErrorCode(),
                             Diff.getBufferIdentifier() +
                                 ": not a unified diff (no '--- a/FILE' / "
                                 "'+++ b/FILE' header)");
  return Files;
}

Expected<std::string> applyFilePatch(StringRef Original, const FilePatch &Patch,
                                     bool KeepLineNumbers) {
  std::vector<StringRef> Old = splitLines(Original);
  std::string Out;
  size_t Next = 0; // index into Old of the next line to copy
  bool InComment = false;
  bool Continued = false; // the last line written ends in a backslash
  long Delta = 0;         // lines written minus lines read so far
  bool Pending = false;   // a #line is due before the next original line
  auto emit = [&](StringRef Line) {
    Out += Line;
    Out += '\n';
    InComment = inCommentAfter(Line, InComment);
    Continued = Line.ends_with("\\");
  };
  auto copyOriginal = [&]() {
    if (Pending && !Continued && !InComment) {
      emit(("#line " + Twine(Next + 1)).str());
      Delta = 0; // from here on, every line has its original number
      Pending = false;
    }
    emit(Old[Next++]);
  };
  for (const DiffHunk &Hunk : Patch.Hunks) {
    // "@@ -5,0 +6,2 @@" inserts after line 5; otherwise line OldStart is
    // the hunk's first. As patch(1) does without fuzz, a hunk whose lines
    // all match elsewhere (a tree with other changes above it) applies
    // there, at the nearest such place after the previous hunk.
    size_t Expected = Hunk.OldCount == 0 ? Hunk.OldStart : Hunk.OldStart - 1;
    std::optional<size_t> Found;
    for (size_t Distance = 0; !Found; ++Distance) {
      bool InRange = false;
      for (long Sign : {-1L, 1L}) {
        long At = long(Expected) + Sign * long(Distance);
        if (At < long(Next) || At > long(Old.size()))
          continue;
        InRange = true;
        if (matchesAt(Old, size_t(At), Hunk)) {
          Found = size_t(At);
          break;
        }
        if (Distance == 0)
          break;
      }
      if (!InRange && Distance > Old.size())
        break;
    }
    if (!Found) {
      // Report the first line that differs at the hunk's own place.
      size_t First = std::min(std::max(Expected, Next), Old.size());
      size_t Line = First;
      for (StringRef L : Hunk.Lines) {
        if (L.front() == '+')
          continue;
        if (Line >= Old.size() ||
            Old[Line].rtrim("\r") != L.drop_front().rtrim("\r"))
          break;
        ++Line;
      }
      return createStringError(
          inconvertibleErrorCode(),
          Patch.Path + ":" + Twine(Line + 1) +
              ": does not match the hunk at line " + Twine(Hunk.HeaderLine) +
              " of the diff, here or anywhere after the previous hunk; is "
              "the patch for this kernel's source?");
    }
    size_t First = *Found;
    while (Next < First)
      copyOriginal();
    size_t LastChange = 0;
    for (size_t I = 0; I < Hunk.Lines.size(); ++I)
      if (Hunk.Lines[I][0] != ' ')
        LastChange = I;
    for (size_t I = 0; I < Hunk.Lines.size(); ++I) {
      StringRef L = Hunk.Lines[I];
      char Marker = L.front();
      StringRef Text = L.drop_front();
      if (Marker == ' ') {
        copyOriginal();
      } else if (Marker == '-') {
        ++Next;
        --Delta;
      } else {
        emit(Text);
        ++Delta;
      }
      if (I == LastChange && KeepLineNumbers && Delta != 0)
        Pending = true;
    }
  }
  while (Next < Old.size())
    copyOriginal();
  if (!Original.empty() && !Original.ends_with("\n") && !Out.empty())
    Out.pop_back();
  return Out;
}

} // namespace klp
