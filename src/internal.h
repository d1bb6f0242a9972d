/* src/internal.h - what the runtime's files share and users never see.
 *
 * Naming: internal non-static functions are `cio__noun_verb`.
 */
#ifndef CIO_INTERNAL_H
#define CIO_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "cio.h"

/* ---- Ready-queue entries ------------------------------------------------
 * The ready queue holds nodes of several kinds; the byte `kind` sits at the
 * same offset in every struct that can be queued, right after the node. */
enum {
    CIO__K_HANDLE = 1, /* cio_handle_t: run its callback */
    CIO__K_TASK = 2,   /* cio_task_t: run one step */
    CIO__K_IO = 3      /* an I/O watcher's readiness entry (backend) */
};

#define CIO__NODE_KIND(n) \
    (((const cio_handle_t *)(const void *)(n))->kind)

typedef char cio__assert_task_kind_offset
    [offsetof(cio_task_t, kind) == offsetof(cio_handle_t, kind) ? 1 : -1];
typedef char cio__assert_io_kind_offset
    [offsetof(cio_io_t, kind) == offsetof(cio_handle_t, kind) ? 1 : -1];
typedef char cio__assert_node_first
    [offsetof(cio_task_t, node) == 0 && offsetof(cio_handle_t, link.node) == 0 ? 1 : -1];

/* ---- Handles -------------------------------------------------------- */
#define CIO__H_READY 0x01u     /* on the ready queue */
#define CIO__H_TIMER 0x02u     /* in the timer heap */
#define CIO__H_FUTURE 0x04u    /* on a future's done-callback list */
#define CIO__H_ALLOCATED 0x08u /* free after it ran or was cancelled */
#define CIO__H_THREADSAFE 0x10u /* on the call_soon_threadsafe queue */
#define CIO__H_INTERNAL 0x20u  /* the callback takes the handle, not arg */

/* Internal callbacks (task wake-ups from timers, ...) receive the handle
 * itself so they can find their container. */
typedef void (*cio__handle_self_fn)(cio_handle_t *h);

void cio__handle_prepare(cio_handle_t *h, cio_loop_t *loop, cio_callback_fn cb,
                         void *arg);
/* Check and take the caller's handle (*hp), or allocate one that frees
 * itself (then *hp is set); fill it in for cb(arg). 0 or a CIO_E* code
 * (`what` names the API call for the debug-mode thread check). */
int cio__handle_take(cio_loop_t *loop, cio_handle_t **hp, cio_callback_fn cb,
                     void *arg, const char *what);
/* Push onto the ready queue (h is not queued anywhere). */
void cio__ready_push_handle(cio_loop_t *loop, cio_handle_t *h);
/* A timer for internal use whose callback gets the handle. */
void cio__timer_start_internal(cio_loop_t *loop, cio_handle_t *h,
                               cio_time_t when, cio__handle_self_fn fn,
                               void *arg);

/* ---- Timer heap (heap.c) ------------------------------------------- */
void cio__heap_insert(cio_loop_t *loop, cio_handle_t *h);
void cio__heap_remove(cio_loop_t *loop, cio_handle_t *h);
cio_handle_t *cio__heap_min(const cio_loop_t *loop);
#define CIO__HANDLE_OF_HEAP(n) CIO_CONTAINER_OF(n, cio_handle_t, link.heap)

/* ---- Loop states ---------------------------------------------------- */
enum { CIO__LOOP_IDLE = 1, CIO__LOOP_RUNNING = 2, CIO__LOOP_CLOSED = 3 };

/* ---- Memory -------------------------------------------------------- */
void *cio__alloc(cio_loop_t *loop, size_t size);
void cio__free(cio_loop_t *loop, void *p, size_t size);

/* ---- Tasks (task.c) ------------------------------------------------ */
/* A task's root returned (or the task was cancelled before it started). */
void cio__task_finish(cio_task_t *t, int cancelled);
/* Deliver a pending cancel request to what a suspended task waits on. */
void cio__task_cancel_wait(cio_task_t *t);

/* One step of a task: resume the innermost parked frame directly if one
 * recorded itself (cio__task_park), else the root; when the parked frame
 * finishes, go on from the root, whose awaits find their children done.
 * Inline: the ready-queue loop runs it for every wake-up. */
static inline void cio__task_step(cio_task_t *t) {
    cio_loop_t *loop = t->future.loop;
    cio_coro_t *root = (cio_coro_t *)cio_task_frame(t);
    cio_coro_t *parked = t->resume_frame;
    cio_task_t *outer = loop->current;
    int st;

    t->wait_kind = CIO_WAIT_NONE;
    t->wait_obj = NULL;
    t->resume_frame = NULL;
    if (root->state == 0 && (t->flags & CIO__T_MUST_CANCEL)) {
        cio__task_finish(t, 1); /* cancelled before it started: no body runs */
        return;
    }
    loop->current = t;
    if (parked != NULL && parked != root &&
        t->resume_desc->resume(parked, t) == CIO_CORO_SUSPENDED)
        st = CIO_CORO_SUSPENDED;
    else
        st = t->desc->resume(root, t);
    loop->current = outer;
    if (st == CIO_CORO_SUSPENDED) {
        /* cancel() called during the step reaches the new wait now */
        if (t->flags & CIO__T_MUST_CANCEL)
            cio__task_cancel_wait(t);
        return;
    }
    cio__task_finish(t, 0);
}
/* Loop close, for every pending task: report, then detach (after the
 * timers and the ready queue are cleared), then destroy. */
void cio__task_report_pending(cio_task_t *t);
void cio__task_detach_pending(cio_task_t *t);
void cio__task_destroy_pending(cio_task_t *t);
/* Free the boxed frames of one task, or of all (t NULL). */
void cio__boxed_free_all(cio_loop_t *loop, cio_task_t *t);

/* The `result` hook of a leaf awaitable whose value is its int status: a
 * negative status is the task's error, anything else its value. */
static inline int cio__int_result(int ret, cio_value_t *out) {
    out->i = ret;
    return ret < 0 ? ret : 0;
}

/* ---- Wait queues: FIFO lists of suspended tasks ---------------------
 * A primitive (lock, event, queue...) parks the running task on one of its
 * lists; the task's own node is the list entry, so nothing is allocated.
 * `woken` is a flag in the waiting leaf's frame: the waker sets it before
 * it moves the task to the ready queue, so the leaf can tell "woken, then
 * cancelled" (it must pass on what it was given) from "cancelled while
 * still queued" (cancellation only unlinks it; the flag stays 0). */
static inline void cio__waitq_park(cio_list_t *list, cio_task_t *task,
                                   uint8_t *woken) {
    *woken = 0;
    cio_list_push_back(list, &task->node);
    cio__task_wait_on(task, CIO_WAIT_LIST, woken);
}

/* Wake the first waiter of `list`; returns it, or NULL if none. */
static inline cio_task_t *cio__waitq_wake_first(cio_list_t *list) {
    cio_task_t *t;
    if (cio_list_empty(list))
        return NULL;
    t = CIO_CONTAINER_OF(list->next, cio_task_t, node);
    cio_node_unlink(&t->node);
    *(uint8_t *)t->wait_obj = 1;
    cio__task_wake(t);
    return t;
}

/* ---- Futures (future.c) -------------------------------------------- */
/* Complete: move every waiter to the ready queue in order. */
void cio__future_complete(cio_future_t *fut);
/* An internal done callback: fn(h) is scheduled when `fut` is done (at
 * once if it is); h->arg is `arg`. Undo with cio_handle_cancel(h). */
void cio__future_watch(cio_future_t *fut, cio_handle_t *h,
                       cio__handle_self_fn fn, void *arg);


/* ---- Formatting without <stdio.h> (format.c) ------------------------ */
int cio__vformat(char *buf, size_t size, const char *fmt, va_list ap);
int cio__format(char *buf, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void cio__zero(void *p, size_t n);
/* A duration as "S.mmm" for "%lu.%03lu": two arguments. */
#define CIO__SECONDS_ARGS(ns)                                   \
    (unsigned long)((ns) / 1000000000),                         \
        (unsigned long)(((ns) / 1000000) % 1000)

/* ---- Logging ------------------------------------------------------- */
void cio__log(cio_loop_t *loop, cio_log_level_t level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void cio__vlog(cio_loop_t *loop, cio_log_level_t level, const char *fmt,
               va_list ap);

/* ---- Debug mode ------------------------------------------------------ */
#if CIO_CONF_DEBUG
/* Report a call from a thread other than the loop's (debug mode only).
 * Returns nonzero if the call is allowed. */
int cio__debug_check_thread(cio_loop_t *loop, const char *what);
#define CIO__CHECK_THREAD(loop, what)                                  \
    ((loop)->debug ? cio__debug_check_thread((loop), (what)) : 1)
#else
#define CIO__CHECK_THREAD(loop, what) 1
#endif

/* ---- Clock (hosted: clock_gettime; bare metal: the port) ----------- */
cio_time_t cio__clock_now(void);

/* ---- Backend contract (src/backend/: epoll.c, poll.c, none.c) -------
 * init: set up the loop's backend state; close: release it.
 * poll: wait up to `timeout` ns (-1: no limit, 0: don't block) for I/O,
 *       and push the ready watchers' entries onto the ready queue.
 * wakeup: make a poll in progress return (from any thread). */
int cio__io_init(cio_loop_t *loop);
void cio__io_close(cio_loop_t *loop);
int cio__io_poll(cio_loop_t *loop, cio_time_t timeout);
void cio__io_wakeup(cio_loop_t *loop);
/* Watch `w` for `events` (CIO_IO_*); 0 removes it. w->events holds the
 * previous mask while this runs. */
int cio__io_update(cio_loop_t *loop, cio_io_t *w, unsigned events);

/* Threadsafe queue (loop.c): move handles queued from other threads to
 * the ready queue. Called by the loop after polling. */
void cio__threadsafe_drain(cio_loop_t *loop);
int cio__threadsafe_pending(cio_loop_t *loop);

#endif /* CIO_INTERNAL_H */
