/* Predicts with a model compiled at build time (hardwood_add_model): the
 * kernel directly for each row, and hw_predict through the runtime for the
 * batch; checks they agree bit for bit and, when EXPECTED.bin is given,
 * agree with its float64 probabilities within 1e-5 * max(1, |expected|).
 * Prints the model's content hash and the sum of the probabilities.
 *
 *   model_app ROWS.bin [EXPECTED.bin]   (float32 rows, C order) */
#include "classifier.h"

#include <hardwood/hardwood.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kFeatures = CLASSIFIER_NUM_FEATURES, kWidth = CLASSIFIER_PROBA_WIDTH };

static void *readFile(const char *path, size_t *size) {
  FILE *file = fopen(path, "rb");
  if (!file)
    return NULL;
  fseek(file, 0, SEEK_END);
  long length = ftell(file);
  fseek(file, 0, SEEK_SET);
  void *data = length > 0 ? malloc((size_t)length) : NULL;
  if (data && fread(data, 1, (size_t)length, file) != (size_t)length) {
    free(data);
    data = NULL;
  }
  fclose(file);
  *size = data ? (size_t)length : 0;
  return data;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s ROWS.bin [EXPECTED.bin]\n", argv[0]);
    return 2;
  }
  size_t bytes;
  float *rows = readFile(argv[1], &bytes);
  if (!rows || bytes % (sizeof(float) * kFeatures)) {
    fprintf(stderr, "%s: expected float32 rows of %d features\n", argv[1],
            kFeatures);
    return 1;
  }
  long n = (long)(bytes / (sizeof(float) * kFeatures));
  float *direct = malloc(sizeof(float) * n * kWidth);
  float *batch = malloc(sizeof(float) * n * kWidth);
  for (long r = 0; r < n; ++r)
    classifier_proba(rows + r * kFeatures, 1, kFeatures, direct + r * kWidth);

  hw_model *model;
  if (hw_model_from_descriptor(hardwood_model_classifier(), &model) != HW_OK) {
    fprintf(stderr, "hw_model_from_descriptor: %s\n", hw_last_error());
    return 1;
  }
  hw_predict_options options = HW_PREDICT_OPTIONS_INIT;
  if (hw_predict(model, HW_KIND_PROBA, rows, HW_DTYPE_F32, n, kFeatures, batch,
                 &options) != HW_OK) {
    fprintf(stderr, "hw_predict: %s\n", hw_last_error());
    return 1;
  }
  const char *hash = "";
  hw_model_content_hash(model, &hash);
  if (memcmp(direct, batch, sizeof(float) * n * kWidth) != 0) {
    fprintf(stderr, "kernel and hw_predict differ\n");
    return 1;
  }
  if (argc > 2) {
    double *expected = readFile(argv[2], &bytes);
    if (!expected || bytes != sizeof(double) * n * kWidth) {
      fprintf(stderr, "%s: expected %ld x %d float64 values\n", argv[2], n,
              kWidth);
      return 1;
    }
    for (long i = 0; i < n * kWidth; ++i)
      if (fabs(batch[i] - expected[i]) > 1e-5 * fmax(1.0, fabs(expected[i]))) {
        fprintf(stderr, "value %ld: %g, expected %g\n", i, batch[i],
                expected[i]);
        return 1;
      }
    free(expected);
  }
  double sum = 0;
  for (long i = 0; i < n * kWidth; ++i)
    sum += batch[i] * (double)(i % kWidth + 1);
  printf("model %s: %ld rows, weighted probability sum %.6f\n", hash, n, sum);
  hw_model_free(model);
  free(direct);
  free(batch);
  free(rows);
  return 0;
}
