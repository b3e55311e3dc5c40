//===- ModelEvaluator.h - Reference walk of imported ensembles --*- C++ -*-===//
//
// A deliberately plain interpreter of hardwood.ensemble, written from
// docs/model-format.md, so importer tests can check imported models against
// the predictions of the library that trained them.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_TESTS_UNIT_IMPORT_MODELEVALUATOR_H
#define HARDWOOD_TESTS_UNIT_IMPORT_MODELEVALUATOR_H

#include "hardwood/Dialect/HardwoodOps.h"

#include <vector>

namespace hardwood::test {

struct Evaluation {
  /// base_score + aggregated tree outputs (the `decision` kind).
  std::vector<double> margin;
  /// The leaf reached in each tree (the `leaf` kind).
  std::vector<int32_t> leaves;
};

/// Walks every tree for one row, given in float64 (rounded to float32 first
/// when the model's input type is f32).
Evaluation evaluate(hardwood::EnsembleOp ensemble,
                    const std::vector<double> &row);

/// The transform applied to `margin` per output (sigmoid, exp, softmax...).
std::vector<double> transform(hardwood::EnsembleOp ensemble,
                              const std::vector<double> &margin);

} // namespace hardwood::test

#endif // HARDWOOD_TESTS_UNIT_IMPORT_MODELEVALUATOR_H
