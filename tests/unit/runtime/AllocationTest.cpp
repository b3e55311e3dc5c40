// The batch-1 path must not allocate: this binary replaces operator new to
// count allocations made by the calling thread.
#include "TestUtil.h"

#include <cstdlib>
#include <new>

namespace {
thread_local long allocations = 0;

void *countedAllocation(size_t size) noexcept {
  ++allocations;
  return std::malloc(size ? size : 1);
}
} // namespace

// Every non-aligned form is replaced, so that no allocation made by one form
// (e.g. nothrow new) is freed by another's default (a mismatch under ASan).
void *operator new(size_t size) {
  if (void *p = countedAllocation(size))
    return p;
  throw std::bad_alloc();
}
void *operator new[](size_t size) { return operator new(size); }
void *operator new(size_t size, const std::nothrow_t &) noexcept {
  return countedAllocation(size);
}
void *operator new[](size_t size, const std::nothrow_t &) noexcept {
  return countedAllocation(size);
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, size_t) noexcept { std::free(p); }
void operator delete[](void *p, size_t) noexcept { std::free(p); }
void operator delete(void *p, const std::nothrow_t &) noexcept { std::free(p); }
void operator delete[](void *p, const std::nothrow_t &) noexcept {
  std::free(p);
}

using namespace hardwood::test;

namespace {

TEST(AllocationTest, SmallBatchesDoNotAllocate) {
  ModelPtr forest = modelFrom(fake_forest_descriptor());
  ModelPtr echo64 = modelFrom(fake_echo_f64_descriptor());
  auto x32 =
      makeRows<float>(200, FAKE_FOREST_FEATURES, FAKE_FOREST_FEATURES, 4);
  std::vector<double> x64(x32.begin(), x32.end());
  std::vector<double> out(200 * FAKE_FOREST_TREES);
  hw_predict_options opts = withThreads(0);

  long before = allocations;
  for (int64_t rows : {1, 2, 17, 200}) {
    EXPECT_EQ(hw_predict(forest.get(), HW_KIND_PROBA, x32.data(), HW_DTYPE_F32,
                         rows, FAKE_FOREST_FEATURES, out.data(), &opts),
              HW_OK);
    // float64 -> float32 conversion on the stack.
    EXPECT_EQ(hw_predict(forest.get(), HW_KIND_LEAF, x64.data(), HW_DTYPE_F64,
                         rows, FAKE_FOREST_FEATURES, out.data(), nullptr),
              HW_OK);
    // float32 -> float64 conversion (stride 4 > 3 features).
    EXPECT_EQ(hw_predict(echo64.get(), HW_KIND_DECISION, x32.data(),
                         HW_DTYPE_F32, rows, FAKE_FOREST_FEATURES, out.data(),
                         &opts),
              HW_OK);
  }
  EXPECT_EQ(allocations, before);

  // The counter sees the runtime's allocations: loading a model allocates.
  ModelPtr another = modelFrom(fake_forest_descriptor());
  EXPECT_GT(allocations, before);
}

} // namespace
