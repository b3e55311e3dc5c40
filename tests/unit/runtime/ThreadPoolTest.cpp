// The thread pool on its own: every task runs exactly once, callers always
// take part, workers grow only as asked, concurrent callers share the pool.
#include "ThreadPool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

using hardwood::runtime::ThreadPool;

namespace {

struct CountingJob {
  std::vector<std::atomic<int>> runs;
  explicit CountingJob(int64_t tasks) : runs(tasks) {}
  static void run(void *context, int64_t task) noexcept {
    static_cast<CountingJob *>(context)->runs[task].fetch_add(1);
  }
};

TEST(ThreadPoolTest, EveryTaskRunsOnce) {
  ThreadPool pool;
  for (int64_t tasks : {0, 1, 2, 7, 100, 1000})
    for (int threads : {1, 2, 3, 8}) {
      CountingJob job(tasks);
      pool.parallelFor(tasks, threads, CountingJob::run, &job);
      for (int64_t t = 0; t < tasks; ++t)
        ASSERT_EQ(job.runs[t].load(), 1)
            << "task " << t << " of " << tasks << ", " << threads << " threads";
    }
}

struct ThreadRecorder {
  std::mutex mutex;
  std::set<std::thread::id> ids;
  static void run(void *context, int64_t) noexcept {
    auto *self = static_cast<ThreadRecorder *>(context);
    std::lock_guard<std::mutex> lock(self->mutex);
    self->ids.insert(std::this_thread::get_id());
  }
};

TEST(ThreadPoolTest, OneThreadMeansTheCaller) {
  ThreadPool pool;
  ThreadRecorder recorder;
  pool.parallelFor(50, 1, ThreadRecorder::run, &recorder);
  ASSERT_EQ(recorder.ids.size(), 1u);
  EXPECT_EQ(*recorder.ids.begin(), std::this_thread::get_id());
  EXPECT_EQ(pool.numWorkers(), 0);
}

TEST(ThreadPoolTest, GrowsOnlyAsAsked) {
  ThreadPool pool;
  CountingJob job(10);
  pool.parallelFor(10, 3, CountingJob::run, &job);
  EXPECT_EQ(pool.numWorkers(), 2);
  CountingJob small(2);
  pool.parallelFor(2, 8, CountingJob::run, &small); // 2 tasks: 1 helper
  EXPECT_EQ(pool.numWorkers(), 2);
  CountingJob big(1000);
  pool.parallelFor(1000, 1000, CountingJob::run, &big);
  EXPECT_EQ(pool.numWorkers(), ThreadPool::kMaxWorkers);
}

TEST(ThreadPoolTest, ConcurrentCallersShareThePool) {
  ThreadPool pool;
  std::atomic<int> wrong{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < 8; ++c)
    callers.emplace_back([&, c] {
      for (int i = 0; i < 40; ++i) {
        int64_t tasks = 1 + (c * 7 + i) % 23;
        CountingJob job(tasks);
        pool.parallelFor(tasks, 1 + (c + i) % 5, CountingJob::run, &job);
        for (int64_t t = 0; t < tasks; ++t)
          if (job.runs[t].load() != 1)
            ++wrong;
      }
    });
  for (std::thread &caller : callers)
    caller.join();
  EXPECT_EQ(wrong.load(), 0);
}

// A caller that runs out of tasks waits for its helpers: first polling
// (ThreadPool::kSpinNanoseconds), then asleep. Here the helper's task
// outlasts the polling many times over, so the caller must go to sleep and
// be woken, and must not return before the helper is done.
struct SlowHelperJob {
  std::thread::id caller = std::this_thread::get_id();
  std::atomic<bool> helperStarted{false};
  std::atomic<bool> helperFinished{false};
  std::atomic<bool> callerSawHelper{false};
  static void run(void *context, int64_t) noexcept {
    auto *self = static_cast<SlowHelperJob *>(context);
    if (std::this_thread::get_id() == self->caller) {
      // Hold the caller's task until a worker has taken the other one.
      auto deadline =
          std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (!self->helperStarted.load() &&
             std::chrono::steady_clock::now() < deadline)
        std::this_thread::yield();
      self->callerSawHelper = self->helperStarted.load();
      return;
    }
    self->helperStarted = true;
    std::this_thread::sleep_for(
        std::chrono::nanoseconds(20 * ThreadPool::kSpinNanoseconds));
    self->helperFinished = true;
  }
};

TEST(ThreadPoolTest, CallerWaitsForASlowHelper) {
  ThreadPool pool;
  for (int i = 0; i < 3; ++i) {
    SlowHelperJob job;
    pool.parallelFor(2, 2, SlowHelperJob::run, &job);
    ASSERT_TRUE(job.callerSawHelper.load()) << "no worker took a task";
    EXPECT_TRUE(job.helperFinished.load()) << "returned before the helper";
  }
}

// Jobs that follow each other closely find the workers still polling (the
// common case in a serving loop): every task still runs exactly once, and
// concurrent callers mixing short jobs do not lose any.
TEST(ThreadPoolTest, BackToBackJobs) {
  ThreadPool pool;
  for (int i = 0; i < 2000; ++i) {
    int64_t tasks = 1 + i % 5;
    CountingJob job(tasks);
    pool.parallelFor(tasks, 3, CountingJob::run, &job);
    for (int64_t t = 0; t < tasks; ++t)
      ASSERT_EQ(job.runs[t].load(), 1) << "job " << i << " task " << t;
  }
}

TEST(ThreadPoolTest, GlobalPoolIsShared) {
  ThreadPool *pool = ThreadPool::global();
  ASSERT_NE(pool, nullptr);
  EXPECT_EQ(pool, ThreadPool::global());
  CountingJob job(64);
  pool->parallelFor(64, 4, CountingJob::run, &job);
  for (int64_t t = 0; t < 64; ++t)
    EXPECT_EQ(job.runs[t].load(), 1);
}

} // namespace
