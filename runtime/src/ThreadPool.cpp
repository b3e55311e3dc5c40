// ThreadPool: a queue of caller-owned jobs that workers help with. Jobs live
// on their caller's stack; the queue is intrusive, so submitting one never
// allocates.
#include "ThreadPool.h"

#include <pthread.h>

#include <algorithm>

namespace hardwood::runtime {

struct ThreadPool::Job {
  TaskFn fn;
  void *context;
  int64_t numTasks;
  std::atomic<int64_t> nextTask{0};
  // Guarded by the pool's mutex.
  int helpersWanted = 0;
  int activeHelpers = 0;
  bool queued = false;
  Job *prev = nullptr;
  Job *next = nullptr;
};

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
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
}

void ThreadPool::unlinkLocked(Job *job) {
  (job->prev ? job->prev->next : head_) = job->next;
  (job->next ? job->next->prev : tail_) = job->prev;
  job->prev = job->next = nullptr;
  job->queued = false;
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
    workAvailable_.wait(lock, [this] { return stopping_ || head_; });
    if (stopping_)
      return;
    Job *job = head_;
    if (--job->helpersWanted == 0)
      unlinkLocked(job);
    ++job->activeHelpers;
    lock.unlock();
    runTasks(*job);
    lock.lock();
    // The caller may free the job as soon as this reaches zero.
    if (--job->activeHelpers == 0)
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
    // running a task of this job.
    if (job.queued)
      unlinkLocked(&job);
    helpersLeft_.wait(lock, [&job] { return job.activeHelpers == 0; });
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
