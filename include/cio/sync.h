/* cio/sync.h - synchronisation primitives: Lock, Event, Condition,
 * Semaphore and BoundedSemaphore (asyncio's semantics, 3.11+).
 *
 * All of them live in caller storage, need no loop and never allocate: a
 * waiting task is linked into the primitive through its own queue node.
 * Waiters are served first come, first served. Every await returns 0 on
 * success or a negative code (CIO_ECANCELED when the waiting task is
 * cancelled). Acquire operations hand ownership directly to the first
 * waiter on release, so a task that releases and at once re-acquires
 * queues behind the existing waiters, and a waiter that is cancelled after
 * it was handed the lock (or a semaphore unit) passes it on: cancellation
 * never loses a wake-up for the others.
 *
 * Release on every exit path, the C form of `async with lock:`:
 *
 *     int rc = await cio_lock_acquire(&lock);
 *     if (rc < 0)
 *         return rc;                  // cancelled while waiting: not held
 *     rc = await do_work();           // may be CIO_ECANCELED: fall through
 *     cio_lock_release(&lock);        // the only way out of the block
 *     return rc;
 *
 * i.e. keep the body free of `return` between acquire and release and let
 * error codes (cancellation included) flow to the release (see
 * docs/tutorial.md, "Cleaning up").
 */
#ifndef CIO_SYNC_H
#define CIO_SYNC_H

#include <stdint.h>

#include "cio/coro.h"
#include "cio/list.h"

/* ---- Lock -------------------------------------------------------------- */

/** A mutual-exclusion lock (not reentrant, not owned: any task may release). */
typedef struct cio_lock_s {
    cio_list_t waiters;
    uint8_t locked;
} cio_lock_t;

void cio_lock_init(cio_lock_t *lock);
/** Nonzero while held. */
int cio_lock_locked(const cio_lock_t *lock);
/** Take the lock without waiting: 0, or CIO_EBUSY if it is held or others
 *  are already waiting for it. */
int cio_lock_try_acquire(cio_lock_t *lock);
/** Release: the first waiter (if any) now holds it. Returns 0, or
 *  CIO_ENOTLOCKED if the lock was not held. */
int cio_lock_release(cio_lock_t *lock);

/** `await cio_lock_acquire(&lock)`: 0 once held, or CIO_ECANCELED (then the
 *  lock is not held by this task). */
struct cio_lock_acquire_frame {
    cio_coro_t co;
    uint8_t woken; /* handed the lock by a release */
    int ret;
    cio_lock_t *lock;
};
void cio_lock_acquire_init(struct cio_lock_acquire_frame *f, cio_lock_t *lock);
int cio_lock_acquire_resume(cio_coro_t *co, cio_task_t *task);

/* ---- Event ------------------------------------------------------------- */

/** An event flag. */
typedef struct cio_event_s {
    cio_list_t waiters;
    uint8_t set;
} cio_event_t;

void cio_event_init(cio_event_t *ev);
/** Set the flag and wake every waiter (even if cleared again at once). */
void cio_event_set(cio_event_t *ev);
void cio_event_clear(cio_event_t *ev);
int cio_event_is_set(const cio_event_t *ev);

/** `await cio_event_wait(&ev)`: 0 once set (at once if it is set), or
 *  CIO_ECANCELED. */
struct cio_event_wait_frame {
    cio_coro_t co;
    uint8_t woken; /* set by the waker (see cio__waitq_park) */
    int ret;
    cio_event_t *ev;
};
void cio_event_wait_init(struct cio_event_wait_frame *f, cio_event_t *ev);
int cio_event_wait_resume(cio_coro_t *co, cio_task_t *task);

/* ---- Condition ----------------------------------------------------------- */

/** A condition variable over a lock (its own, or one shared with others). */
typedef struct cio_condition_s {
    cio_list_t waiters;
    cio_lock_t *lock;
    cio_lock_t own_lock;
} cio_condition_t;

/** `lock` NULL: the condition uses a lock of its own. */
void cio_condition_init(cio_condition_t *c, cio_lock_t *lock);
/** The lock (to acquire with `await cio_lock_acquire(cio_condition_lock(c))`
 *  or `await cio_condition_acquire(c)`). */
cio_lock_t *cio_condition_lock(cio_condition_t *c);
int cio_condition_release(cio_condition_t *c);
/** Wake the first `n` waiters. The lock must be held: CIO_ENOTLOCKED
 *  otherwise. Returns 0. */
int cio_condition_notify(cio_condition_t *c, int n);
int cio_condition_notify_all(cio_condition_t *c);

/** `await cio_condition_acquire(c)`: the condition's lock. */
struct cio_condition_acquire_frame {
    cio_coro_t co;
    int ret;
    struct cio_lock_acquire_frame acq;
};
void cio_condition_acquire_init(struct cio_condition_acquire_frame *f,
                                cio_condition_t *c);
int cio_condition_acquire_resume(cio_coro_t *co, cio_task_t *task);

/** A predicate for cio_condition_wait_for: nonzero when satisfied. */
typedef int (*cio_predicate_fn)(void *arg);

/** `await cio_condition_wait(c)`: release the lock, wait for a notify,
 *  re-acquire the lock, return 0. If the task is cancelled meanwhile the
 *  lock is still re-acquired before CIO_ECANCELED is returned. Returns
 *  CIO_ENOTLOCKED (without waiting) if the lock is not held.
 *
 *  `await cio_condition_wait_for(c, pred, arg)`: wait until pred(arg) is
 *  true (checked with the lock held, first before waiting). */
struct cio_condition_wait_frame {
    cio_coro_t co;
    int ret;
    cio_condition_t *c;
    cio_predicate_fn pred; /* NULL for cio_condition_wait */
    void *arg;
    uint8_t woken, cancelled;
    struct cio_lock_acquire_frame acq;
};
void cio_condition_wait_init(struct cio_condition_wait_frame *f,
                             cio_condition_t *c);
void cio_condition_wait_for_init(struct cio_condition_wait_frame *f,
                                 cio_condition_t *c, cio_predicate_fn pred,
                                 void *arg);
int cio_condition_wait_resume(cio_coro_t *co, cio_task_t *task);
/* wait_for shares the frame and resume function with wait */
#define cio_condition_wait_for_frame cio_condition_wait_frame
#define cio_condition_wait_for_resume cio_condition_wait_resume

/* ---- Semaphore, BoundedSemaphore ---------------------------------------- */

typedef struct cio_semaphore_s {
    cio_list_t waiters;
    int value;
    int bound; /* initial value for a bounded semaphore, -1 otherwise */
} cio_semaphore_t;

/** A semaphore with `value` units (value >= 0). */
void cio_semaphore_init(cio_semaphore_t *s, int value);
/** A bounded semaphore: releasing above `value` is refused. */
void cio_bounded_semaphore_init(cio_semaphore_t *s, int value);
/** Nonzero if an acquire would wait. */
int cio_semaphore_locked(const cio_semaphore_t *s);
int cio_semaphore_value(const cio_semaphore_t *s);
/** Return a unit: to the first waiter if any. 0, or CIO_EOVERRELEASE for
 *  a bounded semaphore already at its initial value (unchanged). */
int cio_semaphore_release(cio_semaphore_t *s);

/** `await cio_semaphore_acquire(&s)`: 0 with a unit, or CIO_ECANCELED. */
struct cio_semaphore_acquire_frame {
    cio_coro_t co;
    uint8_t woken; /* set by the waker (see cio__waitq_park) */
    int ret;
    cio_semaphore_t *s;
};
void cio_semaphore_acquire_init(struct cio_semaphore_acquire_frame *f,
                                cio_semaphore_t *s);
int cio_semaphore_acquire_resume(cio_coro_t *co, cio_task_t *task);

#ifdef CIO_ASYNC_DECLARATIONS
#include "cio/async.h"
CIO_ASYNC int cio_lock_acquire(cio_lock_t *lock);
CIO_ASYNC int cio_event_wait(cio_event_t *ev);
CIO_ASYNC int cio_condition_acquire(cio_condition_t *c);
CIO_ASYNC int cio_condition_wait(cio_condition_t *c);
CIO_ASYNC int cio_condition_wait_for(cio_condition_t *c, cio_predicate_fn pred,
                                     void *arg);
CIO_ASYNC int cio_semaphore_acquire(cio_semaphore_t *s);
#endif

#endif /* CIO_SYNC_H */
