//===- test/unit/DiffTest.cpp - klp-diff's steps on small inputs ----------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Each rule of klp-diff on inputs small enough to read: the diff reader and
// its #line directives, the IR comparison (line shifts, renumbered string
// literals and struct types are no change; data changes are refused), the
// replacement plan against a hand-written view of the shipped kernel
// (inlined into, gcc clones, no code, __init, notrace, a manifest of
// another build), and the extraction (kernel statics bound by label,
// inlined-only callees copied, fresh state, the file's asm dropped). The
// e2e scenario klp-diff runs the same rules on the real kernel.
//
//===----------------------------------------------------------------------===//

#include "diff/Extract.h"
#include "diff/KernelTree.h"
#include "diff/ReplacementPlan.h"
#include "diff/Scaffold.h"
#include "diff/TuCompare.h"
#include "diff/UnifiedDiff.h"
#include "manifest/Manifest.h"
#include "manifest/ManifestBuilder.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include "gtest/gtest.h"

using namespace llvm;
using namespace klp;

namespace {

#define ASSERT_OK(X) ASSERT_TRUE(bool(X)) << toString((X).takeError())

// The message of a failure, or "<success>".
template <typename T> std::string errorOf(Expected<T> X) {
  if (X)
    return "<success>";
  return toString(X.takeError());
}

const char *TwoFiles = R"(From: A Developer <dev@example.org>
Subject: [PATCH] proc: fix

Some explanation.
---
diff --git a/fs/a.c b/fs/a.c
--- a/fs/a.c
+++ b/fs/a.c
@@ -2,3 +2,4 @@ int f(void)
 {
-	return 1;
+	int x = 2;
+	return x;
 }
diff --git a/fs/b.c b/fs/b.c
--- a/fs/b.c	2024-01-01 00:00:00
+++ b/fs/b.c	2024-01-01 00:00:00
@@ -1 +1 @@
-int g;
+int g = 0;
-- 
2.39.5
)";

TEST(UnifiedDiff, ReadsGitFormatPatch) {
  auto Buf = MemoryBuffer::getMemBuffer(TwoFiles, "fix.patch");
  Expected<std::vector<FilePatch>> Files = parseUnifiedDiff(*Buf);
  ASSERT_OK(Files);
  ASSERT_EQ(Files->size(), 2u);
  EXPECT_EQ((*Files)[0].Path, "fs/a.c");
  ASSERT_EQ((*Files)[0].Hunks.size(), 1u);
  EXPECT_EQ((*Files)[0].Hunks[0].OldStart, 2u);
  EXPECT_EQ((*Files)[0].Hunks[0].NewCount, 4u);
  EXPECT_EQ((*Files)[1].Path, "fs/b.c");
  EXPECT_EQ((*Files)[1].Hunks[0].OldCount, 1u);
}

TEST(UnifiedDiff, AppliesAndKeepsLineNumbers) {
  auto Buf = MemoryBuffer::getMemBuffer(TwoFiles, "fix.patch");
  Expected<std::vector<FilePatch>> Files = parseUnifiedDiff(*Buf);
  ASSERT_OK(Files);
  const char *Original = "int f(void)\n{\n\treturn 1;\n}\nint h(void) { "
                         "return __LINE__; }\n";
  Expected<std::string> Plain = applyFilePatch(Original, (*Files)[0], false);
  ASSERT_OK(Plain);
  EXPECT_EQ(*Plain, "int f(void)\n{\n\tint x = 2;\n\treturn x;\n}\nint "
                    "h(void) { return __LINE__; }\n");
  // One line more: the line after the change gets its old number (4) back.
  Expected<std::string> Kept = applyFilePatch(Original, (*Files)[0], true);
  ASSERT_OK(Kept);
  EXPECT_EQ(*Kept, "int f(void)\n{\n\tint x = 2;\n\treturn x;\n#line 4\n}\n"
                   "int h(void) { return __LINE__; }\n");
}

TEST(UnifiedDiff, AppliesAtAnOffset) {
  // Two lines more above the hunk than the diff was made against: it
  // applies where its lines are, as patch(1) does, and the #line says 6.
  auto Buf = MemoryBuffer::getMemBuffer(TwoFiles, "fix.patch");
  Expected<std::vector<FilePatch>> Files = parseUnifiedDiff(*Buf);
  ASSERT_OK(Files);
  Expected<std::string> Kept = applyFilePatch(
      "/* a */\n/* b */\nint f(void)\n{\n\treturn 1;\n}\n", (*Files)[0], true);
  ASSERT_OK(Kept);
  EXPECT_EQ(*Kept, "/* a */\n/* b */\nint f(void)\n{\n\tint x = 2;\n\treturn "
                   "x;\n#line 6\n}\n");
}

TEST(UnifiedDiff, NoDirectiveInsideAMacroOrComment) {
  const char *Diff = "--- a/x.c\n+++ b/x.c\n@@ -1,3 +1,4 @@\n #define M(a) \\\n"
                     "+\t(a) + \\\n \t(a)\n int y;\n";
  auto Buf = MemoryBuffer::getMemBuffer(Diff, "m.patch");
  Expected<std::vector<FilePatch>> Files = parseUnifiedDiff(*Buf);
  ASSERT_OK(Files);
  Expected<std::string> Kept =
      applyFilePatch("#define M(a) \\\n\t(a)\nint y;\n", (*Files)[0], true);
  ASSERT_OK(Kept);
  // Not after "(a) + \": the directive waits for the macro's end.
  EXPECT_EQ(*Kept, "#define M(a) \\\n\t(a) + \\\n\t(a)\n#line 3\nint y;\n");

  const char *InComment =
      "--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,3 @@\n /*\n+ * more\n"
      "  */\n";
  auto Buf2 = MemoryBuffer::getMemBuffer(InComment, "c.patch");
  Expected<std::vector<FilePatch>> Files2 = parseUnifiedDiff(*Buf2);
  ASSERT_OK(Files2);
  Expected<std::string> Kept2 =
      applyFilePatch("/*\n */\nint z;\n", (*Files2)[0], true);
  ASSERT_OK(Kept2);
  EXPECT_EQ(*Kept2, "/*\n * more\n */\n#line 3\nint z;\n");
}

TEST(UnifiedDiff, RefusesWhatDoesNotApply) {
  auto Buf = MemoryBuffer::getMemBuffer(TwoFiles, "fix.patch");
  Expected<std::vector<FilePatch>> Files = parseUnifiedDiff(*Buf);
  ASSERT_OK(Files);
  EXPECT_EQ(errorOf(applyFilePatch("int f(void)\n{\n\treturn 0;\n}\n",
                                   (*Files)[0], true)),

            "fs/a.c:3: does not match the hunk at line 9 of the diff, here or "
            "anywhere after the previous hunk; is the patch for this kernel's "
            "source?");
  auto NotADiff = MemoryBuffer::getMemBuffer("hello\n", "notes.txt");
  EXPECT_EQ(errorOf(parseUnifiedDiff(*NotADiff)),
            "notes.txt: not a unified diff (no "
            "'--- a/FILE' / '+++ b/FILE' header)");
  auto Short = MemoryBuffer::getMemBuffer(
      "--- a/x.c\n+++ b/x.c\n@@ -1,3 +1,3 @@\n-a\n+b\n", "short.patch");
  EXPECT_EQ(errorOf(parseUnifiedDiff(*Short)),
            "short.patch:5: x.c: the diff ends inside a hunk");
}

TEST(KernelTree, ReadsKbuildsCommand) {
  const char *Cmd =
      "savedcmd_fs/proc/meminfo.o := clang-19 -Wp,-MMD,fs/proc/.meminfo.o.d "
      "-nostdinc -I./include -O2 -DMODULE -DKBUILD_MODNAME='\"nfs\"' -c -o "
      "fs/proc/meminfo.o /src/fs/proc/meminfo.c   ; ./tools/objtool/objtool "
      "--orc --retpoline fs/proc/meminfo.o\n\nsource_fs/proc/meminfo.o := x\n";
  Expected<CompileCommand> C = parseKbuildCmd(Cmd, ".meminfo.o.cmd");
  ASSERT_OK(C);
  EXPECT_EQ(C->SourcePath, "/src/fs/proc/meminfo.c");
  EXPECT_EQ(C->ModName, "nfs");
  EXPECT_TRUE(C->InModule);
  std::vector<std::string> Expected = {
      "clang-19", "-nostdinc", "-I./include",
      "-O2",      "-DMODULE",  "-DKBUILD_MODNAME=\"nfs\""};
  EXPECT_EQ(C->Compiler, Expected);
  ASSERT_EQ(C->PostProcess.size(), 1u);
  EXPECT_EQ(C->PostProcess[0].back(), "fs/proc/meminfo.o");
}

std::unique_ptr<Module> parse(StringRef IR, LLVMContext &Ctx) {
  SMDiagnostic Diag;
  std::unique_ptr<Module> M = parseAssemblyString(IR, Diag, Ctx);
  if (!M)
    ADD_FAILURE() << Diag.getMessage().str() << " at line " << Diag.getLineNo();
  return M;
}

// The same file twice: show() uses a string whose number changed (a new
// string before it), a struct type LLVM renames in the second module, and
// a line-number constant of a WARN the #line kept; only bump() changed.
const char *BeforeIR = R"(
%struct.s = type { i32, i64 }
@.str = private unnamed_addr constant [4 x i8] c"%d\0A\00"
@state = internal global %struct.s zeroinitializer
declare void @printk(ptr, ...)
define internal void @show() #0 {
  call void (ptr, ...) @printk(ptr @.str, i32 120)
  ret void
}
define internal void @bump() #0 {
  %p = getelementptr %struct.s, ptr @state, i32 0, i32 1
  store i64 1, ptr %p
  ret void
}
attributes #0 = { "fentry-call"="true" }
)";
const char *AfterIR = R"(
%struct.s = type { i32, i64 }
@.str = private unnamed_addr constant [6 x i8] c"new%d\00"
@.str.1 = private unnamed_addr constant [4 x i8] c"%d\0A\00"
@state = internal global %struct.s zeroinitializer
@fresh = internal global i32 0
declare void @printk(ptr, ...)
define internal void @show() #0 {
  call void (ptr, ...) @printk(ptr @.str.1, i32 120)
  ret void
}
define internal void @bump() #0 {
  %p = getelementptr %struct.s, ptr @state, i32 0, i32 1
  store i64 2, ptr %p
  call void (ptr, ...) @printk(ptr @.str, i32 0)
  ret void
}
define internal void @added() #0 {
  store i32 1, ptr @fresh
  ret void
}
attributes #0 = { "fentry-call"="true" }
)";

TEST(TuCompare, OnlyOwnCodeCounts) {
  LLVMContext Ctx;
  std::unique_ptr<Module> B = parse(BeforeIR, Ctx), A = parse(AfterIR, Ctx);
  ASSERT_TRUE(B && A);
  Expected<TuChanges> C = compareUnits(*B, *A, "fs/x.c");
  ASSERT_OK(C);
  EXPECT_EQ(C->Changed, std::vector<std::string>{"bump"});
  EXPECT_EQ(C->Added, std::vector<std::string>{"added"});
  EXPECT_EQ(C->AddedData, std::vector<std::string>{"fresh"});
  EXPECT_TRUE(C->Removed.empty());
  EXPECT_FALSE(verifyModule(*A, &errs())); // the comparison left no trace
  EXPECT_EQ(A->getFunction("__klp_before_body"), nullptr);
}

// A recursive function, a struct literal in an anonymous constant and a
// global initialized with a struct: the same in both versions, though the
// second module's struct types are distinct objects and an anonymous union
// was renumbered (a fix added one above).
TEST(TuCompare, RecursionAndStructsAreNoChange) {
  const char *Before = R"(
%union.anon.3 = type { i32 }
%struct.s = type { %union.anon.3, ptr }
@.compoundliteral = private constant %struct.s { %union.anon.3 { i32 7 }, ptr null }
@root = internal global %struct.s { %union.anon.3 { i32 1 }, ptr @root }
define internal i32 @walk(ptr %p) #0 {
  %q = load ptr, ptr @.compoundliteral
  %r = call i32 @walk(ptr %q)
  ret i32 %r
}
attributes #0 = { "fentry-call"="true" }
)";
  const char *After = R"(
%union.anon.3 = type { i64 }
%union.anon.4 = type { i32 }
%struct.s = type { %union.anon.4, ptr }
@.compoundliteral = private constant %struct.s { %union.anon.4 { i32 7 }, ptr null }
@root = internal global %struct.s { %union.anon.4 { i32 1 }, ptr @root }
@other = internal global %union.anon.3 zeroinitializer
define internal i32 @walk(ptr %p) #0 {
  %q = load ptr, ptr @.compoundliteral
  %r = call i32 @walk(ptr %q)
  ret i32 %r
}
attributes #0 = { "fentry-call"="true" }
)";
  LLVMContext Ctx;
  std::unique_ptr<Module> B = parse(Before, Ctx), A = parse(After, Ctx);
  ASSERT_TRUE(B && A);
  Expected<TuChanges> C = compareUnits(*B, *A, "fs/x.c");
  ASSERT_OK(C);
  EXPECT_TRUE(C->Changed.empty());
  EXPECT_EQ(C->AddedData, std::vector<std::string>{"other"});
}

// A static local the fix adds above renumbers clang's names of the others
// ("f.__key.3" becomes "f.__key.4"): they are paired by function and
// order, not by name.
TEST(TuCompare, RenumberedStaticLocalsAreNoChange) {
  const char *Before = R"(
@f.__key = internal global i32 0
@f.__key.3 = internal global i32 0
declare void @use(ptr, ptr)
define internal void @f() #0 {
  call void @use(ptr @f.__key, ptr @f.__key.3)
  ret void
}
attributes #0 = { "fentry-call"="true" }
)";
  const char *After = R"(
@g.__already_done = internal global i1 false
@f.__key = internal global i32 0
@f.__key.4 = internal global i32 0
declare void @use(ptr, ptr)
define internal void @f() #0 {
  call void @use(ptr @f.__key, ptr @f.__key.4)
  ret void
}
define internal void @g() #0 {
  store i1 true, ptr @g.__already_done
  ret void
}
attributes #0 = { "fentry-call"="true" }
)";
  LLVMContext Ctx;
  std::unique_ptr<Module> B = parse(Before, Ctx), A = parse(After, Ctx);
  ASSERT_TRUE(B && A);
  Expected<TuChanges> C = compareUnits(*B, *A, "fs/x.c");
  ASSERT_OK(C);
  EXPECT_TRUE(C->Changed.empty());
  EXPECT_EQ(C->Added, std::vector<std::string>{"g"});
  // Only the new one is the fix's own data (the others stay the kernel's).
  EXPECT_EQ(C->AddedData, std::vector<std::string>{"g.__already_done"});
}

TEST(TuCompare, RefusesDataChanges) {
  LLVMContext Ctx;
  std::unique_ptr<Module> B =
      parse("@t = global [2 x i32] [i32 1, i32 2]", Ctx);
  std::unique_ptr<Module> A =
      parse("@t = global [2 x i32] [i32 1, i32 3]", Ctx);
  EXPECT_EQ(errorOf(compareUnits(*B, *A, "fs/x.c")),
            "fs/x.c: the fix changes the initial value of 't'; a "
            "livepatch cannot change data the kernel already "
            "initialized (change it in a post-patch callback, "
            "KLP_POST_PATCH_CALLBACK in klp.h, instead)");
  std::unique_ptr<Module> B2 = parse("@t = global i32 0", Ctx);
  std::unique_ptr<Module> A2 = parse("@t = global i64 0", Ctx);
  Expected<TuChanges> C = compareUnits(*B2, *A2, "fs/x.c");
  ASSERT_FALSE(bool(C));
  EXPECT_NE(toString(C.takeError()).find("changes the type of 't'"),
            std::string::npos);
}

// A manifest of vmlinux with two functions of one name.
std::unique_ptr<Manifest> manifest(std::vector<InputSymbol> Symbols) {
  ManifestBuilder B;
  ObjectSymbols V;
  V.Object = "vmlinux";
  V.Source = "test";
  V.Symbols = std::move(Symbols);
  EXPECT_FALSE(bool(B.addObject(std::move(V))));
  Expected<std::vector<uint8_t>> Bytes = B.serialize();
  EXPECT_TRUE(bool(Bytes));
  Expected<std::unique_ptr<Manifest>> M =
      Manifest::open(MemoryBuffer::getMemBufferCopy(
          StringRef(reinterpret_cast<const char *>(Bytes->data()),
                    Bytes->size()),
          "test.klpm"));
  EXPECT_TRUE(bool(M));
  return std::move(*M);
}

ShippedSymbol symbol(StringRef Name, uint32_t Pos = 1, uint32_t Count = 1) {
  ShippedSymbol S;
  S.Name = Name.str();
  S.Position = Pos;
  S.Count = Count;
  return S;
}

ShippedFunction function(StringRef Name, std::vector<ShippedSymbol> Copies,
                         std::vector<std::string> InlinedInto = {}) {
  ShippedFunction F;
  F.Name = Name.str();
  F.Copies = std::move(Copies);
  F.InlinedInto = std::move(InlinedInto);
  return F;
}

// helper() was inlined into show(); leaf() exists only as a gcc clone,
// called by top(); show() is the 2nd of two in vmlinux.
const char *PlanIR = R"(
@count = internal global i32 0, !dbg !10
@once = internal global i1 false, section ".data.once"
module asm ".section ___ksymtab+show"
define internal void @helper() #0 { ret void }
define internal void @show() #0 {
  call void @helper()
  %v = load i32, ptr @count
  store i1 true, ptr @once
  ret void
}
define internal void @leaf(i32 %x) #0 { ret void }
define internal void @top() #0 {
  call void @leaf(i32 1)
  ret void
}
define internal void @init_fn() #0 section ".init.text" { ret void }
define internal void @quiet() { ret void }
attributes #0 = { "fentry-call"="true" }
!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!20}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: FullDebug, globals: !9)
!1 = !DIFile(filename: "fs/x.c", directory: "/src")
!9 = !{!10}
!10 = !DIGlobalVariableExpression(var: !11, expr: !DIExpression())
!11 = distinct !DIGlobalVariable(name: "count", scope: !12, file: !1, line: 3, type: !13, isLocal: true, isDefinition: true)
!12 = distinct !DISubprogram(name: "show", scope: !1, file: !1, line: 2, unit: !0, spFlags: DISPFlagDefinition)
!13 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!20 = !{i32 2, !"Debug Info Version", i32 3}
)";

ShippedUnit planUnit() {
  ShippedUnit U;
  U.Path = "fs/x.c";
  U.Functions = {function("helper", {}, {"show"}),
                 function("init_fn", {symbol("init_fn")}),
                 function("leaf", {symbol("leaf.constprop.0")}),
                 function("quiet", {symbol("quiet")}),
                 function("show", {symbol("show", 2, 2)}),
                 function("top", {symbol("top")})};
  ShippedVariable Count;
  Count.Name = "count";
  Count.Function = "show";
  Count.Symbol = symbol("count.3");
  U.Variables = {Count};
  return U;
}

std::unique_ptr<Manifest> planManifest() {
  return manifest({{"show", "fs/y.c", 't', false},
                   {"show", "fs/x.c", 't', false},
                   {"top", "fs/x.c", 't', false},
                   {"quiet", "fs/x.c", 't', false},
                   {"init_fn", "fs/x.c", 't', false},
                   {"count.3", "fs/x.c", 'd', false}});
}

TEST(ReplacementPlan, InlinedIntoAndClones) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(PlanIR, Ctx);
  ASSERT_TRUE(M);
  ShippedUnit U = planUnit();
  std::unique_ptr<Manifest> Man = planManifest();
  TuChanges C;
  C.Changed = {"helper", "leaf"};
  Expected<ReplacementPlan> P = planReplacement(C, *M, U, "vmlinux", *Man);
  ASSERT_OK(P);
  ASSERT_EQ(P->Replaced.size(), 2u);
  EXPECT_EQ(P->Replaced[0].Name, "show");
  EXPECT_EQ(P->Replaced[0].Symbol.sympos(), 2u);
  EXPECT_EQ(P->Replaced[0].Why, "the kernel inlined helper() into it");
  EXPECT_EQ(P->Replaced[1].Name, "top");
  EXPECT_EQ(P->Replaced[1].Why, "calls leaf(), which the kernel has as the "
                                "gcc clone leaf.constprop.0");
}

TEST(ReplacementPlan, Refusals) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(PlanIR, Ctx);
  ASSERT_TRUE(M);
  ShippedUnit U = planUnit();
  std::unique_ptr<Manifest> Man = planManifest();
  TuChanges Init;
  Init.Changed = {"init_fn"};
  EXPECT_EQ(errorOf(planReplacement(Init, *M, U, "vmlinux", *Man)),

            "fs/x.c: init_fn() is __init code, which the kernel "
            "frees after boot; a livepatch cannot change it");
  TuChanges Quiet;
  Quiet.Changed = {"quiet"};
  EXPECT_EQ(errorOf(planReplacement(Quiet, *M, U, "vmlinux", *Man)),
            "fs/x.c: quiet() has no ftrace entry (notrace or "
            "noinstr); livepatch redirects functions through "
            "ftrace and cannot replace it (change its callers "
            "instead)");
  // The debug info says show is 2 of 2; a manifest with one is another
  // kernel build.
  std::unique_ptr<Manifest> Other =
      manifest({{"show", "fs/x.c", 't', false}, {"top", "fs/x.c", 't', false}});
  TuChanges Show;
  Show.Changed = {"show"};
  Expected<ReplacementPlan> P = planReplacement(Show, *M, U, "vmlinux", *Other);
  ASSERT_FALSE(bool(P));
  EXPECT_NE(toString(P.takeError()).find("describe different kernel builds"),
            std::string::npos);
}

TEST(Extract, BindsCopiesAndDrops) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(PlanIR, Ctx);
  ASSERT_TRUE(M);
  ShippedUnit U = planUnit();
  std::unique_ptr<Manifest> Man = planManifest();
  TuChanges C;
  C.Changed = {"helper"};
  Expected<ReplacementPlan> P = planReplacement(C, *M, U, "vmlinux", *Man);
  ASSERT_OK(P);
  Expected<ExtractReport> R = extractReplacement(*M, *P, U, C);
  ASSERT_OK(R);
  EXPECT_FALSE(verifyModule(*M, &errs()));
  // The new body, renamed; helper() copied (the kernel has no code of it);
  // the static local bound to gcc's count.3; the .data.once flag fresh.
  Function *New = M->getFunction("__klp_new_show");
  ASSERT_NE(New, nullptr);
  EXPECT_FALSE(New->isDeclaration());
  Function *Helper = M->getFunction("helper");
  ASSERT_NE(Helper, nullptr);
  EXPECT_TRUE(Helper->hasInternalLinkage());
  EXPECT_NE(M->getNamedValue("\1.klp.sym.vmlinux.count.3,0"), nullptr);
  GlobalVariable *Once = M->getGlobalVariable("once", true);
  ASSERT_NE(Once, nullptr);
  EXPECT_TRUE(Once->hasInitializer());
  // Nothing else of the file: no top(), no module asm.
  EXPECT_EQ(M->getFunction("top"), nullptr);
  EXPECT_EQ(M->getModuleInlineAsm(), "");
  ASSERT_EQ(R->Bound.size(), 1u);
  EXPECT_EQ(R->Bound[0], "count -> .klp.sym.vmlinux.count.3,0");
}

TEST(Scaffold, NamesAndTables) {
  EXPECT_EQ(moduleNameFromPatch("/tmp/0001-proc-fix-the-thing.patch"),
            "livepatch_0001_proc_fix_the_thing");
  ReplacementPlan P;
  P.Object = "vmlinux";
  P.Replaced = {{"show", symbol("show", 2, 2), "changed"}};
  ReplacementPlan Q;
  Q.Object = "nfsd";
  Q.Replaced = {{"nfsd_show", symbol("nfsd_show"), "changed"}};
  Expected<Scaffold> S = makeScaffold("livepatch_fix", {P, Q},
                                      {"x_new.o", "y_new.o"}, "fix.patch");
  ASSERT_OK(S);
  EXPECT_NE(S->Source.find(".old_name = \"show\",\n\t\t.new_func = "
                           "__klp_new_show,\n\t\t.old_sympos = 2,"),
            std::string::npos);
  EXPECT_NE(S->Source.find(".name = \"nfsd\","), std::string::npos);
  EXPECT_NE(S->Source.find(".pre_patch = klp_vmlinux_guard,"),
            std::string::npos);
  EXPECT_NE(S->Source.find("MODULE_INFO(livepatch, \"Y\");"),
            std::string::npos);
  EXPECT_EQ(S->Kbuild, "obj-m := livepatch_fix.o\nlivepatch_fix-y := "
                       "klp_diff_patch.o x_new.o y_new.o\n");
  EXPECT_NE(errorOf(makeScaffold("bad name", {P}, {}, "f.patch")), "<success>");
}

} // namespace
