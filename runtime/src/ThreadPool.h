// A persistent pool of worker threads that helps callers run parallel loops;
// the calling thread always takes part, so a job finishes even when every
// worker is busy with another caller's job. Workers and callers spin for a
// short while before they sleep: waking a sleeping thread took 8-13 us
// (median; 20 us p90) on the 2-vCPU KVM guest measured, and a parallel call
// paid it twice (worker up, caller back), so a 4,096-row Ridge call ran 1.6x
// slower on two threads than on one.
#ifndef HARDWOOD_RUNTIME_THREADPOOL_H
#define HARDWOOD_RUNTIME_THREADPOOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace hardwood::runtime {

class ThreadPool {
public:
  /// One task of a parallel loop; must not throw.
  using TaskFn = void (*)(void *context, int64_t task) noexcept;

  /// Upper bound on worker threads, whatever a caller asks for.
  static constexpr int kMaxWorkers = 255;

  /// How long an idle worker polls for the next job before it sleeps, and a
  /// caller for its helpers to finish before it sleeps. Calls that follow
  /// each other within this time (a serving loop, consecutive batches) hand
  /// off in well under a microsecond; the cost is at most this much CPU
  /// time per worker after each job.
  static constexpr int64_t kSpinNanoseconds = 100'000;

  ThreadPool() = default;
  /// Stops and joins the workers. No job may be running.
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  /// The process-wide pool, created on first use; NULL when it cannot be
  /// created or the process is exiting (callers then run inline).
  static ThreadPool *global();

  /// Runs fn(context, t) for every t in [0, numTasks), each exactly once, on
  /// up to `maxThreads` threads counting the caller, and returns when all
  /// have finished. Workers are started on demand up to maxThreads - 1; if
  /// none can be started the caller runs every task. Thread safe: concurrent
  /// callers share the workers.
  void parallelFor(int64_t numTasks, int maxThreads, TaskFn fn, void *context);

  /// Workers started so far.
  int numWorkers();

private:
  struct Job;

  void workerLoop();
  /// Polls until a job is queued or the pool stops, for at most
  /// kSpinNanoseconds.
  void spinForWork();
  void growLocked(int wanted);
  void linkLocked(Job *job);
  void unlinkLocked(Job *job);
  static void runTasks(Job &job);

  std::mutex mutex_;
  // Jobs in the queue and the stop flag, also readable without the mutex
  // (written under it) so idle workers can poll them.
  std::atomic<int> queuedJobs_{0};
  std::atomic<bool> stopRequested_{false};
  std::condition_variable workAvailable_; // workers wait for queued jobs
  std::condition_variable helpersLeft_;   // callers wait for their helpers
  Job *head_ = nullptr; // jobs that still want helpers, oldest first
  Job *tail_ = nullptr;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

} // namespace hardwood::runtime

#endif // HARDWOOD_RUNTIME_THREADPOOL_H
