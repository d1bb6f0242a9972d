/* cio/loop.h - the event loop, callbacks and timers.
 *
 * A loop runs callbacks and tasks, one iteration at a time, in the order of
 * CPython's BaseEventLoop._run_once:
 *
 *   1. poll for I/O - with timeout 0 when something is ready to run (or the
 *      loop is stopping), else until the earliest timer, else forever;
 *   2. queue the callbacks of the I/O events that arrived;
 *   3. update the cached clock; move every expired timer to the ready queue
 *      (earliest deadline first; equal deadlines in scheduling order);
 *   4. run exactly the entries that were ready at this moment. Whatever
 *      they schedule runs in the next iteration.
 *
 * Task steps and wake-ups are ready-queue entries like any callback, so a
 * program prints its lines in the same order as its asyncio original.
 *
 * The loop lives in caller storage (`cio_loop_t loop; cio_loop_init(&loop)`)
 * and belongs to the thread that runs it: every function here must be
 * called from that thread, except cio_loop_call_soon_threadsafe().
 *
 * Time is a signed 64-bit count of nanoseconds (`cio_time_t`) on a
 * monotonic clock, read at most once per iteration and cached (libuv
 * style): cio_loop_time() is the same throughout one iteration. An
 * iteration that needs no time (no timers due, nobody asks) reads no
 * clock, and one with nothing to wait for and no descriptors makes no
 * system call. Use CIO_MS(100),
 * CIO_SEC(1), ... for durations.
 *
 * Callbacks are `void cb(void *arg)`. Scheduling one takes a `cio_handle_t`
 * in caller storage, or NULL to let the loop allocate a fire-and-forget
 * handle. Caller storage must be prepared once with cio_handle_init() (or
 * be zeroed, like a static) and stay valid until the callback has run or
 * been cancelled; after that it can be scheduled again:
 *
 *     static void hello(void *arg) { puts(arg); }
 *     cio_handle_t h;
 *     cio_handle_init(&h);
 *     cio_loop_call_later(&loop, &h, CIO_MS(100), hello, "hi");
 *     cio_handle_cancel(&h);            // changed our mind
 *     cio_loop_call_soon(&loop, NULL, hello, "hi");
 */
#ifndef CIO_LOOP_H
#define CIO_LOOP_H

#include <stddef.h>
#include <stdint.h>

#include "cio/config.h"
#include "cio/list.h"

/** Nanoseconds on the loop's monotonic clock. */
typedef int64_t cio_time_t;

#define CIO_NS(x) ((cio_time_t)(x))
#define CIO_US(x) ((cio_time_t)(x) * 1000)
#define CIO_MS(x) ((cio_time_t)(x) * 1000000)
#define CIO_SEC(x) ((cio_time_t)(x) * 1000000000)
/** A duration in seconds given as a floating-point number (hosted only). */
#define CIO_SECF(x) ((cio_time_t)((x) * 1e9))

typedef struct cio_loop_s cio_loop_t;
typedef struct cio_handle_s cio_handle_t;
#ifndef CIO__TASK_T_DEFINED
#define CIO__TASK_T_DEFINED
typedef struct cio_task_s cio_task_t;
#endif

/** A callback run by the loop. */
typedef void (*cio_callback_fn)(void *arg);

/** A node of the timer heap (a pairing heap; see src/heap.c). */
typedef struct cio_heap_node_s {
    struct cio_heap_node_s *child;
    struct cio_heap_node_s *next; /* next sibling */
    struct cio_heap_node_s *prev; /* previous sibling, or the parent */
} cio_heap_node_t;

/** A scheduled callback (asyncio's Handle / TimerHandle). Fields are
 *  private; the struct is public so it can live in caller storage. */
struct cio_handle_s {
    union {                   /* a handle is on one of these at a time: */
        cio_node_t node;      /* the ready queue, a future's callback list */
        cio_heap_node_t heap; /* the timer heap */
    } link;
    uint8_t kind;             /* private: what the ready queue holds here */
    uint8_t flags;            /* private: CIO__H_* */
    uint16_t reserved;
    uint32_t seq;             /* timers: order among equal deadlines */
    cio_time_t when;          /* timers: deadline */
    cio_callback_fn cb;
    void *arg;
    cio_loop_t *loop;
};

/** An allocator: `alloc` returns NULL on failure; `free` gets the size
 *  that was allocated. The default (CIO_CONF_MALLOC) wraps malloc/free. */
typedef struct cio_allocator_s {
    void *(*alloc)(void *ctx, size_t size);
    void (*free)(void *ctx, void *ptr, size_t size);
    void *ctx;
} cio_allocator_t;

/** Severity of a report. */
typedef enum cio_log_level_e {
    CIO_LOG_DEBUG = 0,
    CIO_LOG_INFO = 1,
    CIO_LOG_WARNING = 2,
    CIO_LOG_ERROR = 3
} cio_log_level_t;

/** The log hook: every report the library makes (pending tasks at close,
 *  debug-mode findings) goes here as one line without a newline. The
 *  default hook discards reports; cio_log_stderr prints them. */
typedef void (*cio_log_fn)(void *ctx, cio_loop_t *loop, cio_log_level_t level,
                           const char *message);

/** A ready-made log hook that writes "cio: <level>: <message>\n" to stderr
 *  (hosted builds). */
void cio_log_stderr(void *ctx, cio_loop_t *loop, cio_log_level_t level,
                    const char *message);

/** A file descriptor watcher (private; the socket layer builds on it). */
typedef struct cio_io_s cio_io_t;

/** The loop. Fields are private. */
struct cio_loop_s {
    cio_list_t ready;             /* the ready queue */
    cio_list_t running;           /* the batch this iteration runs */
    cio_list_t boxed;             /* frames from cio_task_frame_alloc */
    cio_heap_node_t *timers;      /* root of the timer heap */
    size_t ntimers;
    cio_time_t now;               /* cached clock */
    uint32_t timer_seq;
    uint32_t next_task_id;
    uint8_t state;                /* CIO__LOOP_* */
    uint8_t stopping;
    uint8_t debug;
    uint8_t now_valid;            /* `now` was read in this iteration */
    cio_task_t *current;          /* the task whose step is running */
    cio_list_t tasks;             /* every pending task */
    size_t ntasks;
    cio_allocator_t alloc;
    cio_log_fn log;
    void *log_ctx;
    cio_time_t slow_threshold;
    /* backend (src/backend/): */
    int io_fd;                    /* epoll fd, or -1 */
    int wake_fd[2];               /* eventfd / self-pipe, or -1 */
    void *io_data;                /* backend-private array */
    size_t io_count, io_cap;
    size_t nwatchers;
    /* call_soon_threadsafe: */
    int ts_spin;                  /* private spin lock (CIO_CONF_THREADS) */
    int ts_count;                 /* handles on ts_queue */
    cio_list_t ts_queue;
    uintptr_t owner_thread;       /* debug: the thread that runs the loop */
};

/** Initialise a loop in caller storage. Returns 0, CIO_ENOMEM, or a
 *  negative errno code from the backend (e.g. epoll_create1 failing). */
CIO_WUR int cio_loop_init(cio_loop_t *loop);

/** Close a loop that is not running. Tasks still pending are reported
 *  through the log hook ("Task was destroyed but it is pending!"), unlinked
 *  from whatever they waited on and freed if the loop allocated them;
 *  pending callbacks and timers are dropped. Returns 0, CIO_EBUSY if the
 *  loop is running, CIO_ECLOSED if it was already closed. */
int cio_loop_close(cio_loop_t *loop);

/** Nonzero once cio_loop_close() has run. */
int cio_loop_is_closed(const cio_loop_t *loop);
/** Nonzero while cio_loop_run_*() is on the stack. */
int cio_loop_is_running(const cio_loop_t *loop);

/** Run until cio_loop_stop(). Returns 0, CIO_EBUSY if already running,
 *  CIO_ECLOSED if closed. */
int cio_loop_run_forever(cio_loop_t *loop);

/** Ask the loop to stop: the current iteration finishes (and, if called
 *  before the loop runs, one full iteration runs), then run_* returns. */
void cio_loop_stop(cio_loop_t *loop);

/** Run one iteration, waiting at most `timeout` ns for I/O (negative: as
 *  long as the timers allow; the loop never waits past its next timer).
 *  For embedding cio in another main loop. Returns 0 or an error. */
int cio_loop_run_once(cio_loop_t *loop, cio_time_t timeout);

/** The loop clock (ns, monotonic): read at its first use in an iteration
 *  and cached for the rest of it, so every callback of one iteration sees
 *  the same time. */
cio_time_t cio_loop_time(cio_loop_t *loop);

/** Re-read the clock now (normally done once per iteration). */
cio_time_t cio_loop_update_time(cio_loop_t *loop);

/** Schedule `cb(arg)` for the next iteration, after everything already
 *  scheduled. `h` is caller storage for the handle, or NULL to allocate one
 *  that frees itself. Returns 0, CIO_EBUSY if `h` is already scheduled,
 *  CIO_ENOMEM, CIO_ECLOSED. */
CIO_WUR int cio_loop_call_soon(cio_loop_t *loop, cio_handle_t *h, cio_callback_fn cb,
                       void *arg);

/** Schedule `cb(arg)` `delay` ns from the cached loop time. Equal
 *  deadlines run in the order they were scheduled. Same returns. */
CIO_WUR int cio_loop_call_later(cio_loop_t *loop, cio_handle_t *h, cio_time_t delay,
                        cio_callback_fn cb, void *arg);

/** Schedule `cb(arg)` at loop time `when`. Same returns. */
CIO_WUR int cio_loop_call_at(cio_loop_t *loop, cio_handle_t *h, cio_time_t when,
                     cio_callback_fn cb, void *arg);

/** Schedule `cb(arg)` from any thread (asyncio's call_soon_threadsafe):
 *  wakes the loop if it is polling. `h` must be caller storage. Returns
 *  0, CIO_ENOSYS without CIO_CONF_THREADS, CIO_ECLOSED. */
CIO_WUR int cio_loop_call_soon_threadsafe(cio_loop_t *loop, cio_handle_t *h,
                                  cio_callback_fn cb, void *arg);

/** Prepare a handle in caller storage before its first use (zeroed memory
 *  is prepared too). Cancelling a prepared handle is always harmless. */
void cio_handle_init(cio_handle_t *h);

/** Cancel a scheduled callback or timer; it will not run. Returns 1 if it
 *  was pending and is now cancelled, 0 if it had run, was cancelled or was
 *  never scheduled. */
int cio_handle_cancel(cio_handle_t *h);

/** Nonzero if the handle is scheduled and has not run yet. */
int cio_handle_pending(const cio_handle_t *h);

/** A timer handle's deadline (loop time). */
cio_time_t cio_handle_when(const cio_handle_t *h);

/** Replace the allocator (before any allocation is outstanding). */
void cio_loop_set_allocator(cio_loop_t *loop, const cio_allocator_t *a);

/** Install a log hook (NULL restores the default, which discards). */
void cio_loop_set_log(cio_loop_t *loop, cio_log_fn fn, void *ctx);

/** Report through the loop's log hook, printf style. */
void cio_loop_log(cio_loop_t *loop, cio_log_level_t level, const char *fmt,
                  ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/** Debug mode (asyncio's set_debug): report callbacks and task steps slower
 *  than the threshold (with the task's name and source location), tasks
 *  destroyed with an error nobody retrieved, and loop calls from a foreign
 *  thread. Off by default; needs CIO_CONF_DEBUG. */
void cio_loop_set_debug(cio_loop_t *loop, int enabled);
int cio_loop_get_debug(const cio_loop_t *loop);
/** The slow-callback threshold in ns (default 100 ms). */
void cio_loop_set_slow_callback_duration(cio_loop_t *loop, cio_time_t ns);

/** The task whose step is running, or NULL (asyncio.current_task()). */
cio_task_t *cio_loop_current_task(const cio_loop_t *loop);

/** The loop running on this thread, or NULL (asyncio.get_running_loop()). */
cio_loop_t *cio_running_loop(void);
/** The task running on this thread, or NULL: what async code calls to get
 *  "itself" (asyncio.current_task()). */
cio_task_t *cio_current_task(void);

/** The name of the I/O backend compiled in: "epoll", "poll" or "none". */
const char *cio_backend_name(void);

#endif /* CIO_LOOP_H */
