/* The public header compiles as strict C99 and the shared runtime exports the
 * API: predict with a statically linked model through libhardwood_runtime.so.
 */
#include "fake_model.h"
#include "hardwood/hardwood.h"

#include <stdio.h>

int main(void) {
  hw_model *model = NULL;
  if (hw_model_from_descriptor(fake_forest_descriptor(), &model) != HW_OK) {
    fprintf(stderr, "from_descriptor: %s\n", hw_last_error());
    return 1;
  }
  float x[2 * FAKE_FOREST_FEATURES] = {0.0f, -1.0f, 0.0f, 0.0f,
                                       1.0f, 1.0f,  1.0f, 1.0f};
  float proba[2 * FAKE_FOREST_CLASSES];
  hw_predict_options opts = HW_PREDICT_OPTIONS_INIT;
  opts.threads = 1;
  hw_status status = hw_predict(model, HW_KIND_PROBA, x, HW_DTYPE_F32, 2,
                                FAKE_FOREST_FEATURES, proba, &opts);
  if (status != HW_OK) {
    fprintf(stderr, "%s: %s\n", hw_status_string(status), hw_last_error());
    return 1;
  }
  int64_t width = 0;
  hw_model_output_width(model, HW_KIND_PROBA, &width);
  hw_model_free(model);
  if (width != FAKE_FOREST_CLASSES || proba[0] + proba[1] != 1.0f) {
    fprintf(stderr, "unexpected output\n");
    return 1;
  }
  printf("hardwood runtime %s: ok\n", hw_runtime_version());
  return 0;
}
