// ThreadPool: a queue of caller-owned jobs that workers help with. Jobs live
// on their caller's stack; the queue is intrusive, so submitting one never
// allocates.
#include "ThreadPool.h"

#include <pthread.h>

#include <algorithm>
#include <chrono>

namespace hardwood::runtime {
namespace {

/// Tells the CPU this is a spin loop (less power, no memory-order
/// mis-speculation on exit; on SMT cores the sibling gets the pipeline).
inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

/// Calls `done` until it returns true or kSpinNanoseconds have passed;
/// returns its last result. The clock is read every 64 polls.
template <typename Predicate> bool spinUntil(Predicate done) {
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::nanoseconds(ThreadPool::kSpinNanoseconds);
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (done())
        return true;
      cpuRelax();
    }
    if (std::chrono::steady_clock::now() >= deadline)
      return done();
  }
}

} // namespace

struct ThreadPool::Job {
  TaskFn fn;
  void *context;
  int64_t numTasks;
  std::atomic<int64_t> nextTask{0};
  // Guarded by the pool's mutex; activeHelpers is also read without it by
  // the spinning caller once the job has left the queue (it then only
  // falls).
  int helpersWanted = 0;
  std::atomic<int> activeHelpers{0};
  bool queued = false;
  Job *prev = nullptr;
  Job *next = nullptr;
};

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    stopRequested_.store(true, std::memory_order_release);
  }
  workAvailable_.notify_all();
  for (std::thread &worker : workers_)
    worker.join();
}

int ThreadPool::numWorkers() {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(workers_.size());
}

void ThreadPool::runTasks(Job &job) {
  // Claiming by atomic counter: whoever is free takes the next task, so a
  // worker that is slow to wake never holds up the caller.
  for (;;) {
    int64_t task = job.nextTask.fetch_add(1, std::memory_order_relaxed);
    if (task >= job.numTasks)
      return;
    job.fn(job.context, task);
  }
}

void ThreadPool::linkLocked(Job *job) {
  job->prev = tail_;
  job->next = nullptr;
  (tail_ ? tail_->next : head_) = job;
  tail_ = job;
  job->queued = true;
  queuedJobs_.fetch_add(1, std::memory_order_release);
}

void ThreadPool::unlinkLocked(Job *job) {
  (job->prev ? job->prev->next : head_) = job->next;
  (job->next ? job->next->prev : tail_) = job->prev;
  job->prev = job->next = nullptr;
  job->queued = false;
  queuedJobs_.fetch_sub(1, std::memory_order_relaxed);
}

void ThreadPool::spinForWork() {
  spinUntil([this] {
    return queuedJobs_.load(std::memory_order_acquire) > 0 ||
           stopRequested_.load(std::memory_order_acquire);
  });
}

void ThreadPool::growLocked(int wanted) {
  wanted = std::min(wanted, kMaxWorkers);
  while (static_cast<int>(workers_.size()) < wanted) {
    try {
      workers_.emplace_back([this] { workerLoop(); });
    } catch (...) {
      return; // out of threads or memory: the caller does more itself
    }
  }
}

void ThreadPool::workerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (!stopping_ && !head_) {
      // Poll a while before sleeping: the next job usually follows soon.
      lock.unlock();
      spinForWork();
      lock.lock();
    }
    workAvailable_.wait(lock, [this] { return stopping_ || head_; });
    if (stopping_)
      return;
    Job *job = head_;
    if (--job->helpersWanted == 0)
      unlinkLocked(job);
    job->activeHelpers.fetch_add(1, std::memory_order_relaxed);
    lock.unlock();
    runTasks(*job);
    lock.lock();
    // The caller may free the job as soon as this reaches zero (it may be
    // polling without the mutex): the job is not touched after it.
    if (job->activeHelpers.fetch_sub(1, std::memory_order_acq_rel) == 1)
      helpersLeft_.notify_all();
  }
}

void ThreadPool::parallelFor(int64_t numTasks, int maxThreads, TaskFn fn,
                             void *context) {
  if (numTasks <= 0)
    return;
  Job job;
  job.fn = fn;
  job.context = context;
  job.numTasks = numTasks;
  int64_t helpers = std::min<int64_t>(maxThreads - 1, numTasks - 1);
  if (helpers > 0) {
    std::lock_guard<std::mutex> lock(mutex_);
    growLocked(static_cast<int>(helpers));
    helpers = std::min<int64_t>(helpers, workers_.size());
    if (helpers > 0) {
      job.helpersWanted = static_cast<int>(helpers);
      linkLocked(&job);
    }
  }
  for (int64_t i = 0; i < helpers; ++i)
    workAvailable_.notify_one();
  runTasks(job);
  if (helpers > 0) {
    std::unique_lock<std::mutex> lock(mutex_);
    // Every task is claimed: stop recruiting, then wait for helpers still
    // running a task of this job; no helper joins once it is unlinked.
    if (job.queued)
      unlinkLocked(&job);
    auto helpersDone = [&job] {
      return job.activeHelpers.load(std::memory_order_acquire) == 0;
    };
    if (helpersDone())
      return;
    lock.unlock();
    if (spinUntil(helpersDone))
      return;
    lock.lock();
    helpersLeft_.wait(lock, helpersDone);
  }
}

// ---- The process-wide pool ---------------------------------------------

namespace {

std::mutex globalPoolMutex;
ThreadPool *globalPool = nullptr;
bool globalPoolShutDown = false;

// Fork: only the forking thread survives in the child, so the child forgets
// the parent's pool (leaking it; its threads do not exist there) and starts
// a new one on demand. Holding the mutex across fork keeps the pool's state
// consistent in the child.
void lockBeforeFork() { globalPoolMutex.lock(); }
void unlockInParent() { globalPoolMutex.unlock(); }
void resetInChild() {
  globalPool = nullptr;
  globalPoolMutex.unlock();
}

// Joins the workers at exit (or when the runtime's shared library is
// unloaded) so none runs code that is being unmapped.
struct GlobalPoolOwner {
  ~GlobalPoolOwner() {
    std::lock_guard<std::mutex> lock(globalPoolMutex);
    delete globalPool;
    globalPool = nullptr;
    globalPoolShutDown = true;
  }
} globalPoolOwner;

} // namespace

ThreadPool *ThreadPool::global() {
  std::lock_guard<std::mutex> lock(globalPoolMutex);
  if (!globalPool && !globalPoolShutDown) {
    static bool forkHandlersInstalled = false;
    if (!forkHandlersInstalled) {
      pthread_atfork(lockBeforeFork, unlockInParent, resetInChild);
      forkHandlersInstalled = true;
    }
    globalPool = new (std::nothrow) ThreadPool();
  }
  return globalPool;
}

} // namespace hardwood::runtime
