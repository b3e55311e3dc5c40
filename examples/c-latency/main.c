/* Single-row latency of a compiled model from plain C: calls the generated
 * kernel directly, one row per call (no runtime, no threads, no copies), and
 * for comparison hw_predict() of the runtime's shared library on the same
 * rows. Prints ns/row for both and checks they agree bit for bit.
 *
 *   c_latency ROWS.bin [EXPECTED.bin]
 *
 * ROWS.bin holds float32 rows of CLASSIFIER_NUM_FEATURES values (C order);
 * EXPECTED.bin, when given, float64 class probabilities (for example
 * scikit-learn's predict_proba), compared within 1e-5 * max(1, |expected|).
 * The model is compiled with
 *   hardwood compile model.json -o classifier.a --emit static
 *            --header classifier.h --name classifier */
#define _POSIX_C_SOURCE 200809L

#include "classifier.h"

#include <hardwood/hardwood.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { kFeatures = CLASSIFIER_NUM_FEATURES, kWidth = CLASSIFIER_PROBA_WIDTH };
/* Timed passes over all rows; the fastest is the least disturbed by other
 * processes. */
enum { kPasses = 20 };

static double nowNs(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* Reads a whole file; returns NULL on failure. */
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

/* Best ns/row over kPasses passes of one-row calls of the kernel. */
static double timeKernel(const float *rows, long n, float *out) {
  double best = INFINITY;
  for (int pass = 0; pass < kPasses; ++pass) {
    double start = nowNs();
    for (long r = 0; r < n; ++r)
      classifier_proba(rows + r * kFeatures, 1, kFeatures, out + r * kWidth);
    double perRow = (nowNs() - start) / (double)n;
    if (perRow < best)
      best = perRow;
  }
  return best;
}

/* The same through the runtime: validation and dispatch per call. */
static double timeRuntime(const hw_model *model, const float *rows, long n,
                          float *out) {
  hw_predict_options options = HW_PREDICT_OPTIONS_INIT;
  options.threads = 1;
  double best = INFINITY;
  for (int pass = 0; pass < kPasses; ++pass) {
    double start = nowNs();
    for (long r = 0; r < n; ++r)
      if (hw_predict(model, HW_KIND_PROBA, rows + r * kFeatures, HW_DTYPE_F32,
                     1, kFeatures, out + r * kWidth, &options) != HW_OK) {
        fprintf(stderr, "hw_predict: %s\n", hw_last_error());
        return -1;
      }
    double perRow = (nowNs() - start) / (double)n;
    if (perRow < best)
      best = perRow;
  }
  return best;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s ROWS.bin [EXPECTED.bin]\n", argv[0]);
    return 2;
  }
  size_t bytes = 0;
  float *rows = readFile(argv[1], &bytes);
  if (!rows || bytes % (kFeatures * sizeof(float)) != 0) {
    fprintf(stderr, "%s: cannot read float32 rows of %d features\n", argv[1],
            kFeatures);
    return 1;
  }
  long n = (long)(bytes / (kFeatures * sizeof(float)));
  float *direct = malloc(sizeof(float) * n * kWidth);
  float *viaRuntime = malloc(sizeof(float) * n * kWidth);
  hw_model *model = NULL;
  if (!direct || !viaRuntime ||
      hw_model_from_descriptor(hardwood_model_classifier(), &model) != HW_OK) {
    fprintf(stderr, "setup failed: %s\n", hw_last_error());
    return 1;
  }

  double kernelNs = timeKernel(rows, n, direct);
  double runtimeNs = timeRuntime(model, rows, n, viaRuntime);
  if (runtimeNs < 0)
    return 1;
  printf("classifier_proba (direct kernel call): %8.1f ns/row\n", kernelNs);
  printf("hw_predict (runtime, 1 thread):        %8.1f ns/row\n", runtimeNs);
  printf("batch 1, best of %d passes over %ld rows, %d features, %d trees\n",
         kPasses, n, kFeatures, CLASSIFIER_NUM_TREES);

  int mismatches = 0;
  if (memcmp(direct, viaRuntime, sizeof(float) * n * kWidth) != 0) {
    fprintf(stderr, "direct kernel calls and hw_predict disagree\n");
    ++mismatches;
  }
  if (argc == 3) {
    double *expected = readFile(argv[2], &bytes);
    if (!expected || bytes != sizeof(double) * n * kWidth) {
      fprintf(stderr, "%s: expected %ld float64 values\n", argv[2], n * kWidth);
      return 1;
    }
    for (long i = 0; i < n * kWidth; ++i) {
      double error = fabs(direct[i] - expected[i]);
      if (!(error <= 1e-5 * fmax(1.0, fabs(expected[i]))) && ++mismatches <= 5)
        fprintf(stderr, "row %ld, class %ld: %.9g, expected %.9g\n", i / kWidth,
                i % kWidth, direct[i], expected[i]);
    }
    free(expected);
  }
  hw_model_free(model);
  free(rows);
  free(direct);
  free(viaRuntime);
  if (mismatches) {
    fprintf(stderr, "FAILED: %d mismatches\n", mismatches);
    return 1;
  }
  printf("results agree\n");
  return 0;
}
