/* cio/coro.h - the frame ABI: what a coroutine is, in plain C.
 *
 * This header is the whole contract between the runtime and the code that
 * ciogen generates; a person can write coroutines by hand with it too
 * (protothreads style, but locals live in the frame and `await` works
 * inside a `switch`).
 *
 * A coroutine is a struct, its *frame*, that begins with a `cio_coro_t`,
 * plus two functions:
 *
 *     struct count_frame {            // everything that lives across an await
 *         cio_coro_t co;              // header: the resume point
 *         int ret;                    // the return value (none if void)
 *         int n;                      // parameters and locals
 *         union {                     // frames of awaited coroutines,
 *             struct cio_sleep_frame s1;  //  embedded; awaits at different
 *         } sub;                      //  points share the space
 *     };
 *     void count_init(struct count_frame *f, int n);    // "call" = fill a frame
 *     int  count_resume(cio_coro_t *co, cio_task_t *t); // run to next suspension
 *
 * `*_init` stores the arguments and sets the resume point to 0 (not
 * started). `*_resume` runs the body from the current resume point until it
 * either suspends (returns CIO_CORO_SUSPENDED) or finishes (returns
 * CIO_CORO_DONE, the result is in `ret`). Resuming a finished frame returns
 * CIO_CORO_DONE again and does nothing. The task argument is the task the
 * coroutine runs in; leaf awaitables use it to register what they wait for.
 *
 * Awaiting a child coroutine initialises the child's frame (inside the
 * parent's frame) and resumes it inline, like `await coro()` in Python:
 * no trip through the ready queue, no allocation. If the child suspends,
 * the parent suspends too. The innermost frame that awaited a leaf records
 * itself in the task (CIO__PARK below), so the task resumes that frame
 * directly: a resume costs the same at any await depth; only a child's
 * completion goes back through the parents.
 *
 * Resume dispatch is a `switch` that jumps with `goto` to a label placed at
 * each await, so an await inside the user's own `switch` (or loop, or
 * nested block) is fine - unlike Duff's-device coroutines. The price of
 * hand-writing is that the dispatch table lists the resume points:
 *
 *     static int countdown_resume(cio_coro_t *co, cio_task_t *task)
 *     {
 *         struct countdown_frame *f = (struct countdown_frame *)co;
 *         CIO_BEGIN(co)
 *             CIO_POINT(1)
 *         CIO_BODY
 *         while (f->n > 0) {
 *             printf("%d\n", f->n--);
 *             cio_sleep_init(&f->sub.s1, CIO_MS(100));
 *             CIO_AWAIT(task, co, 1, &countdown_desc, cio_sleep_resume,
 *                       &f->sub.s1.co);
 *             if (f->sub.s1.ret < 0)          // e.g. CIO_ECANCELED
 *                 CIO_RETURN(co, f->ret = f->sub.s1.ret);
 *         }
 *         CIO_RETURN(co, f->ret = 0);
 *     }
 *
 * A resume point listed in CIO_POINT but never awaited is an "undefined
 * label" compile error; an await missing from the table is an "unused
 * label" warning (an error under -Werror). Resume point numbers are small
 * positive integers, dense from 1, unique within one function.
 *
 * Rules for hand-written coroutines (ciogen enforces them for you): every
 * value used after an await must live in the frame (C locals are gone after
 * a suspension); the expression naming an awaited future or child must be
 * stable across the suspension (a frame field, not a temporary).
 */
#ifndef CIO_CORO_H
#define CIO_CORO_H

#include <stddef.h>
#include <stdint.h>

#include "cio/config.h"

/** Bumped whenever generated code and the runtime would disagree. Code from
 *  ciogen checks it and stops the compile with "regenerate" on mismatch. */
#define CIO_ABI_VERSION 1

#ifndef CIO__TASK_T_DEFINED
#define CIO__TASK_T_DEFINED
typedef struct cio_task_s cio_task_t;
#endif

/** The header every frame starts with. */
typedef struct cio_coro_s {
    uint16_t state; /* 0 not started, 1..n resume points, CIO_CORO_FINISHED */
} cio_coro_t;

/** Resume point of a frame whose body returned. */
#define CIO_CORO_FINISHED 0xFFFFu

/** What a resume function returns. */
enum cio_coro_status_e {
    CIO_CORO_DONE = 0,      /* finished: the result is in the frame */
    CIO_CORO_SUSPENDED = 1, /* waiting: something will wake the task */
    CIO_CORO_YIELDED = 2    /* an async generator produced a value
                               (cio/agen.h); only cio_anext sees this */
};

/** A resume function. */
typedef int cio_resume_fn(cio_coro_t *co, cio_task_t *task);

/** What a task result can carry: an integer or a pointer. */
typedef union cio_value_u {
    intptr_t i;
    void *p;
} cio_value_t;

/** A coroutine function's descriptor: everything the runtime needs to run
 *  it as a task, and to tell a person where it is. ciogen emits one per
 *  async function (`<fn>_desc`); hand-written coroutines define their own.
 *
 *  A task with this coroutine as its root is one block of `task_size`
 *  bytes: the cio_task_t, then the frame at `frame_offset` (see
 *  CIO_TASK_STORAGE in cio/task.h). */
typedef struct cio_coro_desc_s {
    const char *name; /* the function's name, e.g. "count" */
    const char *file; /* its source file as given to ciogen, e.g. "app.ac" */
    unsigned line;    /* the line of its definition */
    unsigned npoints; /* number of resume points */
    /* source line of each resume point: point_lines[k - 1] for point k;
     * NULL if unknown. Used by task dumps and debug reports. */
    const unsigned *point_lines;
    size_t task_size;
    size_t frame_offset;
    cio_resume_fn *resume;
    /* Reads a finished frame's return value for the task's result: returns
     * 0 with an integer in out->i, 1 with a pointer in out->p, or the
     * negative error an integer coroutine returned. NULL when the return
     * type is void or has no integer/pointer form (the task's result is 0;
     * the value stays readable in the frame). */
    int (*result)(const cio_coro_t *co, cio_value_t *out);
} cio_coro_desc_t;

/** Prepare a frame header: resume point 0, not started. */
static inline void cio_coro_init(cio_coro_t *co) { co->state = 0; }

/** Nonzero once the frame's body has returned. */
static inline int cio_coro_finished(const cio_coro_t *co) {
    return co->state == CIO_CORO_FINISHED;
}

/* ---- The macros ------------------------------------------------------
 *
 * `co` is the frame header (cio_coro_t *), `task` the resume function's
 * task argument, `n` a resume point number (an integer literal), `desc`
 * the descriptor of the function being written.
 */

/** Open the dispatch table: a resume function's first statement. */
#define CIO_BEGIN(co)         \
    switch ((co)->state) {    \
    case 0:                   \
        break;
/** One entry of the dispatch table: resume point `n`. */
#define CIO_POINT(n) \
    case n:          \
        goto cio_resume_##n;
/** Close the dispatch table; the body follows. A finished frame returns
 *  CIO_CORO_DONE at once. */
#define CIO_BODY             \
    default:                 \
        return CIO_CORO_DONE; \
    }

/** Await a child coroutine whose frame `child` (a cio_coro_t *) was just
 *  initialised with its `*_init`. Runs it inline; if it suspends, this
 *  coroutine suspends at resume point `n` and, when woken, resumes it
 *  again. Afterwards the child's result is in its frame. */
#define CIO_AWAIT(task, co, n, desc, child_resume, child)             \
    do {                                                              \
        (co)->state = (n);                                            \
    cio_resume_##n:                                                   \
        if ((child_resume)((child), (task)) != CIO_CORO_DONE) {       \
            CIO__PARK((task), (co), (desc));                          \
            return CIO_CORO_SUSPENDED;                                \
        }                                                             \
    } while (0)

/** Await a future (cio_future_t *, see cio/future.h): `rc` receives its
 *  integer result, its error code, or CIO_ECANCELED. A future that is
 *  already done does not suspend. `fut` is evaluated again after the
 *  suspension, so it must be a frame field or a global. */
#define CIO_AWAIT_FUTURE(task, co, n, desc, fut, rc)                 \
    do {                                                             \
        (co)->state = (n);                                           \
        if (cio__future_await_begin((task), (fut))) {                \
            CIO__PARK((task), (co), (desc));                         \
            return CIO_CORO_SUSPENDED;                               \
        cio_resume_##n:                                              \
            (rc) = cio__future_await_end((task), (fut));             \
        } else {                                                     \
            (rc) = cio__future_await_result(fut);                    \
        }                                                            \
    } while (0)

/** Yield to the loop for exactly one iteration (asyncio.sleep(0)). `rc`
 *  receives 0, or CIO_ECANCELED if the task was cancelled meanwhile. */
#define CIO_YIELD(task, co, n, desc, rc)                  \
    do {                                                  \
        (co)->state = (n);                                \
        cio__task_yield(task);                            \
        CIO__PARK((task), (co), (desc));                  \
        return CIO_CORO_SUSPENDED;                        \
    cio_resume_##n:                                       \
        (rc) = cio__task_take_cancel(task);               \
    } while (0)

/** Finish: `CIO_RETURN(co, f->ret = value)` or, for void, `CIO_RETURN(co,
 *  (void)0)`. The expression runs first, then the frame is marked
 *  finished and CIO_CORO_DONE returned. */
#define CIO_RETURN(co, assign)                  \
    do {                                        \
        assign;                                 \
        (co)->state = CIO_CORO_FINISHED;        \
        return CIO_CORO_DONE;                   \
    } while (0)

/** The end of a body that can fall off its end (void coroutines). */
#define CIO_END(co)                      \
    (co)->state = CIO_CORO_FINISHED;     \
    return CIO_CORO_DONE;

/* ---- For leaf awaitables (runtime-internal and advanced use) ----------
 *
 * A leaf awaitable (sleep, a future, a lock) registers what it waits for
 * with the task, then suspends with CIO_SUSPEND; it does not record itself
 * for the fast resume path (its parent does, via CIO_AWAIT). */

/** Suspend at resume point `n`; execution continues after the macro when
 *  the task is resumed. */
#define CIO_SUSPEND(co, n)                \
    do {                                  \
        (co)->state = (n);                \
        return CIO_CORO_SUSPENDED;        \
    cio_resume_##n:;                      \
    } while (0)

/* Record `co` as the frame to resume when the task wakes, unless a deeper
 * frame already did during this step. Defined in cio/task.h. */
#define CIO__PARK(task, co, desc) cio__task_park((task), (co), (desc))

#endif /* CIO_CORO_H */
