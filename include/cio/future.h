/* cio/future.h - futures: a result that will be set later.
 *
 * A future is pending, then done exactly once: with a result (an integer or
 * a pointer), with an error (a negative code), or cancelled. Tasks and
 * callbacks wait for it:
 *
 *   - a coroutine awaits it with `await cio_future_wait(fut)` (generated
 *     code) or CIO_AWAIT_FUTURE (hand-written): the await returns the
 *     integer result, the error, or CIO_ECANCELED. The waiting task is
 *     linked into the future through its own queue node: no allocation.
 *   - done callbacks (cio_future_add_done_callback) are scheduled on the
 *     loop when the future completes, in registration order together with
 *     the waiting tasks, and never called synchronously - also when added to
 *     a future that is already done.
 *
 * The future lives in caller storage and must outlive everything waiting
 * on it. Functions that change it must be called on the loop's thread.
 *
 *     cio_future_t done;
 *     cio_future_init(&done, &loop);
 *     cio_future_set_result(&done, 42);     // waiters wake next iteration
 */
#ifndef CIO_FUTURE_H
#define CIO_FUTURE_H

#include <stdint.h>

#include "cio/coro.h"
#include "cio/list.h"
#include "cio/loop.h"

typedef struct cio_future_s cio_future_t;

/** The states of a future. */
enum cio_future_state_e {
    CIO_FUTURE_PENDING = 0,
    CIO_FUTURE_DONE = 1,     /* has a result or an error */
    CIO_FUTURE_CANCELLED = 2
};

/** A future. Fields are private. */
struct cio_future_s {
    cio_list_t waiters; /* waiting tasks and done-callback handles */
    cio_loop_t *loop;
    cio_value_t value;
    int16_t error;      /* 0, or the error / CIO_ECANCELED (all codes fit) */
    uint8_t state;      /* enum cio_future_state_e */
    uint8_t flags;      /* private */
    uint32_t aux;       /* private: a task's reference count */
};

/* future flags (private) */
#define CIO__F_RETRIEVED 0x01u /* result or error was read */
#define CIO__F_TASK 0x02u      /* this future is a task's: cancel the task */
#define CIO__F_PTR 0x04u       /* the result is a pointer */

/** Initialise a pending future bound to `loop`. */
static inline void cio_future_init(cio_future_t *fut, cio_loop_t *loop) {
    cio_list_init(&fut->waiters);
    fut->loop = loop;
    fut->value.i = 0;
    fut->error = 0;
    fut->state = CIO_FUTURE_PENDING;
    fut->flags = 0;
    fut->aux = 0;
}

/** Complete with an integer result. Returns 0, or CIO_ESTATE if the future
 *  is already done (asyncio's InvalidStateError). */
int cio_future_set_result(cio_future_t *fut, intptr_t result);
/** Complete with a pointer result. Same returns. */
int cio_future_set_result_ptr(cio_future_t *fut, void *result);
/** Complete with an error (a negative code other than CIO_ECANCELED; use
 *  cio_future_cancel for that; every CIO_E* code fits). Returns 0,
 *  CIO_ESTATE, CIO_EINVAL. */
int cio_future_set_error(cio_future_t *fut, int error);

/** Cancel a pending future: its waiters get CIO_ECANCELED. Returns 1 if it
 *  was cancelled now, 0 if it was already done. */
int cio_future_cancel(cio_future_t *fut);

/** Nonzero once the future is done (result, error or cancelled). */
int cio_future_done(const cio_future_t *fut);
/** Nonzero if the future was cancelled. */
int cio_future_cancelled(const cio_future_t *fut);

/** The integer result; or the error code (negative) if it failed or was
 *  cancelled; CIO_ESTATE while pending. */
intptr_t cio_future_result(const cio_future_t *fut);
/** The pointer result, or NULL (see cio_future_error for why). */
void *cio_future_result_ptr(const cio_future_t *fut);
/** 0 if done with a result; the error or CIO_ECANCELED; CIO_ESTATE while
 *  pending. Reading it marks the error as retrieved (debug mode reports
 *  tasks whose error was never retrieved). */
int cio_future_error(const cio_future_t *fut);

/** Register `cb(arg)` to be scheduled when the future is done (at once if
 *  it is already done). `h` is caller storage for the entry, or NULL to
 *  allocate one. Returns 0, CIO_EBUSY (h in use), CIO_ENOMEM, CIO_EINVAL
 *  (no callback), CIO_ECLOSED (its loop is closed). */
CIO_WUR int cio_future_add_done_callback(cio_future_t *fut, cio_handle_t *h,
                                 cio_callback_fn cb, void *arg);

/** Remove every registration of `cb` with `arg` that has not been scheduled
 *  yet. Returns how many were removed. */
int cio_future_remove_done_callback(cio_future_t *fut, cio_callback_fn cb,
                                    void *arg);

/* ---- Awaiting ---------------------------------------------------------- */

/** The awaitable for generated code: `int rc = await cio_future_wait(fut);`
 *  A leaf coroutine (see cio/coro.h). */
struct cio_future_wait_frame {
    cio_coro_t co;
    int ret;
    cio_future_t *fut;
};
/* cio_future_wait_init / cio_future_wait_resume are inline (cio/task.h):
 * awaiting a future is the hottest path there is. */
extern const cio_coro_desc_t cio_future_wait_desc;
#ifdef CIO_ASYNC_DECLARATIONS
#include "cio/async.h"
CIO_ASYNC int cio_future_wait(cio_future_t *fut);
#endif

/* CIO_AWAIT_FUTURE's helpers are inline functions in cio/task.h. */

#endif /* CIO_FUTURE_H */
