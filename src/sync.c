/* src/sync.c - Lock, Event, Condition, Semaphore: leaf awaitables written
 * with the coro.h macros.
 *
 * Acquire-style primitives hand ownership to the first waiter when they
 * are released (the lock stays locked, the semaphore unit is not returned
 * to the pool), and mark the waiter's frame `woken`. A waiter cancelled
 * after that passes what it was given on; one cancelled while still queued
 * was only unlinked (cio__task_cancel's CIO_WAIT_LIST case). */
#include "internal.h"

/* ---- Lock ----------------------------------------------------------------- */

void cio_lock_init(cio_lock_t *lock) {
    cio_list_init(&lock->waiters);
    lock->locked = 0;
}

int cio_lock_locked(const cio_lock_t *lock) { return lock->locked; }

int cio_lock_try_acquire(cio_lock_t *lock) {
    if (lock->locked || !cio_list_empty(&lock->waiters))
        return CIO_EBUSY;
    lock->locked = 1;
    return 0;
}

int cio_lock_release(cio_lock_t *lock) {
    if (!lock->locked)
        return CIO_ENOTLOCKED;
    if (cio__waitq_wake_first(&lock->waiters) == NULL)
        lock->locked = 0; /* else: handed to the first waiter */
    return 0;
}

void cio_lock_acquire_init(struct cio_lock_acquire_frame *f, cio_lock_t *lock) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->lock = lock;
    f->woken = 0;
}

int cio_lock_acquire_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_lock_acquire_frame *f = (struct cio_lock_acquire_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    if (cio_lock_try_acquire(f->lock) == 0)
        CIO_RETURN(co, f->ret = 0);
    cio__waitq_park(&f->lock->waiters, task, &f->woken);
    CIO_SUSPEND(co, 1);
    if (cio__task_take_cancel(task)) {
        if (f->woken) /* we were handed the lock: pass it on */
            cio_lock_release(f->lock);
        CIO_RETURN(co, f->ret = CIO_ECANCELED);
    }
    CIO_RETURN(co, f->ret = 0); /* woken: the lock is ours */
}

/* ---- Event ------------------------------------------------------------------ */

void cio_event_init(cio_event_t *ev) {
    cio_list_init(&ev->waiters);
    ev->set = 0;
}

void cio_event_set(cio_event_t *ev) {
    ev->set = 1;
    while (cio__waitq_wake_first(&ev->waiters) != NULL) {
    }
}

void cio_event_clear(cio_event_t *ev) { ev->set = 0; }

int cio_event_is_set(const cio_event_t *ev) { return ev->set; }

void cio_event_wait_init(struct cio_event_wait_frame *f, cio_event_t *ev) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->ev = ev;
    f->woken = 0;
}

int cio_event_wait_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_event_wait_frame *f = (struct cio_event_wait_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    if (f->ev->set)
        CIO_RETURN(co, f->ret = 0);
    cio__waitq_park(&f->ev->waiters, task, &f->woken);
    CIO_SUSPEND(co, 1);
    CIO_RETURN(co, f->ret = cio__task_take_cancel(task));
}

/* ---- Condition ---------------------------------------------------------------- */

void cio_condition_init(cio_condition_t *c, cio_lock_t *lock) {
    cio_list_init(&c->waiters);
    cio_lock_init(&c->own_lock);
    c->lock = lock != NULL ? lock : &c->own_lock;
}

cio_lock_t *cio_condition_lock(cio_condition_t *c) { return c->lock; }

int cio_condition_release(cio_condition_t *c) { return cio_lock_release(c->lock); }

int cio_condition_notify(cio_condition_t *c, int n) {
    if (!c->lock->locked)
        return CIO_ENOTLOCKED;
    while (n-- > 0 && cio__waitq_wake_first(&c->waiters) != NULL) {
    }
    return 0;
}

int cio_condition_notify_all(cio_condition_t *c) {
    if (!c->lock->locked)
        return CIO_ENOTLOCKED;
    while (cio__waitq_wake_first(&c->waiters) != NULL) {
    }
    return 0;
}

static const cio_coro_desc_t condition_acquire_desc;

void cio_condition_acquire_init(struct cio_condition_acquire_frame *f,
                                cio_condition_t *c) {
    cio_coro_init(&f->co);
    f->ret = 0;
    cio_lock_acquire_init(&f->acq, c->lock);
}

int cio_condition_acquire_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_condition_acquire_frame *f =
        (struct cio_condition_acquire_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    CIO_AWAIT(task, co, 1, &condition_acquire_desc, cio_lock_acquire_resume,
              &f->acq.co);
    CIO_RETURN(co, f->ret = f->acq.ret);
}

static const cio_coro_desc_t condition_acquire_desc =
    CIO_DESC_INIT(struct cio_condition_acquire_frame, "cio_condition_acquire",
                  "src/sync.c", __LINE__, 1, NULL, cio_condition_acquire_resume,
                  NULL);

static const cio_coro_desc_t condition_wait_desc;

void cio_condition_wait_init(struct cio_condition_wait_frame *f,
                             cio_condition_t *c) {
    cio_condition_wait_for_init(f, c, NULL, NULL);
}

void cio_condition_wait_for_init(struct cio_condition_wait_frame *f,
                                 cio_condition_t *c, cio_predicate_fn pred,
                                 void *arg) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->c = c;
    f->pred = pred;
    f->arg = arg;
    f->woken = f->cancelled = 0;
}

int cio_condition_wait_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_condition_wait_frame *f = (struct cio_condition_wait_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
        CIO_POINT(2)
    CIO_BODY
    if (!f->c->lock->locked)
        CIO_RETURN(co, f->ret = CIO_ENOTLOCKED);
    for (;;) {
        if (f->pred != NULL && f->pred(f->arg))
            CIO_RETURN(co, f->ret = 0);
        cio_lock_release(f->c->lock);
        cio__waitq_park(&f->c->waiters, task, &f->woken);
        CIO_SUSPEND(co, 1);
        if (cio__task_take_cancel(task)) {
            f->cancelled = 1;
            if (f->woken) /* a notify reached us: give it to the next */
                cio__waitq_wake_first(&f->c->waiters);
        }
        /* Re-acquire the lock on every path, cancelled or not: the caller
         * always leaves this await holding it. */
        do {
            cio_lock_acquire_init(&f->acq, f->c->lock);
            CIO_AWAIT(task, co, 2, &condition_wait_desc,
                      cio_lock_acquire_resume, &f->acq.co);
            if (f->acq.ret == CIO_ECANCELED)
                f->cancelled = 1;
        } while (f->acq.ret != 0);
        if (f->cancelled)
            CIO_RETURN(co, f->ret = CIO_ECANCELED);
        if (f->pred == NULL)
            CIO_RETURN(co, f->ret = 0);
    }
}

static const cio_coro_desc_t condition_wait_desc =
    CIO_DESC_INIT(struct cio_condition_wait_frame, "cio_condition_wait",
                  "src/sync.c", __LINE__, 2, NULL, cio_condition_wait_resume,
                  NULL);

/* ---- Semaphore ------------------------------------------------------------------ */

void cio_semaphore_init(cio_semaphore_t *s, int value) {
    cio_list_init(&s->waiters);
    s->value = value < 0 ? 0 : value;
    s->bound = -1;
}

void cio_bounded_semaphore_init(cio_semaphore_t *s, int value) {
    cio_semaphore_init(s, value);
    s->bound = s->value;
}

int cio_semaphore_locked(const cio_semaphore_t *s) {
    return s->value == 0 || !cio_list_empty(&s->waiters);
}

int cio_semaphore_value(const cio_semaphore_t *s) { return s->value; }

int cio_semaphore_release(cio_semaphore_t *s) {
    if (s->bound >= 0 && s->value >= s->bound)
        return CIO_EOVERRELEASE;
    if (cio__waitq_wake_first(&s->waiters) == NULL)
        s->value++; /* else: the unit went to the first waiter */
    return 0;
}

void cio_semaphore_acquire_init(struct cio_semaphore_acquire_frame *f,
                                cio_semaphore_t *s) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->s = s;
    f->woken = 0;
}

int cio_semaphore_acquire_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_semaphore_acquire_frame *f =
        (struct cio_semaphore_acquire_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    if (f->s->value > 0 && cio_list_empty(&f->s->waiters)) {
        f->s->value--;
        CIO_RETURN(co, f->ret = 0);
    }
    cio__waitq_park(&f->s->waiters, task, &f->woken);
    CIO_SUSPEND(co, 1);
    if (cio__task_take_cancel(task)) {
        if (f->woken) /* we were handed a unit: pass it on */
            cio_semaphore_release(f->s);
        CIO_RETURN(co, f->ret = CIO_ECANCELED);
    }
    CIO_RETURN(co, f->ret = 0);
}
