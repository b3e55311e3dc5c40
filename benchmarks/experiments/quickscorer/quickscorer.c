// QuickScorer (Lucchese et al., SIGIR'15) and its SIMD form V-QuickScorer
// (SIGIR'16) for XGBoost models of at most 64 leaves per tree, timed against
// a Hardwood library of the same model in the same run (thread CPU time,
// one thread, the minimum over alternating repetitions). An experiment
// behind a cost-model decision, not part of the product: see README.md.
//
//   quickscorer TABLES ROWS.npy NUM_ROWS REPS MODEL.so
//
// TABLES comes from export_tables.py. Each tree is a 64-bit vector of
// reachable leaves (leaves numbered left to right); a split whose test is
// false (x >= threshold: the row goes right) clears the leaves of its left
// subtree. Per feature, splits are sorted by threshold, so a row visits
// only the false splits and stops at the first true one; the exit leaf of
// a tree is the lowest bit left. V-QuickScorer runs 16 rows per block: one
// compare of 16 rows against a threshold, then a masked AND of the 16 rows'
// vectors of that tree; the scan stops when no row of the block is past
// the threshold.
#include <hardwood/hardwood.h>

#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { kMaxTrees = 4096, kBlockRows = 16, kLeaves = 64 };

struct Tables {
  int64_t numFeatures, numTrees, numSplits;
  double baseMargin;
  int64_t *featureStart; // splits of feature f: [start[f], start[f + 1])
  float *threshold;
  int32_t *tree;
  uint64_t *mask;   // leaves that stay reachable when the split is false
  float *leafValue; // numTrees x 64
};

static double threadNs(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static void *readArray(FILE *f, size_t bytes) {
  void *p = aligned_alloc(64, (bytes + 127) / 64 * 64);
  if (!p || fread(p, 1, bytes, f) != bytes) {
    fprintf(stderr, "tables file is truncated\n");
    exit(1);
  }
  return p;
}

static struct Tables readTables(const char *path) {
  struct Tables t;
  FILE *f = fopen(path, "rb");
  int64_t header[3];
  if (!f || fread(header, 8, 3, f) != 3 || fread(&t.baseMargin, 8, 1, f) != 1) {
    fprintf(stderr, "%s: cannot read the header\n", path);
    exit(1);
  }
  t.numFeatures = header[0];
  t.numTrees = header[1];
  t.numSplits = header[2];
  if (t.numTrees > kMaxTrees) {
    fprintf(stderr, "%s: more than %d trees\n", path, kMaxTrees);
    exit(1);
  }
  t.featureStart = readArray(f, (t.numFeatures + 1) * 8);
  t.threshold = readArray(f, t.numSplits * 4);
  t.tree = readArray(f, t.numSplits * 4);
  t.mask = readArray(f, t.numSplits * 8);
  t.leafValue = readArray(f, t.numTrees * kLeaves * 4);
  fclose(f);
  return t;
}

static void scoreScalar(const struct Tables *t, const float *x, int64_t rows,
                        float *out) {
  static uint64_t leaves[kMaxTrees];
  for (int64_t r = 0; r < rows; ++r) {
    const float *row = x + r * t->numFeatures;
    memset(leaves, 0xff, t->numTrees * 8);
    for (int64_t f = 0; f < t->numFeatures; ++f) {
      float value = row[f];
      for (int64_t i = t->featureStart[f];
           i < t->featureStart[f + 1] && t->threshold[i] <= value; ++i)
        leaves[t->tree[i]] &= t->mask[i];
    }
    float sum = 0;
    for (int64_t k = 0; k < t->numTrees; ++k)
      sum += t->leafValue[k * kLeaves + __builtin_ctzll(leaves[k])];
    out[r] = sum;
  }
}

// Lowest set bit's index of each 64-bit lane: 63 - lzcnt(v & -v).
static __m256i lowestBit(__m512i v) {
  __m512i lowest =
      _mm512_and_si512(v, _mm512_sub_epi64(_mm512_setzero_si512(), v));
  return _mm512_cvtepi64_epi32(
      _mm512_sub_epi64(_mm512_set1_epi64(63), _mm512_lzcnt_epi64(lowest)));
}

static void scoreVector(const struct Tables *t, const float *x, int64_t rows,
                        float *out) {
  // Tree k's vectors of the block's 16 rows: leaves[k * 16 .. k * 16 + 15].
  static uint64_t leaves[kMaxTrees * kBlockRows] __attribute__((aligned(64)));
  __m512i rowOffsets = _mm512_mullo_epi32(
      _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
      _mm512_set1_epi32((int)t->numFeatures));
  for (int64_t first = 0; first + kBlockRows <= rows; first += kBlockRows) {
    const float *block = x + first * t->numFeatures;
    memset(leaves, 0xff, t->numTrees * kBlockRows * 8);
    for (int64_t f = 0; f < t->numFeatures; ++f) {
      __m512 value = _mm512_i32gather_ps(rowOffsets, block + f, 4);
      for (int64_t i = t->featureStart[f]; i < t->featureStart[f + 1]; ++i) {
        __mmask16 past = _mm512_cmp_ps_mask(
            value, _mm512_set1_ps(t->threshold[i]), _CMP_GE_OQ);
        if (!past)
          break;
        uint64_t *v = leaves + t->tree[i] * kBlockRows;
        __m512i mask = _mm512_set1_epi64((long long)t->mask[i]);
        _mm512_mask_store_epi64(v, (__mmask8)past,
                                _mm512_and_si512(_mm512_load_si512(v), mask));
        _mm512_mask_store_epi64(
            v + 8, (__mmask8)(past >> 8),
            _mm512_and_si512(_mm512_load_si512(v + 8), mask));
      }
    }
    __m512 sum = _mm512_setzero_ps();
    for (int64_t k = 0; k < t->numTrees; ++k) {
      const uint64_t *v = leaves + k * kBlockRows;
      __m512i exit = _mm512_inserti64x4(
          _mm512_castsi256_si512(lowestBit(_mm512_load_si512(v))),
          lowestBit(_mm512_load_si512(v + 8)), 1);
      sum = _mm512_add_ps(
          sum, _mm512_i32gather_ps(exit, t->leafValue + k * kLeaves, 4));
    }
    _mm512_storeu_ps(out + first, sum);
  }
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s TABLES ROWS.npy NUM_ROWS REPS MODEL.so\n",
            argv[0]);
    return 2;
  }
  struct Tables t = readTables(argv[1]);
  FILE *f = fopen(argv[2], "rb");
  if (!f) {
    fprintf(stderr, "%s: cannot open\n", argv[2]);
    return 1;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *npy = malloc(size);
  if (fread(npy, 1, size, f) != (size_t)size)
    return 1;
  fclose(f);
  // Version 1 .npy of C-ordered float32 rows.
  int headerLength = *(unsigned short *)(npy + 8);
  const float *x = (const float *)(npy + 10 + headerLength);
  int64_t available = (size - 10 - headerLength) / 4 / t.numFeatures;
  int64_t rows = atol(argv[3]) / kBlockRows * kBlockRows;
  if (rows > available)
    rows = available / kBlockRows * kBlockRows;
  int reps = atoi(argv[4]);

  hw_model *model;
  hw_kind kind;
  if (hw_model_load(argv[5], NULL, &model) != HW_OK ||
      hw_kind_from_name("decision", &kind) != HW_OK) {
    fprintf(stderr, "%s\n", hw_last_error());
    return 1;
  }
  hw_predict_options options = HW_PREDICT_OPTIONS_INIT;
  options.threads = 1;
  float *scalar = malloc(rows * 4), *vector = malloc(rows * 4);
  float *hardwood = malloc(rows * 8);
  double best[3] = {1e30, 1e30, 1e30};
  for (int rep = 0; rep < reps; ++rep) {
    double start = threadNs();
    scoreScalar(&t, x, rows, scalar);
    double mid = threadNs();
    scoreVector(&t, x, rows, vector);
    double end = threadNs();
    if (hw_predict(model, kind, x, HW_DTYPE_F32, rows, t.numFeatures, hardwood,
                   &options) != HW_OK) {
      fprintf(stderr, "%s\n", hw_last_error());
      return 1;
    }
    double last = threadNs();
    double ns[3] = {(mid - start) / rows, (end - mid) / rows,
                    (last - end) / rows};
    for (int i = 0; i < 3; ++i)
      best[i] = ns[i] < best[i] ? ns[i] : best[i];
  }
  hw_dtype outDtype;
  hw_model_output_dtype(model, kind, &outDtype);
  double maxScalarVector = 0, maxHardwood = 0;
  for (int64_t r = 0; r < rows; ++r) {
    double ours = outDtype == HW_DTYPE_F32 ? ((float *)hardwood)[r]
                                           : ((double *)hardwood)[r];
    double a = scalar[r] - vector[r], b = scalar[r] + t.baseMargin - ours;
    maxScalarVector = a < 0 ? -a > maxScalarVector ? -a : maxScalarVector
                      : a > maxScalarVector ? a
                                            : maxScalarVector;
    maxHardwood = b < 0             ? -b > maxHardwood ? -b : maxHardwood
                  : b > maxHardwood ? b
                                    : maxHardwood;
  }
  printf("%lld rows, %lld trees, %lld splits; ns/row (thread CPU time, best "
         "of %d): QuickScorer %.1f, V-QuickScorer %.1f, Hardwood %.1f\n",
         (long long)rows, (long long)t.numTrees, (long long)t.numSplits, reps,
         best[0], best[1], best[2]);
  printf("max |QuickScorer - V-QuickScorer| %.3g, max |QuickScorer + base "
         "margin - Hardwood decision| %.3g\n",
         maxScalarVector, maxHardwood);
  return 0;
}
