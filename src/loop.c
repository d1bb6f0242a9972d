/* src/loop.c - the event loop: iterations, the ready queue, callbacks,
 * timers, call_soon_threadsafe, logging and allocation.
 *
 * One iteration (loop_iterate) follows CPython's BaseEventLoop._run_once;
 * see cio/loop.h for the order and why it matters.
 */
#define _POSIX_C_SOURCE 200809L

#include "internal.h"

#if CIO_CONF_HOSTED
#include <stdio.h>
#endif
#if CIO_CONF_MALLOC
#include <stdlib.h>
#endif
#if CIO_CONF_HOSTED
#include <time.h>
#else
#include "cio/port.h"
#endif
#if CIO_CONF_THREADS
#include <sched.h>
#endif

/* ---- Clock ------------------------------------------------------------ */

cio_time_t cio__clock_now(void) {
#if CIO_CONF_HOSTED
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (cio_time_t)ts.tv_sec * 1000000000 + (cio_time_t)ts.tv_nsec;
#else
    return cio_port_now();
#endif
}

cio_time_t cio_loop_time(cio_loop_t *loop) {
    if (!loop->now_valid) {
        loop->now = cio__clock_now();
        loop->now_valid = 1;
    }
    return loop->now;
}

cio_time_t cio_loop_update_time(cio_loop_t *loop) {
    loop->now = cio__clock_now();
    loop->now_valid = 1;
    return loop->now;
}

/* ---- Memory ----------------------------------------------------------- */

#if CIO_CONF_MALLOC
static void *default_alloc(void *ctx, size_t size) {
    (void)ctx;
    return malloc(size);
}
static void default_free(void *ctx, void *p, size_t size) {
    (void)ctx;
    (void)size;
    free(p);
}
#endif

void *cio__alloc(cio_loop_t *loop, size_t size) {
    if (loop->alloc.alloc == NULL)
        return NULL;
    return loop->alloc.alloc(loop->alloc.ctx, size);
}

void cio__free(cio_loop_t *loop, void *p, size_t size) {
    if (p != NULL && loop->alloc.free != NULL)
        loop->alloc.free(loop->alloc.ctx, p, size);
}

void cio_loop_set_allocator(cio_loop_t *loop, const cio_allocator_t *a) {
    if (a != NULL) {
        loop->alloc = *a;
        return;
    }
#if CIO_CONF_MALLOC
    loop->alloc.alloc = default_alloc;
    loop->alloc.free = default_free;
#else
    loop->alloc.alloc = NULL;
    loop->alloc.free = NULL;
#endif
    loop->alloc.ctx = NULL;
}

/* ---- Logging ---------------------------------------------------------- */

void cio_log_stderr(void *ctx, cio_loop_t *loop, cio_log_level_t level,
                    const char *message) {
#if CIO_CONF_HOSTED
    static const char *const names[] = {"debug", "info", "warning", "error"};
    (void)ctx;
    (void)loop;
    fprintf(stderr, "cio: %s: %s\n", names[(unsigned)level & 3u], message);
#else
    (void)ctx;
    (void)loop;
    (void)level;
    (void)message;
#endif
}

void cio_loop_set_log(cio_loop_t *loop, cio_log_fn fn, void *ctx) {
    loop->log = fn;
    loop->log_ctx = ctx;
}

void cio__vlog(cio_loop_t *loop, cio_log_level_t level, const char *fmt,
               va_list ap) {
    char buf[256];
    if (loop->log == NULL)
        return;
    cio__vformat(buf, sizeof buf, fmt, ap);
    loop->log(loop->log_ctx, loop, level, buf);
}

void cio__log(cio_loop_t *loop, cio_log_level_t level, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    cio__vlog(loop, level, fmt, ap);
    va_end(ap);
}

void cio_loop_log(cio_loop_t *loop, cio_log_level_t level, const char *fmt,
                  ...) {
    va_list ap;
    va_start(ap, fmt);
    cio__vlog(loop, level, fmt, ap);
    va_end(ap);
}

/* ---- Debug mode ------------------------------------------------------- */

#if CIO_CONF_DEBUG && CIO_CONF_THREADS
static __thread char thread_marker;
#define CURRENT_THREAD() ((uintptr_t)&thread_marker)
#else
#define CURRENT_THREAD() ((uintptr_t)1)
#endif

void cio_loop_set_debug(cio_loop_t *loop, int enabled) {
#if CIO_CONF_DEBUG
    loop->debug = enabled ? 1 : 0;
#else
    (void)loop;
    (void)enabled;
#endif
}

int cio_loop_get_debug(const cio_loop_t *loop) { return loop->debug; }

void cio_loop_set_slow_callback_duration(cio_loop_t *loop, cio_time_t ns) {
    loop->slow_threshold = ns;
}

#if CIO_CONF_DEBUG
int cio__debug_check_thread(cio_loop_t *loop, const char *what) {
    if (loop->owner_thread == 0 || loop->owner_thread == CURRENT_THREAD())
        return 1;
    cio__log(loop, CIO_LOG_ERROR,
             "%s called from a thread that does not run the loop; use "
             "cio_loop_call_soon_threadsafe()",
             what);
    return 0;
}
#endif

/* ---- Handles ---------------------------------------------------------- */

void cio_handle_init(cio_handle_t *h) {
    cio__zero(h, sizeof *h);
    cio_node_init(&h->link.node);
    h->kind = CIO__K_HANDLE;
}

void cio__handle_prepare(cio_handle_t *h, cio_loop_t *loop, cio_callback_fn cb,
                         void *arg) {
    cio_node_init(&h->link.node);
    h->kind = CIO__K_HANDLE;
    h->flags = 0;
    h->cb = cb;
    h->arg = arg;
    h->loop = loop;
}

void cio__ready_push_handle(cio_loop_t *loop, cio_handle_t *h) {
    h->flags |= CIO__H_READY;
    cio_list_push_back(&loop->ready, &h->link.node);
}

int cio_handle_pending(const cio_handle_t *h) {
    return (h->flags & (CIO__H_READY | CIO__H_TIMER | CIO__H_FUTURE |
                        CIO__H_THREADSAFE)) != 0;
}

cio_time_t cio_handle_when(const cio_handle_t *h) { return h->when; }

static void handle_release(cio_handle_t *h) {
    if (h->flags & CIO__H_ALLOCATED)
        cio__free(h->loop, h, sizeof *h);
}

static void ts_lock(cio_loop_t *loop);
static void ts_unlock(cio_loop_t *loop);

int cio_handle_cancel(cio_handle_t *h) {
    if (h->flags & CIO__H_TIMER) {
        cio__heap_remove(h->loop, h);
        h->flags &= (uint8_t)~CIO__H_TIMER;
    } else if (h->flags & (CIO__H_READY | CIO__H_FUTURE)) {
        cio_node_unlink(&h->link.node);
        h->flags &= (uint8_t)~(CIO__H_READY | CIO__H_FUTURE);
    } else if (h->flags & CIO__H_THREADSAFE) {
        ts_lock(h->loop);
        if (h->flags & CIO__H_THREADSAFE) {
            cio_node_unlink(&h->link.node);
            h->flags &= (uint8_t)~CIO__H_THREADSAFE;
            h->loop->ts_count--;
            ts_unlock(h->loop);
        } else {
            ts_unlock(h->loop);
            return cio_handle_cancel(h); /* moved to the ready queue */
        }
    } else {
        return 0;
    }
    handle_release(h);
    return 1;
}

/* The common start of every call that schedules a user callback: check
 * the arguments, take the caller's handle (it must not be pending) or
 * allocate one that frees itself after it ran, and fill it in. */
int cio__handle_take(cio_loop_t *loop, cio_handle_t **hp, cio_callback_fn cb,
                     void *arg, const char *what) {
    cio_handle_t *h = *hp;
    uint8_t allocated = 0;
    if (cb == NULL)
        return CIO_EINVAL;
    if (loop->state == CIO__LOOP_CLOSED)
        return CIO_ECLOSED;
    if (!CIO__CHECK_THREAD(loop, what))
        return CIO_EWRONGTHREAD;
    if (h == NULL) {
        h = (cio_handle_t *)cio__alloc(loop, sizeof *h);
        if (h == NULL)
            return CIO_ENOMEM;
        allocated = CIO__H_ALLOCATED;
        *hp = h;
    } else if (cio_handle_pending(h)) {
        return CIO_EBUSY;
    }
    cio__handle_prepare(h, loop, cb, arg);
    h->flags = allocated;
    return 0;
}

int cio_loop_call_soon(cio_loop_t *loop, cio_handle_t *h, cio_callback_fn cb,
                       void *arg) {
    int rc = cio__handle_take(loop, &h, cb, arg, "cio_loop_call_soon");
    if (rc < 0)
        return rc;
    cio__ready_push_handle(loop, h);
    return 0;
}

static void timer_start(cio_loop_t *loop, cio_handle_t *h, cio_time_t when) {
    h->when = when;
    h->seq = loop->timer_seq++;
    h->flags |= CIO__H_TIMER;
    cio__heap_insert(loop, h);
}

int cio_loop_call_at(cio_loop_t *loop, cio_handle_t *h, cio_time_t when,
                     cio_callback_fn cb, void *arg) {
    int rc = cio__handle_take(loop, &h, cb, arg, "cio_loop_call_at");
    if (rc < 0)
        return rc;
    timer_start(loop, h, when);
    return 0;
}

int cio_loop_call_later(cio_loop_t *loop, cio_handle_t *h, cio_time_t delay,
                        cio_callback_fn cb, void *arg) {
    if (delay < 0)
        delay = 0;
    return cio_loop_call_at(loop, h, cio_loop_time(loop) + delay, cb, arg);
}

void cio__timer_start_internal(cio_loop_t *loop, cio_handle_t *h,
                               cio_time_t when, cio__handle_self_fn fn,
                               void *arg) {
    cio__handle_prepare(h, loop, (cio_callback_fn)(void (*)(void))fn, arg);
    h->flags = CIO__H_INTERNAL;
    timer_start(loop, h, when);
}

/* ---- call_soon_threadsafe --------------------------------------------- */

/* The queue of call_soon_threadsafe is guarded by a spin lock on hosted
 * builds (the critical sections are a few stores) and by the port's
 * interrupt mask on bare metal. */
static void ts_lock(cio_loop_t *loop) {
#if CIO_CONF_THREADS
    unsigned spins = 0;
    while (__atomic_exchange_n(&loop->ts_spin, 1, __ATOMIC_ACQUIRE)) {
        if (++spins > 64) {
            sched_yield();
            spins = 0;
        }
    }
#elif !CIO_CONF_HOSTED
    int state = CIO_PORT_IRQ_SAVE();
    loop->ts_spin = state;
#else
    (void)loop;
#endif
}

static void ts_unlock(cio_loop_t *loop) {
#if CIO_CONF_THREADS
    __atomic_store_n(&loop->ts_spin, 0, __ATOMIC_RELEASE);
#elif !CIO_CONF_HOSTED
    CIO_PORT_IRQ_RESTORE(loop->ts_spin);
#else
    (void)loop;
#endif
}

int cio_loop_call_soon_threadsafe(cio_loop_t *loop, cio_handle_t *h,
                                  cio_callback_fn cb, void *arg) {
#if CIO_CONF_THREADS || !CIO_CONF_HOSTED
    if (h == NULL || cb == NULL)
        return CIO_EINVAL;
    ts_lock(loop);
    if (loop->state == CIO__LOOP_CLOSED) {
        ts_unlock(loop);
        return CIO_ECLOSED;
    }
    cio__handle_prepare(h, loop, cb, arg);
    h->flags = CIO__H_THREADSAFE;
    cio_list_push_back(&loop->ts_queue, &h->link.node);
    loop->ts_count++;
    ts_unlock(loop);
    cio__io_wakeup(loop);
    return 0;
#else
    (void)loop;
    (void)h;
    (void)cb;
    (void)arg;
    return CIO_ENOSYS;
#endif
}

int cio__threadsafe_pending(cio_loop_t *loop) {
#if CIO_CONF_THREADS
    return __atomic_load_n(&loop->ts_count, __ATOMIC_RELAXED) != 0;
#else
    return loop->ts_count != 0;
#endif
}

void cio__threadsafe_drain(cio_loop_t *loop) {
    cio_node_t *n;
    if (!cio__threadsafe_pending(loop))
        return;
    ts_lock(loop);
    while ((n = loop->ts_queue.next) != &loop->ts_queue) {
        cio_handle_t *h = CIO_CONTAINER_OF(n, cio_handle_t, link.node);
        cio_node_unlink(n);
        h->flags = (uint8_t)(h->flags & ~CIO__H_THREADSAFE);
        cio__ready_push_handle(loop, h);
    }
    loop->ts_count = 0;
    ts_unlock(loop);
}

/* ---- Init and close --------------------------------------------------- */

int cio_loop_init(cio_loop_t *loop) {
    int rc;
    cio__zero(loop, sizeof *loop);
    cio_list_init(&loop->ready);
    cio_list_init(&loop->running);
    cio_list_init(&loop->boxed);
    cio_list_init(&loop->tasks);
    cio_list_init(&loop->ts_queue);
    loop->next_task_id = 1;
    loop->io_fd = -1;
    loop->wake_fd[0] = loop->wake_fd[1] = -1;
    loop->slow_threshold = CIO_CONF_SLOW_CALLBACK_NS;
    cio_loop_set_allocator(loop, NULL);
    rc = cio__io_init(loop);
    if (rc < 0)
        return rc;
    cio_loop_update_time(loop);
    loop->state = CIO__LOOP_IDLE;
    return 0;
}

int cio_loop_is_closed(const cio_loop_t *loop) {
    return loop->state == CIO__LOOP_CLOSED;
}

int cio_loop_is_running(const cio_loop_t *loop) {
    return loop->state == CIO__LOOP_RUNNING;
}

static void drop_list_handles(cio_list_t *list) {
    cio_node_t *n;
    while ((n = list->next) != list) {
        cio_node_unlink(n);
        if (CIO__NODE_KIND(n) == CIO__K_HANDLE) {
            cio_handle_t *h = CIO_CONTAINER_OF(n, cio_handle_t, link.node);
            h->flags &= (uint8_t)~(CIO__H_READY | CIO__H_THREADSAFE);
            handle_release(h);
        }
    }
}

int cio_loop_close(cio_loop_t *loop) {
    cio_handle_t *h;
    cio_node_t *n;
    if (loop->state == CIO__LOOP_CLOSED)
        return CIO_ECLOSED;
    if (loop->state == CIO__LOOP_RUNNING)
        return CIO_EBUSY;
    /* Pending tasks: report them, then clear the timers and the ready
     * queue (some of their entries live in task frames), then let every
     * task unlink itself and what is linked into it, and only then free
     * them (see cio__task_detach_pending). */
    for (n = loop->tasks.next; n != &loop->tasks; n = n->next)
        cio__task_report_pending(CIO_CONTAINER_OF(n, cio_task_t, all));
    while ((h = cio__heap_min(loop)) != NULL) {
        cio__heap_remove(loop, h);
        h->flags &= (uint8_t)~CIO__H_TIMER;
        handle_release(h);
    }
    drop_list_handles(&loop->ready);
    for (n = loop->tasks.next; n != &loop->tasks; n = n->next)
        cio__task_detach_pending(CIO_CONTAINER_OF(n, cio_task_t, all));
    while (!cio_list_empty(&loop->tasks))
        cio__task_destroy_pending(
            CIO_CONTAINER_OF(loop->tasks.next, cio_task_t, all));
    cio__boxed_free_all(loop, NULL);
    ts_lock(loop);
    loop->state = CIO__LOOP_CLOSED;
    drop_list_handles(&loop->ts_queue);
    loop->ts_count = 0;
    ts_unlock(loop);
    cio__io_close(loop);
    return 0;
}

/* ---- Running ------------------------------------------------------------ */

#if CIO_CONF_DEBUG
static void report_slow(cio_loop_t *loop, cio_task_t *t, cio_time_t took) {
    char name[32];
    const char *func, *file;
    unsigned line;
    if (t == NULL)
        cio__log(loop, CIO_LOG_WARNING,
                 "a callback took %lu.%03lu s (threshold %lu.%03lu s)",
                 CIO__SECONDS_ARGS(took),
                 CIO__SECONDS_ARGS(loop->slow_threshold));
    else if (cio_task_where(t, &func, &file, &line) == 0)
        cio__log(loop, CIO_LOG_WARNING,
                 "step of task %s took %lu.%03lu s (%s() now waits at %s:%u)",
                 cio_task_get_name(t, name, sizeof name),
                 CIO__SECONDS_ARGS(took), func, file, line);
    else
        cio__log(loop, CIO_LOG_WARNING,
                 "step of task %s (%s() at %s:%u) took %lu.%03lu s",
                 cio_task_get_name(t, name, sizeof name), t->desc->name,
                 t->desc->file, t->desc->line, CIO__SECONDS_ARGS(took));
}
#endif

/* Run one ready-queue entry (already unlinked). */
static void run_entry(cio_loop_t *loop, cio_node_t *n) {
    switch (CIO__NODE_KIND(n)) {
    case CIO__K_TASK:
        cio__task_step(CIO_CONTAINER_OF(n, cio_task_t, node));
        break;
    case CIO__K_HANDLE: {
        cio_handle_t *h = CIO_CONTAINER_OF(n, cio_handle_t, link.node);
        h->flags &= (uint8_t)~CIO__H_READY;
        if (h->flags & CIO__H_INTERNAL) {
            ((cio__handle_self_fn)(void (*)(void))h->cb)(h);
        } else {
            cio_callback_fn cb = h->cb;
            void *arg = h->arg;
            if (h->flags & CIO__H_ALLOCATED)
                cio__free(loop, h, sizeof *h);
            cb(arg);
        }
        break;
    }
    case CIO__K_IO: {
        cio_io_t *w = CIO_CONTAINER_OF(n, cio_io_t, node);
        unsigned ev = w->revents;
        w->revents = 0;
        if (w->active && ev != 0)
            w->cb(w, ev);
        break;
    }
    default:
        break;
    }
}

static void run_ready(cio_loop_t *loop) {
    /* Only what is ready now runs in this iteration: the ready queue is
     * moved to `running` in one step, and what the callbacks schedule
     * lands on the (now empty) ready queue for the next iteration. */
    cio_node_t *n, *batch = &loop->running;
    cio_list_splice_back(batch, &loop->ready);
    while ((n = batch->next) != batch) {
        cio_node_unlink(n);
#if CIO_CONF_DEBUG
        if (loop->debug) {
            cio_time_t t0 = cio__clock_now(), took;
            /* the entry may be freed by running it: report from a copy */
            uint8_t kind = CIO__NODE_KIND(n);
            cio_task_t *task = kind == CIO__K_TASK
                                   ? CIO_CONTAINER_OF(n, cio_task_t, node)
                                   : NULL;
            if (task != NULL)
                cio_task_retain(task);
            run_entry(loop, n);
            took = cio__clock_now() - t0;
            if (took > loop->slow_threshold)
                report_slow(loop, task, took);
            if (task != NULL)
                cio_task_release(task);
            continue;
        }
#endif
        run_entry(loop, n);
    }
}

static void expire_timers(cio_loop_t *loop) {
    cio_handle_t *h;
    cio_time_t now;
    if (loop->timers == NULL)
        return; /* no clock read needed */
    now = cio_loop_time(loop);
    while ((h = cio__heap_min(loop)) != NULL && h->when <= now) {
        cio__heap_remove(loop, h);
        h->flags &= (uint8_t)~CIO__H_TIMER;
        cio__ready_push_handle(loop, h);
    }
}

/* One iteration. `max_wait` < 0: wait as the timers allow. */
static int loop_iterate(cio_loop_t *loop, cio_time_t max_wait) {
    cio_time_t timeout;
    cio_handle_t *first;
    int rc = 0;

    loop->now_valid = 0;
    if (!cio_list_empty(&loop->ready) || loop->stopping ||
        cio__threadsafe_pending(loop)) {
        timeout = 0;
    } else if ((first = cio__heap_min(loop)) != NULL) {
        timeout = first->when - cio_loop_time(loop);
        if (timeout < 0)
            timeout = 0;
    } else {
        timeout = -1;
    }
    if (max_wait >= 0 && (timeout < 0 || timeout > max_wait))
        timeout = max_wait;

    /* A zero-timeout poll without descriptors would find nothing: skip the
     * system call (what is queued from other threads is checked below). */
    if (timeout != 0 || loop->nwatchers > 0)
        rc = cio__io_poll(loop, timeout);
    cio__threadsafe_drain(loop);
    loop->now_valid = 0; /* the time of this iteration is read after the poll */
    expire_timers(loop);
    run_ready(loop);
    return rc < 0 ? rc : 0;
}

/* The loop running on this thread (one loop per thread). */
#if CIO_CONF_THREADS
static __thread cio_loop_t *running_loop;
#else
static cio_loop_t *running_loop;
#endif

cio_loop_t *cio_running_loop(void) { return running_loop; }

cio_task_t *cio_current_task(void) {
    return running_loop != NULL ? running_loop->current : NULL;
}

static int enter(cio_loop_t *loop) {
    if (loop->state == CIO__LOOP_CLOSED)
        return CIO_ECLOSED;
    if (loop->state == CIO__LOOP_RUNNING)
        return CIO_EBUSY;
    if (running_loop != NULL)
        return CIO_EBUSY; /* another loop runs on this thread */
    loop->state = CIO__LOOP_RUNNING;
    loop->owner_thread = CURRENT_THREAD();
    running_loop = loop;
    return 0;
}

static void leave(cio_loop_t *loop) {
    loop->state = CIO__LOOP_IDLE;
    loop->stopping = 0;
    running_loop = NULL;
}

int cio_loop_run_forever(cio_loop_t *loop) {
    int rc = enter(loop);
    if (rc < 0)
        return rc;
    for (;;) {
        rc = loop_iterate(loop, -1);
        if (rc < 0 || loop->stopping)
            break;
    }
    leave(loop);
    return rc;
}

int cio_loop_run_once(cio_loop_t *loop, cio_time_t timeout) {
    int rc = enter(loop);
    if (rc < 0)
        return rc;
    rc = loop_iterate(loop, timeout < 0 ? -1 : timeout);
    leave(loop);
    return rc;
}

void cio_loop_stop(cio_loop_t *loop) { loop->stopping = 1; }

cio_task_t *cio_loop_current_task(const cio_loop_t *loop) {
    return loop->current;
}
