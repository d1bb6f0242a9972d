/* cio/compose.h - composing tasks: gather, wait, wait_for, timeout scopes,
 * as_completed and shield (asyncio 3.11+ semantics; docs/composition.md
 * maps each asyncio call to its C shape).
 *
 * The children are tasks (spawn coroutines first: `f_spawn`, `f_spawn_in`).
 * Every per-child record lives in an array the caller provides, so none of
 * these allocate; the arrays and the objects below must stay valid until
 * the await returns (or, for as_completed, until it is closed).
 *
 *     cio_gather_item_t items[3];
 *     struct count_task storage[3];
 *     for (int i = 0; i < 3; i++) {
 *         count_spawn_in(loop, &storage[i]);
 *         items[i].task = &storage[i].task;
 *     }
 *     int rc = await cio_gather(items, 3, 0);   // 0, or the first error
 */
#ifndef CIO_COMPOSE_H
#define CIO_COMPOSE_H

#include <stddef.h>
#include <stdint.h>

#include "cio/coro.h"
#include "cio/loop.h"
#include "cio/task.h"

/* ---- gather ------------------------------------------------------------- */

/** One child of a gather. Set `task`; read `error` afterwards. */
typedef struct cio_gather_item_s {
    cio_task_t *task;  /* the child */
    int error;         /* its outcome: 0, its error, CIO_ECANCELED; or
                          CIO_ESTATE if it had not finished */
    cio_handle_t done; /* private: the child's done callback */
} cio_gather_item_t;

/** Flags for cio_gather. */
#define CIO_GATHER_COLLECT 0x1 /* return_exceptions=True: wait for all */

/** `await cio_gather(items, n, flags)`: wait for every child; results stay
 *  in the children (cio_task_result, or the typed `f_result`), in argument
 *  order whatever the completion order.
 *  - default: returns 0 once all succeeded, or the first error (a child
 *    cancelled from outside counts as CIO_ECANCELED) at once - the other
 *    children keep running;
 *  - CIO_GATHER_COLLECT: waits for all; each items[i].error holds that
 *    child's outcome; returns 0.
 *  Cancelling the awaiting task cancels every unfinished child; the await
 *  then returns CIO_ECANCELED (in collect mode, once all have finished). */
struct cio_gather_frame {
    cio_coro_t co;
    int ret;
    cio_gather_item_t *items;
    size_t n, ndone;
    int flags;
    uint8_t cancel_requested, finished;
    cio_task_t *task;
    cio_waiter_t waiter;
};
void cio_gather_init(struct cio_gather_frame *f, cio_gather_item_t *items,
                     size_t n, int flags);
int cio_gather_resume(cio_coro_t *co, cio_task_t *task);

/* ---- wait ------------------------------------------------------------------ */

/** When cio_wait returns. */
enum cio_wait_when_e {
    CIO_ALL_COMPLETED = 0,
    CIO_FIRST_COMPLETED,
    CIO_FIRST_EXCEPTION /* first error (not cancellation), else all */
};

/** One child of a wait. Set `task`; read `done` afterwards. */
typedef struct cio_wait_item_s {
    cio_task_t *task;
    uint8_t done;      /* 1: in the done set, 0: still pending */
    cio_handle_t hnd;  /* private */
} cio_wait_item_t;

/** `await cio_wait(items, n, when, timeout)`: wait until `when` holds or
 *  `timeout` ns pass (negative: no timeout). Marks each item done or
 *  pending and returns the number done, or CIO_ECANCELED if the waiting
 *  task was cancelled. Never returns a child's error, never cancels the
 *  pending ones (asyncio.wait). */
struct cio_wait_frame {
    cio_coro_t co;
    int ret;
    cio_wait_item_t *items;
    size_t n, remaining;
    int when;
    cio_time_t timeout;
    uint8_t finished;
    cio_task_t *task;
    cio_handle_t timer;
    cio_waiter_t waiter;
};
void cio_wait_init(struct cio_wait_frame *f, cio_wait_item_t *items, size_t n,
                   int when, cio_time_t timeout);
int cio_wait_resume(cio_coro_t *co, cio_task_t *task);

/* ---- wait_for ------------------------------------------------------------ */

/** `await cio_wait_for(t, timeout)`: the task's result (as cio_task_wait).
 *  On timeout `t` is cancelled and CIO_ETIMEDOUT is returned once it has
 *  finished its clean-up - unless it swallowed the cancellation and
 *  returned a value, or completed anyway: its result wins. Cancelling the
 *  waiting task cancels `t` too and returns CIO_ECANCELED, not a timeout.
 *  To put a deadline on an awaited coroutine instead of a task, use a
 *  timeout scope (below). */
struct cio_wait_for_frame {
    cio_coro_t co;
    int ret;
    cio_task_t *t;
    cio_time_t timeout;
    uint8_t timed_out, cancelled;
    cio_task_t *task;
    cio_handle_t timer;
    cio_waiter_t waiter;
};
void cio_wait_for_init(struct cio_wait_for_frame *f, cio_task_t *t,
                       cio_time_t timeout);
int cio_wait_for_resume(cio_coro_t *co, cio_task_t *task);

/* ---- timeout scopes -------------------------------------------------------
 *
 * asyncio.timeout() / Trio's fail_after and move_on_after, for the current
 * task: a deadline covering any number of awaits.
 *
 *     cio_timeout_t to;                       // a local: it lives in the frame
 *     cio_timeout_enter(&to, CIO_MS(500));
 *     int rc = await fetch(a);
 *     if (rc >= 0)
 *         rc = await fetch(b);
 *     rc = cio_timeout_exit(&to, rc);        // CIO_ETIMEDOUT if it expired
 *
 * When the deadline passes the task is cancelled: the await it is in
 * returns CIO_ECANCELED; pass that code on to cio_timeout_exit(), which
 * turns it into CIO_ETIMEDOUT. A cancellation from outside (or from an
 * enclosing scope) is never turned into a timeout: exit returns it as
 * CIO_ECANCELED. move_on_after is the same with `rc == CIO_ETIMEDOUT`
 * treated as success. Scopes nest; exit them in reverse order. */
typedef struct cio_timeout_s {
    cio_handle_t timer;
    cio_task_t *task;
    int cancelling; /* the task's cancel count when entered */
    uint8_t state;  /* private */
} cio_timeout_t;

/** Enter a scope expiring `delay` ns from now (negative: never) for the
 *  current task. Returns 0, or CIO_ESTATE if no task is running. */
int cio_timeout_enter(cio_timeout_t *to, cio_time_t delay);
/** Same, with an absolute deadline in loop time. */
int cio_timeout_enter_at(cio_timeout_t *to, cio_time_t when);
/** Move the deadline (negative `when`: never). CIO_ESTATE unless entered
 *  and not yet expired. */
int cio_timeout_reschedule(cio_timeout_t *to, cio_time_t when);
/** The deadline, or -1 if none. */
cio_time_t cio_timeout_when(const cio_timeout_t *to);
/** Nonzero once the deadline passed (the task was cancelled for it). */
int cio_timeout_expired(const cio_timeout_t *to);
/** Leave the scope with the code the body ended with; returns the code to
 *  continue with (see above). */
int cio_timeout_exit(cio_timeout_t *to, int rc);

/* ---- as_completed ----------------------------------------------------------- */

typedef struct cio_ac_item_s {
    cio_task_t *task;
    struct cio_ac_item_s *next; /* private: order of completion */
    cio_handle_t hnd;           /* private */
} cio_ac_item_t;

/** Iterate over tasks in the order they complete:
 *
 *     cio_as_completed_t ac;
 *     cio_as_completed_init(&ac, items, n, -1);
 *     cio_task_t *t;
 *     while ((rc = await cio_as_completed_next(&ac, &t)) == 0)
 *         use(t);                          // t may have failed: its turn
 *     // rc: CIO_ESTOPITER when all were delivered, or CIO_ETIMEDOUT
 *
 *  A timeout (negative: none) counts from init. Leaving the loop early
 *  requires cio_as_completed_close(&ac) (it unhooks from the children). */
typedef struct cio_as_completed_s {
    cio_ac_item_t *items;
    size_t n, delivered;
    cio_ac_item_t *first, *last; /* completed, not yet delivered */
    cio_task_t *waiting;
    cio_handle_t timer;
    uint8_t timed_out, closed;
} cio_as_completed_t;

/** Start watching `items[0..n)`: 0, or CIO_ENOMEM/CIO_ECLOSED from the
 *  loop. Must run on the loop's thread while it runs. */
int cio_as_completed_init(cio_as_completed_t *ac, cio_ac_item_t *items,
                          size_t n, cio_time_t timeout);
/** Stop watching (idempotent). */
void cio_as_completed_close(cio_as_completed_t *ac);

struct cio_as_completed_next_frame {
    cio_coro_t co;
    int ret;
    cio_as_completed_t *ac;
    cio_task_t **out;
    cio_waiter_t waiter;
};
void cio_as_completed_next_init(struct cio_as_completed_next_frame *f,
                                cio_as_completed_t *ac, cio_task_t **out);
int cio_as_completed_next_resume(cio_coro_t *co, cio_task_t *task);

/* ---- shield ------------------------------------------------------------------ */

/** `await cio_shield(t)`: wait for `t` like cio_task_wait, but cancelling
 *  the waiting task does not reach `t`: the await returns CIO_ECANCELED at
 *  once and `t` keeps running. If `t` itself is cancelled, the await
 *  returns CIO_ECANCELED too. */
struct cio_shield_frame {
    cio_coro_t co;
    int ret;
    cio_task_t *t;
    cio_waiter_t waiter;
};
void cio_shield_init(struct cio_shield_frame *f, cio_task_t *t);
int cio_shield_resume(cio_coro_t *co, cio_task_t *task);

#ifdef CIO_ASYNC_DECLARATIONS
#include "cio/async.h"
CIO_ASYNC int cio_gather(cio_gather_item_t *items, size_t n, int flags);
CIO_ASYNC int cio_wait(cio_wait_item_t *items, size_t n, int when,
                       cio_time_t timeout);
CIO_ASYNC int cio_wait_for(cio_task_t *t, cio_time_t timeout);
CIO_ASYNC int cio_as_completed_next(cio_as_completed_t *ac, cio_task_t **out);
CIO_ASYNC int cio_shield(cio_task_t *t);
#endif

#endif /* CIO_COMPOSE_H */
