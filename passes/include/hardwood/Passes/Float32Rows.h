//===- Float32Rows.h - Float64 ensembles' kernels for float32 rows --------===//
//
// A float64 tree ensemble also gets kernels that read float32 rows
// (hw_model_descriptor.kernels_f32): hardwood-lower-to-kernels lowers them
// from a copy of the ensemble whose input type is f32 and whose thresholds
// are narrowed to float32 (NarrowThresholds' rule, exact for float32
// inputs), with its own schedule (EnsembleOp's float32_rows_schedule). The
// copy walks with the float32 strategies (register images, compact float32
// records) and adds the same float64 leaf values in the same order, so it
// writes the float64 kernels' bits on the widened rows.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_PASSES_FLOAT32ROWS_H
#define HARDWOOD_PASSES_FLOAT32ROWS_H

#include "hardwood/Dialect/HardwoodOps.h"

namespace hardwood {

/// Whether float64 `ensemble` has an exact float32-rows copy: numeric
/// splits only (a category is read from the row as a float64 value), no
/// linear leaves (their terms multiply float64 inputs), no zero snapping
/// (its bound is a float64 value). False for float32 ensembles.
bool hasExactFloat32RowsCopy(EnsembleOp ensemble);

/// The float32 value that decides `x <= threshold` (or `x < threshold`
/// when `strictLess`) identically for every float32 `x`.
double narrowThresholdToFloat32(double threshold, bool strictLess);

/// Replaces every split threshold of `ensemble` by its float32 equivalent
/// (narrowThresholdToFloat32).
void narrowThresholdsToFloat32(EnsembleOp ensemble);

/// A copy of float64 `ensemble`, inserted after it, that reads float32
/// rows: input type f32, thresholds narrowed, `schedule` as its schedule
/// and no float32_rows_schedule. The caller erases it once lowered.
EnsembleOp createFloat32RowsCopy(EnsembleOp ensemble, ScheduleAttr schedule);

} // namespace hardwood

#endif // HARDWOOD_PASSES_FLOAT32ROWS_H
