//===- diff/TuCompare.cpp - Which functions a fix changed -----------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "diff/TuCompare.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/FunctionComparator.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

using namespace llvm;

namespace klp {

namespace {

// clang names the static local `var` of f() "f.var", and a second one of
// that name (lockdep's __key of each init_waitqueue_head() in f) "f.var.N"
// with N counted over the whole module: a fix that adds a static local
// anywhere above renumbers them all.
bool isStaticLocal(const GlobalVariable &GV) {
  return GV.hasLocalLinkage() && !GV.hasPrivateLinkage() &&
         GV.getName().contains('.');
}

StringRef staticLocalStem(StringRef Name) {
  StringRef Base = Name.rtrim("0123456789");
  if (Base.size() < Name.size() && Base.ends_with(".") &&
      Base.drop_back().contains('.'))
    return Base.drop_back();
  return Name;
}

// An unnamed constant: a string literal, a compound literal, __func__ ...;
// clang numbers them in the order the file uses them, so only their content
// identifies them across two versions of the file.
bool isAnonymousConstant(const GlobalVariable &GV) {
  return GV.hasPrivateLinkage() && GV.isConstant() && GV.hasInitializer();
}

// Two modules read into one context get distinct struct types of the same
// C struct ("struct.atomic64_t" and "struct.atomic64_t.0"): Before's types
// are mapped onto After's structurally, so that equal code and equal data
// come out as the same IR.
class StructTypeMapper : public ValueMapTypeRemapper {
public:
  explicit StructTypeMapper(Module &After) {
    for (StructType *S : After.getIdentifiedStructTypes())
      if (S->hasName())
        ByBaseName[baseName(S->getName())].push_back(S);
  }

  /// Whether \p B (Before's) and \p A (After's) have the same structure.
  bool same(Type *B, Type *A) {
    Assumed.clear();
    return isomorphic(B, A);
  }

  Type *remapType(Type *T) override {
    auto It = Cache.find(T);
    if (It != Cache.end())
      return It->second;
    Type *Mapped = map(T);
    Cache[T] = Mapped;
    return Mapped;
  }

private:
  static StringRef baseName(StringRef Name) {
    // "union.anon.14.3" -> "union.anon": clang numbers anonymous types,
    // and LLVM adds a suffix when a name is taken in the context.
    while (true) {
      StringRef Base = Name.rtrim("0123456789");
      if (Base.size() == Name.size() || !Base.ends_with("."))
        return Name;
      Name = Base.drop_back();
    }
  }

  Type *map(Type *T) {
    if (auto *S = dyn_cast<StructType>(T)) {
      if (S->hasName()) {
        // The same name first ("union.anon.21" is "union.anon.21.4" in
        // After when the fix did not add anonymous types before it), then
        // any of the same base name with the same structure.
        SmallVector<StructType *, 4> Candidates(
            ByBaseName.lookup(baseName(S->getName())));
        std::stable_sort(Candidates.begin(), Candidates.end(),
                         [&](StructType *L, StructType *R) {
                           return rank(S, L) < rank(S, R);
                         });
        for (StructType *Candidate : Candidates) {
          Assumed.clear();
          if (isomorphic(S, Candidate))
            return Candidate;
        }
        return T;
      }
      SmallVector<Type *, 8> Elements;
      for (Type *E : S->elements())
        Elements.push_back(remapType(E));
      return StructType::get(T->getContext(), Elements, S->isPacked());
    }
    if (auto *A = dyn_cast<ArrayType>(T))
      return ArrayType::get(remapType(A->getElementType()),
                            A->getNumElements());
    if (auto *V = dyn_cast<FixedVectorType>(T))
      return FixedVectorType::get(remapType(V->getElementType()),
                                  V->getNumElements());
    if (auto *F = dyn_cast<FunctionType>(T)) {
      SmallVector<Type *, 8> Params;
      for (Type *P : F->params())
        Params.push_back(remapType(P));
      return FunctionType::get(remapType(F->getReturnType()), Params,
                               F->isVarArg());
    }
    return T;
  }

  static int rank(StructType *S, StructType *Candidate) {
    StringRef Name = Candidate->getName();
    if (Name == S->getName())
      return 0;
    if (Name.starts_with(S->getName()) &&
        Name.drop_front(S->getName().size()).starts_with("."))
      return 1;
    return 2;
  }

  // The same structure, element by element; a pair of named structs met
  // again on the way is assumed equal (recursive types).
  bool isomorphic(Type *B, Type *A) {
    if (B == A)
      return true;
    if (B->getTypeID() != A->getTypeID())
      return false;
    if (auto *SB = dyn_cast<StructType>(B)) {
      auto *SA = cast<StructType>(A);
      if (SB->isOpaque() || SA->isOpaque())
        return SB->isOpaque() && SA->isOpaque();
      if (SB->isPacked() != SA->isPacked() ||
          SB->getNumElements() != SA->getNumElements())
        return false;
      if (!Assumed.insert({SB, SA}).second)
        return true;
      for (unsigned I = 0; I < SB->getNumElements(); ++I)
        if (!isomorphic(SB->getElementType(I), SA->getElementType(I)))
          return false;
      return true;
    }
    if (auto *AB = dyn_cast<ArrayType>(B))
      return AB->getNumElements() == cast<ArrayType>(A)->getNumElements() &&
             isomorphic(AB->getElementType(),
                        cast<ArrayType>(A)->getElementType());
    if (auto *VB = dyn_cast<FixedVectorType>(B))
      return VB->getNumElements() ==
                 cast<FixedVectorType>(A)->getNumElements() &&
             isomorphic(VB->getElementType(),
                        cast<FixedVectorType>(A)->getElementType());
    if (auto *FB = dyn_cast<FunctionType>(B)) {
      auto *FA = cast<FunctionType>(A);
      if (FB->isVarArg() != FA->isVarArg() ||
          FB->getNumParams() != FA->getNumParams() ||
          !isomorphic(FB->getReturnType(), FA->getReturnType()))
        return false;
      for (unsigned I = 0; I < FB->getNumParams(); ++I)
        if (!isomorphic(FB->getParamType(I), FA->getParamType(I)))
          return false;
      return true;
    }
    return false; // integers, pointers, ...: equal types are one object
  }

  DenseSet<std::pair<Type *, Type *>> Assumed;
  StringMap<SmallVector<StructType *, 1>> ByBaseName;
  DenseMap<Type *, Type *> Cache;
};

class UnitMatcher {
public:
  UnitMatcher(Module &Before, Module &After)
      : Before(Before), After(After), Types(After) {}

  /// Maps every global of Before to its counterpart in After, or to a
  /// stand-in declaration of its own when After has none.
  void mapGlobals();
  bool sameFunction(Function &B, Function &A);
  bool sameInitializer(GlobalVariable &B, GlobalVariable &A);
  bool sameConstant(const Constant *B, const Constant *A);
  void eraseStandIns();
  bool sameType(Type *B, Type *A) { return Types.same(B, A); }
  /// Before's counterpart of \p A (by name, or the paired static local).
  GlobalVariable *before(GlobalVariable &A) {
    if (isStaticLocal(A)) {
      for (auto &[B, Paired] : StaticLocals)
        if (Paired == &A)
          return const_cast<GlobalVariable *>(B);
      return nullptr;
    }
    return Before.getGlobalVariable(A.getName(), true);
  }

private:
  GlobalValue *counterpart(GlobalValue &B);

  Module &Before, &After;
  StructTypeMapper Types;
  DenseMap<const Value *, Value *> Map;
  DenseMap<const Constant *, GlobalVariable *> AnonymousByContent;
  /// Before's static locals paired with After's: the i-th "f.var*" of one
  /// with the i-th of the other, when both have as many.
  DenseMap<const GlobalVariable *, GlobalVariable *> StaticLocals;
  SmallVector<GlobalValue *, 16> StandIns;
  GlobalNumberState Numbers;
};

GlobalValue *UnitMatcher::counterpart(GlobalValue &B) {
  if (auto *BV = dyn_cast<GlobalVariable>(&B); BV && isAnonymousConstant(*BV))
    return AnonymousByContent.lookup(BV->getInitializer());
  if (auto *BV = dyn_cast<GlobalVariable>(&B); BV && isStaticLocal(*BV))
    return StaticLocals.lookup(BV);
  if (B.hasPrivateLinkage() || !B.hasName())
    return nullptr;
  GlobalValue *A = After.getNamedValue(B.getName());
  if (!A || A->getValueID() != B.getValueID() ||
      A->getValueType() != Types.remapType(B.getValueType()))
    return nullptr;
  return A;
}

void UnitMatcher::mapGlobals() {
  // Anonymous constants whose content references only other anonymous
  // constants or plain data are uniqued by the context: equal content is
  // the same Constant.
  for (GlobalVariable &A : After.globals())
    if (isAnonymousConstant(A))
      AnonymousByContent.try_emplace(A.getInitializer(), &A);
  StringMap<SmallVector<GlobalVariable *, 2>> LocalsB, LocalsA;
  for (GlobalVariable &G : Before.globals())
    if (isStaticLocal(G))
      LocalsB[staticLocalStem(G.getName())].push_back(&G);
  for (GlobalVariable &G : After.globals())
    if (isStaticLocal(G))
      LocalsA[staticLocalStem(G.getName())].push_back(&G);
  for (auto &[Stem, Bs] : LocalsB) {
    auto It = LocalsA.find(Stem);
    if (It == LocalsA.end() || It->second.size() != Bs.size())
      continue; // the function's statics changed: nothing is paired
    for (size_t I = 0; I < Bs.size(); ++I)
      if (Types.same(Bs[I]->getValueType(), It->second[I]->getValueType()))
        StaticLocals[Bs[I]] = It->second[I];
  }
  SmallVector<GlobalVariable *, 16> Unmatched;
  for (GlobalValue &B : Before.global_values()) {
    if (GlobalValue *A = counterpart(B)) {
      Map[&B] = A;
      continue;
    }
    auto *BV = dyn_cast<GlobalVariable>(&B);
    if (BV && isAnonymousConstant(*BV)) {
      Unmatched.push_back(BV);
      continue;
    }
    GlobalValue *StandIn;
    if (auto *F = dyn_cast<Function>(&B))
      StandIn = Function::Create(
          cast<FunctionType>(Types.remapType(F->getFunctionType())),
          GlobalValue::ExternalLinkage, F->getAddressSpace(), "__klp_before",
          &After);
    else
      StandIn = new GlobalVariable(After, Types.remapType(B.getValueType()),
                                   false, GlobalValue::ExternalLinkage, nullptr,
                                   "__klp_before");
    StandIns.push_back(StandIn);
    Map[&B] = StandIn;
  }
  // Anonymous constants whose content has struct types (compound literals)
  // or refers to other globals: by structure, once the named globals are
  // mapped; each After constant stands for one Before constant.
  SmallPtrSet<const GlobalVariable *, 16> Taken;
  for (auto &[K, V] : Map)
    if (auto *AV = dyn_cast<GlobalVariable>(V))
      Taken.insert(AV);
  for (GlobalVariable *BV : Unmatched) {
    GlobalVariable *Found = nullptr;
    for (GlobalVariable &AV : After.globals())
      if (isAnonymousConstant(AV) && !Taken.count(&AV) &&
          sameConstant(BV->getInitializer(), AV.getInitializer())) {
        Found = &AV;
        break;
      }
    if (!Found) {
      Found = new GlobalVariable(After, Types.remapType(BV->getValueType()),
                                 true, GlobalValue::ExternalLinkage, nullptr,
                                 "__klp_before");
      StandIns.push_back(Found);
    } else {
      Taken.insert(Found);
    }
    Map[BV] = Found;
  }
}

bool UnitMatcher::sameFunction(Function &B, Function &A) {
  // The comparison needs both bodies in one module, where "the same global"
  // is one object: B's body is cloned into After with its globals mapped.
  Function *Clone = Function::Create(
      cast<FunctionType>(Types.remapType(B.getFunctionType())), B.getLinkage(),
      B.getAddressSpace(), "__klp_before_body", &After);
  ValueToValueMapTy VMap;
  for (auto &[K, V] : Map)
    VMap[K] = V;
  // A recursive call is a call of the function itself on both sides.
  VMap[&B] = Clone;
  auto CloneArg = Clone->arg_begin();
  for (Argument &Arg : B.args())
    VMap[&Arg] = &*CloneArg++;
  SmallVector<ReturnInst *, 4> Returns;
  CloneFunctionInto(Clone, &B, VMap, CloneFunctionChangeType::DifferentModule,
                    Returns, "", nullptr, &Types);
  Clone->setSection(B.getSection());
  bool Same = FunctionComparator(Clone, &A, &Numbers).compare() == 0;
  if (!Same && getenv("KLP_DIFF_DEBUG")) {
    Clone->print(errs());
    A.print(errs());
  }
  Numbers.erase(Clone);
  Clone->eraseFromParent();
  return Same;
}

bool UnitMatcher::sameInitializer(GlobalVariable &B, GlobalVariable &A) {
  return sameConstant(B.getInitializer(), A.getInitializer());
}

// Equal content, compared structurally: Before's and After's struct types
// are distinct objects even for one C struct (and clang numbers anonymous
// ones in order, which a fix may shift), so uniquing cannot decide.
bool UnitMatcher::sameConstant(const Constant *B, const Constant *A) {
  if (!Types.same(B->getType(), A->getType()))
    return false;
  if (auto *GB = dyn_cast<GlobalValue>(B)) {
    auto It = Map.find(GB);
    return It != Map.end() && It->second == A;
  }
  if (B->getValueID() != A->getValueID())
    return false;
  if (auto *IB = dyn_cast<ConstantInt>(B))
    return IB->getValue() == cast<ConstantInt>(A)->getValue();
  if (auto *FB = dyn_cast<ConstantFP>(B))
    return FB->getValueAPF().bitwiseIsEqual(cast<ConstantFP>(A)->getValueAPF());
  if (auto *DB = dyn_cast<ConstantDataSequential>(B))
    return DB->getRawDataValues() ==
           cast<ConstantDataSequential>(A)->getRawDataValues();
  if (auto *EB = dyn_cast<ConstantExpr>(B)) {
    auto *EA = cast<ConstantExpr>(A);
    if (EB->getOpcode() != EA->getOpcode() ||
        EB->getRawSubclassOptionalData() != EA->getRawSubclassOptionalData())
      return false;
    if (auto *GB = dyn_cast<GEPOperator>(EB))
      if (!Types.same(GB->getSourceElementType(),
                      cast<GEPOperator>(EA)->getSourceElementType()))
        return false;
    // (LLVM 19 has no compare constant expressions left.)
  } else if (!isa<ConstantAggregate>(B) && B->getNumOperands() == 0) {
    // zeroinitializer, null, undef, poison: the same kind of the same type.
    return true;
  } else if (!isa<ConstantAggregate>(B)) {
    return false; // block addresses, ptrauth, ...: not worth telling apart
  }
  if (B->getNumOperands() != A->getNumOperands())
    return false;
  for (unsigned I = 0; I < B->getNumOperands(); ++I)
    if (!sameConstant(cast<Constant>(B->getOperand(I)),
                      cast<Constant>(A->getOperand(I))))
      return false;
  return true;
}

void UnitMatcher::eraseStandIns() {
  for (GlobalValue *G : StandIns) {
    Numbers.erase(G);
    G->eraseFromParent();
  }
  StandIns.clear();
}

} // namespace

Expected<TuChanges> compareUnits(Module &Before, Module &After,
                                 StringRef File) {
  StripDebugInfo(Before);
  StripDebugInfo(After);
  UnitMatcher Matcher(Before, After);
  Matcher.mapGlobals();
  TuChanges Changes;

  for (GlobalVariable &A : After.globals()) {
    if (!A.hasInitializer() || A.hasPrivateLinkage() || !A.hasName() ||
        A.getName().starts_with("llvm."))
      continue;
    GlobalVariable *B = Matcher.before(A);
    if (!B || !B->hasInitializer()) {
      Changes.AddedData.push_back(A.getName().str());
      continue;
    }
    if (!Matcher.sameType(B->getValueType(), A.getValueType())) {
      Matcher.eraseStandIns();
      return createStringError(
          inconvertibleErrorCode(),
          File + ": the fix changes the type of '" + A.getName() +
              "'; livepatch replaces functions, existing data keeps the "
              "shipped kernel's layout (use a shadow variable, "
              "<linux/livepatch.h> klp_shadow_*, for new per-object state)");
    }
    if (!Matcher.sameInitializer(*B, A)) {
      Matcher.eraseStandIns();
      return createStringError(
          inconvertibleErrorCode(),
          File + ": the fix changes the initial value of '" + A.getName() +
              "'; a livepatch cannot change data the kernel already "
              "initialized (change it in a post-patch callback, "
              "KLP_POST_PATCH_CALLBACK in klp.h, instead)");
    }
  }

  // Collected first: each comparison adds a function to After and erases it.
  SmallVector<Function *, 64> Defined;
  for (Function &A : After.functions())
    if (!A.isDeclaration())
      Defined.push_back(&A);
  for (Function *A : Defined) {
    Function *B = Before.getFunction(A->getName());
    if (!B || B->isDeclaration())
      Changes.Added.push_back(A->getName().str());
    else if (!Matcher.sameFunction(*B, *A))
      Changes.Changed.push_back(A->getName().str());
  }
  for (Function &B : Before.functions())
    if (!B.isDeclaration()) {
      Function *A = After.getFunction(B.getName());
      if (!A || A->isDeclaration())
        Changes.Removed.push_back(B.getName().str());
    }
  Matcher.eraseStandIns();
  return Changes;
}

} // namespace klp
