//===- HardwoodEnums.td - Hardwood enumerations ------------*- tablegen -*-===//

#ifndef HARDWOOD_ENUMS
#define HARDWOOD_ENUMS

include "mlir/IR/EnumAttr.td"

def Hardwood_TaskRegression : I32EnumAttrCase<"regression", 0>;
def Hardwood_TaskClassification : I32EnumAttrCase<"classification", 1>;
def Hardwood_TaskAnomaly : I32EnumAttrCase<"anomaly", 2>;
def Hardwood_TaskRanking : I32EnumAttrCase<"ranking", 3>;
def Hardwood_TaskAttr : I32EnumAttr<"Task", "what the model predicts",
    [Hardwood_TaskRegression, Hardwood_TaskClassification,
     Hardwood_TaskAnomaly, Hardwood_TaskRanking]> {
  let cppNamespace = "::hardwood";
}

def Hardwood_AggregationSum : I32EnumAttrCase<"sum", 0>;
def Hardwood_AggregationAverage : I32EnumAttrCase<"average", 1>;
def Hardwood_AggregationAttr : I32EnumAttr<"Aggregation",
    "how per-tree outputs combine",
    [Hardwood_AggregationSum, Hardwood_AggregationAverage]> {
  let cppNamespace = "::hardwood";
}

def Hardwood_TransformIdentity : I32EnumAttrCase<"identity", 0>;
def Hardwood_TransformSigmoid : I32EnumAttrCase<"sigmoid", 1>;
def Hardwood_TransformSoftmax : I32EnumAttrCase<"softmax", 2>;
def Hardwood_TransformOvrNormalize : I32EnumAttrCase<"ovr_normalize", 3>;
def Hardwood_TransformExp : I32EnumAttrCase<"exp", 4>;
def Hardwood_TransformSignedSquare : I32EnumAttrCase<"signed_square", 5>;
def Hardwood_TransformIsolationForest : I32EnumAttrCase<"isolation_forest", 6>;
def Hardwood_TransformBinaryHinge : I32EnumAttrCase<"binary_hinge", 7>;
def Hardwood_TransformModifiedHuber : I32EnumAttrCase<"modified_huber", 8>;
def Hardwood_TransformAttr : I32EnumAttr<"Transform",
    "post-transform from raw score to prediction",
    [Hardwood_TransformIdentity, Hardwood_TransformSigmoid,
     Hardwood_TransformSoftmax, Hardwood_TransformOvrNormalize,
     Hardwood_TransformExp, Hardwood_TransformSignedSquare,
     Hardwood_TransformIsolationForest, Hardwood_TransformBinaryHinge,
     Hardwood_TransformModifiedHuber]> {
  let cppNamespace = "::hardwood";
}

def Hardwood_CastCheckThenTruncate : I32EnumAttrCase<"check_then_truncate", 0>;
def Hardwood_CastTruncateThenCheck : I32EnumAttrCase<"truncate_then_check", 1>;
def Hardwood_CategoryCastAttr : I32EnumAttr<"CategoryCast",
    "how a categorical input value becomes a category",
    [Hardwood_CastCheckThenTruncate, Hardwood_CastTruncateThenCheck]> {
  let cppNamespace = "::hardwood";
}

def Hardwood_FamilyTreeEnsemble : I32EnumAttrCase<"tree_ensemble", 0>;
def Hardwood_FamilyLinear : I32EnumAttrCase<"linear", 1>;
def Hardwood_ModelFamilyAttr : I32EnumAttr<"ModelFamily",
    "the kind of model op a lowered model came from",
    [Hardwood_FamilyTreeEnsemble, Hardwood_FamilyLinear]> {
  let cppNamespace = "::hardwood";
  let genSpecializedAttr = 0;
}

//===----------------------------------------------------------------------===//
// Schedule enumerations (#hardwood.schedule)
//===----------------------------------------------------------------------===//

def Hardwood_StrategyScalarInterleaved
    : I32EnumAttrCase<"scalar_interleaved", 0>;
def Hardwood_StrategyVectorGather : I32EnumAttrCase<"vector_gather", 1>;
def Hardwood_StrategyLinearRowTiles : I32EnumAttrCase<"linear_row_tiles", 2>;
def Hardwood_StrategyVectorRegisterTop
    : I32EnumAttrCase<"vector_register_top", 3>;
def Hardwood_StrategyUnrolled : I32EnumAttrCase<"unrolled", 4>;
def Hardwood_TraversalStrategyAttr : I32EnumAttr<"TraversalStrategy",
    "how the kernels walk the trees (or evaluate a linear model)",
    [Hardwood_StrategyScalarInterleaved, Hardwood_StrategyVectorGather,
     Hardwood_StrategyLinearRowTiles, Hardwood_StrategyVectorRegisterTop,
     Hardwood_StrategyUnrolled]> {
  let cppNamespace = "::hardwood";
  let genSpecializedAttr = 0;
}

def Hardwood_LoopOrderTreeOuter : I32EnumAttrCase<"tree_outer", 0>;
def Hardwood_LoopOrderAttr : I32EnumAttr<"LoopOrder",
    "loop order within a block of rows",
    [Hardwood_LoopOrderTreeOuter]> {
  let cppNamespace = "::hardwood";
  let genSpecializedAttr = 0;
}

def Hardwood_NodeLayoutRecords16 : I32EnumAttrCase<"records16", 0>;
def Hardwood_NodeLayoutCompact8 : I32EnumAttrCase<"compact8", 1>;
def Hardwood_NodeLayoutAttr : I32EnumAttr<"NodeLayout",
    "how the node tables are laid out",
    [Hardwood_NodeLayoutRecords16, Hardwood_NodeLayoutCompact8]> {
  let cppNamespace = "::hardwood";
  let genSpecializedAttr = 0;
}

def Hardwood_TreeOrderModel : I32EnumAttrCase<"model", 0>;
def Hardwood_TreeOrderDepth : I32EnumAttrCase<"depth", 1>;
def Hardwood_TreeOrderAttr : I32EnumAttr<"TreeOrder",
    "order in which the lockstep walks of one row take the trees (their "
    "leaves are always added in model order)",
    [Hardwood_TreeOrderModel, Hardwood_TreeOrderDepth]> {
  let cppNamespace = "::hardwood";
  let genSpecializedAttr = 0;
}

def Hardwood_RowWalkTreeLanes : I32EnumAttrCase<"tree_lanes", 0>;
def Hardwood_RowWalkChains : I32EnumAttrCase<"chains", 1>;
def Hardwood_RowWalkAttr : I32EnumAttr<"RowWalk",
    "how vector_register_top walks single rows (trees in vector lanes or "
    "scalar chains)",
    [Hardwood_RowWalkTreeLanes, Hardwood_RowWalkChains]> {
  let cppNamespace = "::hardwood";
  let genSpecializedAttr = 0;
}

#endif // HARDWOOD_ENUMS
