// A persistent pool of native worker threads, shaped like ONNX Runtime's intra-op pool: the workers are
// created once, never run managed code, and compute while the managed caller waits inside one native call.
// Each run makes every worker spin for the requested milliseconds; the workers' own CPU time
// (CLOCK_THREAD_CPUTIME_ID) is the ground truth the profiler's native billing is checked against.
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#define MAX_WORKERS 16

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_ready = PTHREAD_COND_INITIALIZER;
static pthread_cond_t work_done = PTHREAD_COND_INITIALIZER;
static int worker_count;
static long generation;
static int spin_ms;
static int finished;
static int64_t cpu_ns_total;

static int64_t now_ns(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void *worker(void *unused)
{
    (void)unused;
    long seen = 0;
    for (;;)
    {
        pthread_mutex_lock(&lock);
        while (generation == seen)
        {
            pthread_cond_wait(&work_ready, &lock);
        }
        seen = generation;
        int ms = spin_ms;
        pthread_mutex_unlock(&lock);

        int64_t cpu_start = now_ns(CLOCK_THREAD_CPUTIME_ID);
        int64_t until = now_ns(CLOCK_MONOTONIC) + (int64_t)ms * 1000000;
        volatile double x = 1.0;
        while (now_ns(CLOCK_MONOTONIC) < until)
        {
            for (int i = 0; i < 1000; i++)
            {
                x = x * 1.0000001 + 0.5;
            }
        }
        int64_t used = now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu_start;

        pthread_mutex_lock(&lock);
        cpu_ns_total += used;
        if (++finished == worker_count)
        {
            pthread_cond_signal(&work_done);
        }
        pthread_mutex_unlock(&lock);
    }
    return 0;
}

int spin_pool_start(int workers)
{
    if (workers < 1 || workers > MAX_WORKERS)
    {
        return -1;
    }

    worker_count = workers;
    for (int i = 0; i < workers; i++)
    {
        pthread_t thread;
        if (pthread_create(&thread, 0, worker, 0) != 0)
        {
            return -1;
        }
        pthread_detach(thread);
    }
    return 0;
}

// Blocks the caller until every worker has spun for `milliseconds`.
void spin_pool_run(int milliseconds)
{
    pthread_mutex_lock(&lock);
    spin_ms = milliseconds;
    finished = 0;
    generation++;
    pthread_cond_broadcast(&work_ready);
    while (finished < worker_count)
    {
        pthread_cond_wait(&work_done, &lock);
    }
    pthread_mutex_unlock(&lock);
}

int64_t spin_pool_cpu_ns(void)
{
    pthread_mutex_lock(&lock);
    int64_t total = cpu_ns_total;
    pthread_mutex_unlock(&lock);
    return total;
}
