//===- HardwoodDialect.td - Hardwood dialect definition ----*- tablegen -*-===//
//
// The dialect that carries a trained model as data: tree ensembles with their
// node arrays, aggregation and post-transform, and linear models.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_DIALECT
#define HARDWOOD_DIALECT

include "mlir/IR/OpBase.td"

def Hardwood_Dialect : Dialect {
  let name = "hardwood";
  let summary = "Trained tree ensembles and linear models as IR";
  let description = [{
    The Hardwood dialect represents a trained model before any scheduling
    decision: `hardwood.ensemble` holds `hardwood.tree` ops whose nodes live in
    dense arrays, `hardwood.linear` holds a weight matrix. Passes fold, narrow
    and finally lower these ops to node tables and kernels in the standard
    dialects.
  }];
  let cppNamespace = "::hardwood";
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

class Hardwood_Op<string mnemonic, list<Trait> traits = []>
    : Op<Hardwood_Dialect, mnemonic, traits>;

#endif // HARDWOOD_DIALECT
