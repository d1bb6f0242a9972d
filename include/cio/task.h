/* cio/task.h - tasks: coroutines scheduled on the loop, and sleep.
 *
 * A task runs one coroutine (its *root*) on a loop, step by step: each step
 * resumes the coroutine until it suspends. A task is also a future (its
 * first awaiters get its result), so everything in cio/future.h applies to
 * cio_task_future(task).
 *
 * Spawning. ciogen emits typed helpers for every async function `f`:
 *
 *     cio_task_t *t;
 *     int rc = f_spawn(&loop, &t, args...);   // allocated; t holds a reference
 *     ...                                     // ... until cio_task_release(t)
 *     rc = f_spawn(&loop, NULL, args...);     // detached: frees itself
 *     static struct f_task storage;           // no allocation at all
 *     rc = f_spawn_in(&loop, &storage, args...);
 *
 * Underneath: cio_task_new() or cio_task_init_in(), then the frame's
 * `*_init`, then cio_task_start(). A new task runs its first step in the
 * next loop iteration (asyncio.create_task semantics). An allocated task
 * stays valid while it is pending or someone holds a reference; a task in
 * caller storage stays valid as long as the storage does.
 *
 * Cancellation. cio_task_cancel() requests cancellation; it is delivered
 * once, at the task's next suspension point: the await the task is stuck in
 * returns CIO_ECANCELED. A task cancelled before its first step runs none
 * of its body. Cancelling a task that awaits a future or another task
 * cancels that too (and the task waits for it to finish). A coroutine may
 * catch CIO_ECANCELED, clean up and return it (the task ends cancelled) or
 * return anything else (the task ends normally, as in asyncio).
 *
 * Results. A task's result is its root coroutine's return value when that
 * is an integer or pointer type, or the error: a negative return value of
 * an integer coroutine is the task's error (libuv convention), and a task
 * that returns CIO_ECANCELED while a cancel was requested is cancelled.
 */
#ifndef CIO_TASK_H
#define CIO_TASK_H

#include <stddef.h>
#include <stdint.h>

#include "cio/coro.h"
#include "cio/errno.h"
#include "cio/future.h"
#include "cio/loop.h"

/** A task. Fields are private; the struct is public so tasks can live in
 *  caller storage (see CIO_TASK_STORAGE). */
struct cio_task_s {
    cio_node_t node;          /* ready queue, or the wait list of what it awaits */
    const cio_coro_desc_t *desc;
    uint8_t kind;             /* private: same offset as in cio_handle_t */
    uint8_t flags;            /* private: CIO__T_* */
    uint8_t wait_kind;        /* private: what wait_obj is */
    uint8_t ncancel;          /* cancel requests not yet taken back */
    uint32_t id;              /* Task-<id> */
    cio_future_t future;      /* the result, and who awaits it; its `aux`
                                 counts the references */
    cio_coro_t *resume_frame; /* innermost parked frame (fast resume) */
    const cio_coro_desc_t *resume_desc;
    void *wait_obj;           /* what the task is suspended on */
    cio_node_t all;           /* the loop's list of pending tasks */
    const char *name;         /* NULL: "Task-<id>" */
};

/** Storage for a task whose root frame is `frame_type`:
 *  `static CIO_TASK_STORAGE(struct count_frame) t;` ciogen declares
 *  `struct <fn>_task` this way. */
#define CIO_TASK_STORAGE(frame_type) \
    struct {                         \
        cio_task_t task;             \
        frame_type frame;            \
    }

/** An initializer for a hand-written coroutine's descriptor (see
 *  cio_coro_desc_t in cio/coro.h):
 *      const cio_coro_desc_t ticker_desc = CIO_DESC_INIT(
 *          struct ticker_frame, "ticker", __FILE__, __LINE__, 1, NULL,
 *          ticker_resume, NULL);                                        */
#define CIO_DESC_INIT(frame_type, name, file, line, npoints, point_lines, \
                      resume, result)                                     \
    {(name), (file), (line), (npoints), (point_lines),                    \
     sizeof(CIO_TASK_STORAGE(frame_type)),                                \
     offsetof(CIO_TASK_STORAGE(frame_type), frame), (resume), (result)}

/** Allocate a task for `desc` from the loop's allocator. Initialise its
 *  frame (cio_task_frame) and call cio_task_start. `*out` receives the
 *  task; the caller holds one reference (cio_task_release). Returns 0,
 *  CIO_ENOMEM, CIO_ECLOSED, CIO_EINVAL, or (debug mode) CIO_EWRONGTHREAD.
 *  If it fails nothing was allocated or scheduled. */
CIO_WUR int cio_task_new(cio_loop_t *loop, const cio_coro_desc_t *desc,
                 cio_task_t **out);

/** Prepare a task in caller storage of at least desc->task_size bytes,
 *  aligned like the task struct (use CIO_TASK_STORAGE). The storage must
 *  not hold a pending task. Returns 0, CIO_EBUSY, CIO_ECLOSED. */
CIO_WUR int cio_task_init_in(cio_loop_t *loop, const cio_coro_desc_t *desc,
                     void *storage, cio_task_t **out);

/** The root frame (to pass to the coroutine's `*_init`). */
static inline void *cio_task_frame(cio_task_t *t) {
    return (char *)t + t->desc->frame_offset;
}

/** Schedule the first step of a task whose frame is initialised. With
 *  `detach` nonzero the caller gives up its reference now. */
void cio_task_start(cio_task_t *t, int detach);

/** Take another reference to an allocated task. */
void cio_task_retain(cio_task_t *t);
/** Drop a reference; an allocated task that is done and unreferenced is
 *  freed. Harmless on tasks in caller storage. */
void cio_task_release(cio_task_t *t);

/** Request cancellation (see above). Returns 1 if the request was made, 0
 *  if the task is already done (or, in debug mode, if called from a thread
 *  that does not run the loop: reported, not done). */
int cio_task_cancel(cio_task_t *t);
/** The number of cancel requests not withdrawn with cio_task_uncancel()
 *  (asyncio's Task.cancelling()). */
int cio_task_cancelling(const cio_task_t *t);
/** Withdraw one cancel request; returns the remaining count. Used by
 *  timeouts and task groups that turn a cancellation into something else. */
int cio_task_uncancel(cio_task_t *t);

/** The task as a future (to await, to add done callbacks, to run until
 *  complete). */
static inline cio_future_t *cio_task_future(cio_task_t *t) {
    return &t->future;
}
int cio_task_done(const cio_task_t *t);
int cio_task_cancelled(const cio_task_t *t);
/** The integer result (the error code if it failed or was cancelled). */
intptr_t cio_task_result(const cio_task_t *t);
void *cio_task_result_ptr(const cio_task_t *t);
/** 0, the error, CIO_ECANCELED, or CIO_ESTATE while pending. */
int cio_task_error(const cio_task_t *t);

/** The coroutine descriptor of the root (its name: desc->name). */
static inline const cio_coro_desc_t *cio_task_desc(const cio_task_t *t) {
    return t->desc;
}
uint32_t cio_task_id(const cio_task_t *t);
cio_loop_t *cio_task_loop(const cio_task_t *t);

/** Give the task a name; the string is not copied. */
void cio_task_set_name(cio_task_t *t, const char *name);
/** The task's name, or "Task-<id>" formatted into buf (size >= 24). */
const char *cio_task_get_name(const cio_task_t *t, char *buf, size_t size);

/** Where a suspended task is waiting: the innermost coroutine that
 *  recorded itself, and the source line of its resume point. Returns 0 if
 *  known, CIO_ESTATE if the task is not suspended in a known place. */
int cio_task_where(const cio_task_t *t, const char **func, const char **file,
                   unsigned *line);

/** Iterate over the pending tasks of a loop (asyncio.all_tasks()), in
 *  creation order: `for (t = cio_loop_first_task(l); t; t = cio_loop_next_task(l, t))`.
 *  Do not free the current task while iterating. */
cio_task_t *cio_loop_first_task(cio_loop_t *loop);
cio_task_t *cio_loop_next_task(cio_loop_t *loop, cio_task_t *t);
/** The number of pending tasks. */
size_t cio_loop_task_count(const cio_loop_t *loop);

/** Report every pending task with where it waits, through the log hook
 *  (one line each). */
void cio_loop_dump_tasks(cio_loop_t *loop);

/** Run the loop until `fut` is done (asyncio's run_until_complete). Returns
 *  0 if it completed with a result, its error or CIO_ECANCELED, or
 *  CIO_ESTATE if the loop was stopped first; CIO_EBUSY, CIO_ECLOSED. */
int cio_loop_run_until_complete(cio_loop_t *loop, cio_future_t *fut);

/** Cancel every pending task and run the loop until all are done: the
 *  clean-up asyncio.run() does after main returns. Returns 0 or an error. */
int cio_loop_shutdown_tasks(cio_loop_t *loop);

/* ---- Awaitables -------------------------------------------------------- */

/** `await cio_sleep(delay)`: suspend for `delay` ns (negative counts as 0).
 *  cio_sleep(0) yields to the loop for exactly one iteration. Returns 0,
 *  or CIO_ECANCELED. The timer lives in the frame (until the sleep starts
 *  its `when` holds the delay). */
struct cio_sleep_frame {
    cio_coro_t co;
    int ret;
    cio_handle_t timer;
};
void cio_sleep_init(struct cio_sleep_frame *f, cio_time_t delay);
int cio_sleep_resume(cio_coro_t *co, cio_task_t *task);
extern const cio_coro_desc_t cio_sleep_desc;

/** `await cio_yield()`: give the other ready tasks a turn; resumes in the
 *  next loop iteration (like cio_sleep(0), with an 8-byte frame). Returns
 *  0, or CIO_ECANCELED. */
struct cio_yield_frame {
    cio_coro_t co;
    int ret;
};
/* cio_yield_init / cio_yield_resume are inline (below). */
extern const cio_coro_desc_t cio_yield_desc;

/** `await cio_task_wait(t)`: wait for another task; returns its integer
 *  result, its error, or CIO_ECANCELED. Cancelling the waiter cancels t. */
struct cio_task_wait_frame {
    cio_coro_t co;
    int ret;
    cio_task_t *t;
};
void cio_task_wait_init(struct cio_task_wait_frame *f, cio_task_t *t);
int cio_task_wait_resume(cio_coro_t *co, cio_task_t *task);
extern const cio_coro_desc_t cio_task_wait_desc;

#ifdef CIO_ASYNC_DECLARATIONS
#include "cio/async.h"
CIO_ASYNC int cio_sleep(cio_time_t delay);
CIO_ASYNC int cio_yield(void);
CIO_ASYNC int cio_task_wait(cio_task_t *t);
#endif

/* ---- Frames that cannot be embedded -------------------------------------
 *
 * A recursive await (a function awaiting itself, directly or through
 * others) cannot embed the callee's frame in the caller's. ciogen then
 * allocates the child frame from the loop's allocator for the duration of
 * the await (`await cio_boxed(f(n - 1))`). The task keeps a list of such
 * frames, so a task destroyed while pending frees them too. */

/** Allocate `size` bytes for a child frame of `task`; NULL if the loop's
 *  allocator fails. */
void *cio_task_frame_alloc(cio_task_t *task, size_t size);
/** Free a frame from cio_task_frame_alloc (the most recent one first, as a
 *  stack, but any order works). */
void cio_task_frame_free(cio_task_t *task, void *frame);

/* ---- For leaf awaitables ------------------------------------------------
 *
 * A leaf awaitable registers what its task waits on before it suspends,
 * so that cancellation can reach it:
 *   CIO_WAIT_LIST   the task's node is on a waiter list (lock, event, ...):
 *                   cancelling unlinks it and wakes the task;
 *   CIO_WAIT_FUTURE / CIO_WAIT_TASK  the task is on that future's waiter
 *                   list: cancelling cancels the future / the task;
 *   CIO_WAIT_TIMER  obj is a timer handle: cancelling stops it;
 *   CIO_WAIT_CUSTOM obj is a cio_waiter_t whose cancel function detaches.
 * On resume it calls cio__task_take_cancel() first. */
enum cio_wait_kind_e {
    CIO_WAIT_NONE = 0,
    CIO_WAIT_LIST,
    CIO_WAIT_FUTURE,
    CIO_WAIT_TASK,
    CIO_WAIT_TIMER,
    CIO_WAIT_CUSTOM
};

typedef struct cio_waiter_s cio_waiter_t;

/** What a CIO_WAIT_CUSTOM waiter did with a cancellation. */
enum cio_waiter_action_e {
    /* detached: wake the task now; its leaf returns CIO_ECANCELED */
    CIO_WAITER_WAKE = 0,
    /* passed on (e.g. children cancelled): the waiter wakes the task later
     * with the outcome; the cancel request counts as delivered */
    CIO_WAITER_FORWARDED,
    /* nothing to pass it to: the waiter wakes the task later and the leaf
     * then takes the cancellation (cio__task_take_cancel) */
    CIO_WAITER_PENDING
};

struct cio_waiter_s {
    /* The task waiting here was cancelled: returns a cio_waiter_action_e. */
    int (*cancel)(cio_waiter_t *w, cio_task_t *task);
    /* The task is being destroyed (loop closed): forget every registration
     * the waiter made, wake nobody. */
    void (*detach)(cio_waiter_t *w, cio_task_t *task);
};

#define CIO__T_MUST_CANCEL 0x01u /* deliver CIO_ECANCELED at the next resume */
#define CIO__T_ALLOCATED 0x02u   /* free through the loop's allocator */
#define CIO__T_STARTED 0x04u     /* start() ran: scheduled or running */
#define CIO__T_RETRIEVED 0x08u   /* someone read the result or error */
#define CIO__T_DESTROYED 0x10u   /* the loop was closed while pending */

/* The helpers below are on every await's path: inline. */

/** Register what `task` is suspended on. */
static inline void cio__task_wait_on(cio_task_t *task, int kind, void *obj) {
    task->wait_kind = (uint8_t)kind;
    task->wait_obj = obj;
}

/** Put a suspended task on the ready queue (a leaf's wake-up). Its wait
 *  registration is cleared. */
static inline void cio__task_wake(cio_task_t *task) {
    task->wait_kind = CIO_WAIT_NONE;
    task->wait_obj = NULL;
    cio_list_push_back(&task->future.loop->ready, &task->node);
}

/** Put the running task on the ready queue: it resumes next iteration. */
static inline void cio__task_yield(cio_task_t *task) {
    cio_list_push_back(&task->future.loop->ready, &task->node);
}

/** Consume a pending cancellation: returns CIO_ECANCELED (once per cancel
 *  request) or 0. Every leaf calls it first when resumed. */
static inline int cio__task_take_cancel(cio_task_t *task) {
    if (task->flags & CIO__T_MUST_CANCEL) {
        task->flags &= (uint8_t)~CIO__T_MUST_CANCEL;
        return CIO_ECANCELED;
    }
    return 0;
}

/* CIO_AWAIT_FUTURE's steps. begin: nonzero if the task must suspend (it is
 * now on the future's waiter list); result: what a done future gives an
 * awaiter; end: the result after the wake-up, or CIO_ECANCELED. */
static inline int cio__future_await_begin(cio_task_t *task, cio_future_t *fut) {
    if (fut->state != CIO_FUTURE_PENDING)
        return 0;
    cio_list_push_back(&fut->waiters, &task->node);
    if (fut->flags & CIO__F_TASK)
        cio__task_wait_on(task, CIO_WAIT_TASK,
                          CIO_CONTAINER_OF(fut, cio_task_t, future));
    else
        cio__task_wait_on(task, CIO_WAIT_FUTURE, fut);
    return 1;
}

static inline int cio__future_await_result(cio_future_t *fut) {
    fut->flags |= CIO__F_RETRIEVED;
    if (fut->error != 0)
        return fut->error;
    if (fut->flags & CIO__F_PTR)
        return 0;
    return (int)fut->value.i;
}

static inline int cio__future_await_end(cio_task_t *task, cio_future_t *fut) {
    int rc = cio__task_take_cancel(task);
    return rc != 0 ? rc : cio__future_await_result(fut);
}

/* The leaf behind `await cio_future_wait(fut)` (cio/future.h), inline so
 * that generated code pays no call for it. */
static inline void cio_future_wait_init(struct cio_future_wait_frame *f,
                                        cio_future_t *fut) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->fut = fut;
}

static inline int cio_future_wait_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_future_wait_frame *f = (struct cio_future_wait_frame *)co;
    if (co->state == 0) {
        if (cio__future_await_begin(task, f->fut)) {
            co->state = 1;
            return CIO_CORO_SUSPENDED;
        }
        f->ret = cio__future_await_result(f->fut);
    } else if (co->state == 1) {
        f->ret = cio__future_await_end(task, f->fut);
    } else {
        return CIO_CORO_DONE; /* finished already */
    }
    co->state = CIO_CORO_FINISHED;
    return CIO_CORO_DONE;
}

/* The leaf behind `await cio_yield()`, inline for the same reason. */
static inline void cio_yield_init(struct cio_yield_frame *f) {
    cio_coro_init(&f->co);
    f->ret = 0;
}

static inline int cio_yield_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_yield_frame *f = (struct cio_yield_frame *)co;
    if (co->state == 0) {
        cio__task_yield(task);
        co->state = 1;
        return CIO_CORO_SUSPENDED;
    }
    if (co->state == 1) {
        f->ret = cio__task_take_cancel(task);
        co->state = CIO_CORO_FINISHED;
    }
    return CIO_CORO_DONE;
}

/** Record `co` as the frame to resume on wake-up, unless a deeper frame did
 *  in this step (see CIO_AWAIT in cio/coro.h). */
static inline void cio__task_park(cio_task_t *task, cio_coro_t *co,
                                  const cio_coro_desc_t *desc) {
    if (task->resume_frame == NULL) {
        task->resume_frame = co;
        task->resume_desc = desc;
    }
}

#endif /* CIO_TASK_H */
