//===- PredictCommand.cpp - hardwood predict ------------------------------===//

#include "Commands.h"
#include "LoadedModel.h"
#include "Options.h"

#include "llvm/Support/WithColor.h"

using namespace llvm;

namespace hardwood {

static int fail(const Twine &message) {
  WithColor::error(errs(), "hardwood predict") << message << "\n";
  return 1;
}

int runPredict() {
  if (std::optional<int> status = printTargetHelpIfAsked())
    return *status;
  // A bad --kind fails while parsing (exit 2); so does an unknown target.
  if (Expected<TargetDescription> target = resolveTarget(selectedTarget());
      !target) {
    WithColor::error(errs(), "hardwood predict")
        << toString(target.takeError()) << "\n";
    return 2;
  }
  Expected<NpyArray> input = readRows(predictInput);
  if (!input)
    return fail(toString(input.takeError()));
  Expected<LoadedModel> model =
      LoadedModel::open(predictModel, selectedTarget());
  if (!model)
    return fail(toString(model.takeError()));
  hw_kind kind = model->resolveKind(selectedKind());
  int64_t features = 0;
  hw_model_num_features(model->get(), &features);
  // A 1-D input is one row.
  int64_t rows = input->shape.size() == 1 ? 1 : input->shape[0];
  int64_t columns =
      input->shape.size() == 1 ? input->shape[0] : input->shape[1];
  if (columns != features)
    return fail(predictInput + ": rows have " + Twine(columns) +
                " features; the model expects " + Twine(features));
  int64_t width = 0;
  hw_dtype outDtype;
  if (hw_model_output_width(model->get(), kind, &width) != HW_OK ||
      hw_model_output_dtype(model->get(), kind, &outDtype) != HW_OK)
    return fail(hw_last_error());
  NpyArray output;
  output.dtype = outDtype;
  // One output per row is 1-D, as the reference libraries return it; the
  // leaf kind is always rows x trees (docs/model-format.md).
  output.shape = width == 1 && kind != HW_KIND_LEAF
                     ? std::vector<int64_t>{rows}
                     : std::vector<int64_t>{rows, width};
  output.data.resize(rows * width * hw_dtype_size(outDtype));
  hw_predict_options options = HW_PREDICT_OPTIONS_INIT;
  options.threads = threads;
  if (hw_predict(model->get(), kind, input->data.data(), input->dtype, rows,
                 columns, output.data.data(), &options) != HW_OK)
    return fail(hw_last_error());
  if (Error error = writeArray(predictOutput, output))
    return fail(toString(std::move(error)));
  return 0;
}

} // namespace hardwood
