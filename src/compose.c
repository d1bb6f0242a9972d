/* src/compose.c - gather, wait, wait_for, timeout scopes, as_completed,
 * shield.
 *
 * Each is a leaf awaitable whose task waits with CIO_WAIT_CUSTOM: the frame
 * hooks a done callback (cio__future_watch) onto every child it watches,
 * and its cio_waiter_t decides what cancelling the waiting task means
 * (cancel the children, or just stop waiting). Callbacks are scheduled,
 * never called synchronously, so a result reaches the awaiter two loop
 * iterations after the child finished - as in asyncio. */
#include "internal.h"

#define WAITER_OF(w, type) CIO_CONTAINER_OF(w, type, waiter)

/* ---- gather ---------------------------------------------------------------- */

static void gather_unhook(struct cio_gather_frame *f) {
    size_t i;
    for (i = 0; i < f->n; i++)
        cio_handle_cancel(&f->items[i].done);
}

static void gather_finish(struct cio_gather_frame *f, int rc) {
    f->ret = rc;
    f->finished = 1;
    gather_unhook(f);
    cio__task_wake(f->task);
}

static void gather_child_done(cio_handle_t *h) {
    struct cio_gather_frame *f = (struct cio_gather_frame *)h->arg;
    cio_gather_item_t *it = CIO_CONTAINER_OF(h, cio_gather_item_t, done);
    if (f->finished)
        return;
    it->error = cio_task_error(it->task);
    f->ndone++;
    if (!(f->flags & CIO_GATHER_COLLECT) && it->error != 0)
        gather_finish(f, it->error); /* the others keep running */
    else if (f->ndone == f->n)
        gather_finish(f, f->cancel_requested ? CIO_ECANCELED : 0);
}

static int gather_cancel(cio_waiter_t *w, cio_task_t *task) {
    struct cio_gather_frame *f = WAITER_OF(w, struct cio_gather_frame);
    size_t i;
    int any = 0;
    (void)task;
    for (i = 0; i < f->n; i++)
        if (cio_task_cancel(f->items[i].task))
            any = 1;
    if (!any)
        return CIO_WAITER_PENDING; /* all done: the result is on its way */
    f->cancel_requested = 1;
    return CIO_WAITER_FORWARDED;
}

static void gather_detach(cio_waiter_t *w, cio_task_t *task) {
    (void)task;
    gather_unhook(WAITER_OF(w, struct cio_gather_frame));
}

void cio_gather_init(struct cio_gather_frame *f, cio_gather_item_t *items,
                     size_t n, int flags) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->items = items;
    f->n = n;
    f->flags = flags;
}

int cio_gather_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_gather_frame *f = (struct cio_gather_frame *)co;
    size_t i;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    f->ndone = 0;
    f->finished = f->cancel_requested = 0;
    f->task = task;
    for (i = 0; i < f->n; i++)
        if (f->items[i].task == NULL || f->items[i].task == task)
            CIO_RETURN(co, f->ret = CIO_EINVAL);
    if (f->n == 0)
        CIO_RETURN(co, f->ret = 0);
    for (i = 0; i < f->n; i++) {
        f->items[i].error = CIO_ESTATE;
        cio__future_watch(&f->items[i].task->future, &f->items[i].done,
                          gather_child_done, f);
    }
    f->waiter.cancel = gather_cancel;
    f->waiter.detach = gather_detach;
    cio__task_wait_on(task, CIO_WAIT_CUSTOM, &f->waiter);
    CIO_SUSPEND(co, 1);
    if (cio__task_take_cancel(task))
        f->ret = CIO_ECANCELED;
    CIO_RETURN(co, (void)0);
}

/* ---- wait -------------------------------------------------------------------- */

static void wait_unhook(struct cio_wait_frame *f) {
    size_t i;
    cio_handle_cancel(&f->timer);
    for (i = 0; i < f->n; i++)
        cio_handle_cancel(&f->items[i].hnd);
}

static void wait_finish(struct cio_wait_frame *f) {
    f->finished = 1;
    wait_unhook(f);
    cio__task_wake(f->task);
}

static void wait_child_done(cio_handle_t *h) {
    struct cio_wait_frame *f = (struct cio_wait_frame *)h->arg;
    cio_wait_item_t *it = CIO_CONTAINER_OF(h, cio_wait_item_t, hnd);
    if (f->finished)
        return;
    f->remaining--;
    if (f->remaining == 0 || f->when == CIO_FIRST_COMPLETED ||
        (f->when == CIO_FIRST_EXCEPTION && !cio_task_cancelled(it->task) &&
         cio_future_error(&it->task->future) != 0))
        wait_finish(f);
}

static void wait_timed_out(cio_handle_t *h) {
    struct cio_wait_frame *f = (struct cio_wait_frame *)h->arg;
    if (!f->finished)
        wait_finish(f);
}

static int wait_cancel(cio_waiter_t *w, cio_task_t *task) {
    struct cio_wait_frame *f = WAITER_OF(w, struct cio_wait_frame);
    (void)task;
    f->finished = 1;
    wait_unhook(f); /* the children are left alone */
    return CIO_WAITER_WAKE;
}

static void wait_detach(cio_waiter_t *w, cio_task_t *task) {
    (void)task;
    wait_unhook(WAITER_OF(w, struct cio_wait_frame));
}

void cio_wait_init(struct cio_wait_frame *f, cio_wait_item_t *items, size_t n,
                   int when, cio_time_t timeout) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->items = items;
    f->n = n;
    f->when = when;
    f->timeout = timeout;
}

int cio_wait_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_wait_frame *f = (struct cio_wait_frame *)co;
    cio_loop_t *loop = task->future.loop;
    size_t i, ndone = 0;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    if (f->n == 0 || f->when < CIO_ALL_COMPLETED || f->when > CIO_FIRST_EXCEPTION)
        CIO_RETURN(co, f->ret = CIO_EINVAL);
    for (i = 0; i < f->n; i++)
        if (f->items[i].task == NULL || f->items[i].task == task)
            CIO_RETURN(co, f->ret = CIO_EINVAL);
    f->remaining = f->n;
    f->finished = 0;
    f->task = task;
    cio_handle_init(&f->timer);
    for (i = 0; i < f->n; i++)
        cio__future_watch(&f->items[i].task->future, &f->items[i].hnd,
                          wait_child_done, f);
    if (f->timeout >= 0)
        cio__timer_start_internal(loop, &f->timer, cio_loop_time(loop) + f->timeout,
                                  wait_timed_out, f);
    f->waiter.cancel = wait_cancel;
    f->waiter.detach = wait_detach;
    cio__task_wait_on(task, CIO_WAIT_CUSTOM, &f->waiter);
    CIO_SUSPEND(co, 1);
    if (cio__task_take_cancel(task))
        CIO_RETURN(co, f->ret = CIO_ECANCELED);
    for (i = 0; i < f->n; i++) {
        f->items[i].done = (uint8_t)cio_task_done(f->items[i].task);
        ndone += f->items[i].done;
    }
    CIO_RETURN(co, f->ret = (int)ndone);
}

/* ---- wait_for ------------------------------------------------------------------ */

static void wait_for_timed_out(cio_handle_t *h) {
    struct cio_wait_for_frame *f = (struct cio_wait_for_frame *)h->arg;
    f->timed_out = 1;
    cio_task_cancel(f->t); /* its completion wakes us, after its clean-up */
}

static int wait_for_cancel(cio_waiter_t *w, cio_task_t *task) {
    struct cio_wait_for_frame *f = WAITER_OF(w, struct cio_wait_for_frame);
    (void)task;
    f->cancelled = 1;
    cio_handle_cancel(&f->timer);
    return cio_task_cancel(f->t) ? CIO_WAITER_FORWARDED : CIO_WAITER_PENDING;
}

static void wait_for_detach(cio_waiter_t *w, cio_task_t *task) {
    struct cio_wait_for_frame *f = WAITER_OF(w, struct cio_wait_for_frame);
    cio_handle_cancel(&f->timer);
    cio_node_unlink(&task->node);
}

void cio_wait_for_init(struct cio_wait_for_frame *f, cio_task_t *t,
                       cio_time_t timeout) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->t = t;
    f->timeout = timeout;
}

int cio_wait_for_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_wait_for_frame *f = (struct cio_wait_for_frame *)co;
    cio_loop_t *loop = task->future.loop;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    if (f->t == NULL || f->t == task)
        CIO_RETURN(co, f->ret = CIO_EINVAL);
    if (cio_task_done(f->t))
        CIO_RETURN(co, f->ret = cio__future_await_result(&f->t->future));
    f->timed_out = f->cancelled = 0;
    f->task = task;
    cio_handle_init(&f->timer);
    if (f->timeout >= 0)
        cio__timer_start_internal(loop, &f->timer, cio_loop_time(loop) + f->timeout,
                                  wait_for_timed_out, f);
    cio_list_push_back(&f->t->future.waiters, &task->node);
    f->waiter.cancel = wait_for_cancel;
    f->waiter.detach = wait_for_detach;
    cio__task_wait_on(task, CIO_WAIT_CUSTOM, &f->waiter);
    CIO_SUSPEND(co, 1);
    cio_handle_cancel(&f->timer);
    if (cio__task_take_cancel(task) || f->cancelled)
        CIO_RETURN(co, f->ret = CIO_ECANCELED);
    if (f->timed_out && cio_task_cancelled(f->t)) {
        f->t->future.flags |= CIO__F_RETRIEVED;
        CIO_RETURN(co, f->ret = CIO_ETIMEDOUT);
    }
    CIO_RETURN(co, f->ret = cio__future_await_result(&f->t->future));
}

/* ---- timeout scopes -------------------------------------------------------------- */

enum { TO_ENTERED = 1, TO_EXPIRING, TO_EXPIRED, TO_EXITED };

static void timeout_fired(cio_handle_t *h) {
    cio_timeout_t *to = (cio_timeout_t *)h->arg;
    if (to->state != TO_ENTERED)
        return;
    to->state = TO_EXPIRING;
    cio_task_cancel(to->task);
}

static void timeout_prepare(cio_timeout_t *to) {
    cio_handle_init(&to->timer);
    to->task = NULL;
    to->cancelling = 0;
    to->state = 0;
}

int cio_timeout_enter_at(cio_timeout_t *to, cio_time_t when) {
    cio_task_t *task = cio_current_task();
    timeout_prepare(to);
    if (task == NULL)
        return CIO_ESTATE;
    to->task = task;
    to->cancelling = cio_task_cancelling(task);
    to->state = TO_ENTERED;
    return cio_timeout_reschedule(to, when);
}

int cio_timeout_enter(cio_timeout_t *to, cio_time_t delay) {
    cio_loop_t *loop = cio_running_loop();
    if (loop == NULL) {
        timeout_prepare(to);
        return CIO_ESTATE;
    }
    return cio_timeout_enter_at(to, delay < 0 ? -1 : cio_loop_time(loop) + delay);
}

int cio_timeout_reschedule(cio_timeout_t *to, cio_time_t when) {
    if (to->state != TO_ENTERED)
        return CIO_ESTATE;
    cio_handle_cancel(&to->timer);
    if (when >= 0)
        cio__timer_start_internal(to->task->future.loop, &to->timer, when,
                                  timeout_fired, to);
    else
        to->timer.when = -1;
    return 0;
}

cio_time_t cio_timeout_when(const cio_timeout_t *to) {
    return cio_handle_pending(&to->timer) ? to->timer.when : -1;
}

int cio_timeout_expired(const cio_timeout_t *to) {
    return to->state == TO_EXPIRING || to->state == TO_EXPIRED;
}

int cio_timeout_exit(cio_timeout_t *to, int rc) {
    cio_handle_cancel(&to->timer);
    if (to->state == TO_EXPIRING) {
        to->state = TO_EXPIRED;
        /* Our own cancel request is withdrawn; only if no other request is
         * left does the cancellation become a timeout. */
        if (cio_task_uncancel(to->task) <= to->cancelling && rc == CIO_ECANCELED)
            return CIO_ETIMEDOUT;
    } else if (to->state == TO_ENTERED) {
        to->state = TO_EXITED;
    }
    return rc;
}

/* ---- as_completed ---------------------------------------------------------------- */

static void ac_wake(cio_as_completed_t *ac) {
    cio_task_t *t = ac->waiting;
    if (t != NULL) {
        ac->waiting = NULL;
        cio__task_wake(t);
    }
}

static void ac_child_done(cio_handle_t *h) {
    cio_as_completed_t *ac = (cio_as_completed_t *)h->arg;
    cio_ac_item_t *it = CIO_CONTAINER_OF(h, cio_ac_item_t, hnd);
    it->next = NULL;
    if (ac->last != NULL)
        ac->last->next = it;
    else
        ac->first = it;
    ac->last = it;
    ac_wake(ac);
}

static void ac_timed_out(cio_handle_t *h) {
    cio_as_completed_t *ac = (cio_as_completed_t *)h->arg;
    ac->timed_out = 1;
    ac_wake(ac);
}

int cio_as_completed_init(cio_as_completed_t *ac, cio_ac_item_t *items,
                          size_t n, cio_time_t timeout) {
    cio_loop_t *loop = cio_running_loop();
    size_t i;
    ac->items = items;
    ac->n = n;
    ac->delivered = 0;
    ac->first = ac->last = NULL;
    ac->waiting = NULL;
    ac->timed_out = 0;
    ac->closed = 0;
    cio_handle_init(&ac->timer);
    for (i = 0; i < n; i++)
        cio_handle_init(&items[i].hnd);
    if (loop == NULL) {
        ac->closed = 1;
        return CIO_ESTATE;
    }
    for (i = 0; i < n; i++) {
        if (items[i].task == NULL) {
            cio_as_completed_close(ac);
            return CIO_EINVAL;
        }
        items[i].next = NULL;
        cio__future_watch(&items[i].task->future, &items[i].hnd, ac_child_done,
                          ac);
    }
    if (timeout >= 0)
        cio__timer_start_internal(loop, &ac->timer, cio_loop_time(loop) + timeout,
                                  ac_timed_out, ac);
    return 0;
}

void cio_as_completed_close(cio_as_completed_t *ac) {
    size_t i;
    ac->closed = 1;
    cio_handle_cancel(&ac->timer);
    for (i = 0; i < ac->n; i++)
        cio_handle_cancel(&ac->items[i].hnd);
    ac->first = ac->last = NULL;
}

static int ac_cancel(cio_waiter_t *w, cio_task_t *task) {
    struct cio_as_completed_next_frame *f =
        WAITER_OF(w, struct cio_as_completed_next_frame);
    (void)task;
    f->ac->waiting = NULL;
    return CIO_WAITER_WAKE;
}

static void ac_detach(cio_waiter_t *w, cio_task_t *task) {
    struct cio_as_completed_next_frame *f =
        WAITER_OF(w, struct cio_as_completed_next_frame);
    (void)task;
    cio_as_completed_close(f->ac);
    f->ac->waiting = NULL;
}

void cio_as_completed_next_init(struct cio_as_completed_next_frame *f,
                                cio_as_completed_t *ac, cio_task_t **out) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->ac = ac;
    f->out = out;
}

int cio_as_completed_next_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_as_completed_next_frame *f =
        (struct cio_as_completed_next_frame *)co;
    cio_as_completed_t *ac = f->ac;
    cio_ac_item_t *it;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    while (ac->first == NULL) {
        if (ac->closed || ac->delivered == ac->n) {
            cio_as_completed_close(ac);
            CIO_RETURN(co, f->ret = CIO_ESTOPITER);
        }
        if (ac->timed_out) {
            cio_as_completed_close(ac);
            CIO_RETURN(co, f->ret = CIO_ETIMEDOUT);
        }
        if (ac->waiting != NULL) /* another task is already iterating */
            CIO_RETURN(co, f->ret = CIO_EBUSY);
        ac->waiting = task;
        f->waiter.cancel = ac_cancel;
        f->waiter.detach = ac_detach;
        cio__task_wait_on(task, CIO_WAIT_CUSTOM, &f->waiter);
        CIO_SUSPEND(co, 1);
        ac = f->ac;
        if (cio__task_take_cancel(task))
            CIO_RETURN(co, f->ret = CIO_ECANCELED);
    }
    it = ac->first;
    ac->first = it->next;
    if (ac->first == NULL)
        ac->last = NULL;
    ac->delivered++;
    *f->out = it->task;
    CIO_RETURN(co, f->ret = 0);
}

/* ---- shield ------------------------------------------------------------------------ */

static int shield_cancel(cio_waiter_t *w, cio_task_t *task) {
    (void)w;
    cio_node_unlink(&task->node); /* stop waiting; the shielded task goes on */
    return CIO_WAITER_WAKE;
}

static void shield_detach(cio_waiter_t *w, cio_task_t *task) {
    (void)w;
    cio_node_unlink(&task->node);
}

void cio_shield_init(struct cio_shield_frame *f, cio_task_t *t) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->t = t;
}

int cio_shield_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_shield_frame *f = (struct cio_shield_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    if (f->t == NULL || f->t == task)
        CIO_RETURN(co, f->ret = CIO_EINVAL);
    if (!cio_task_done(f->t)) {
        cio_list_push_back(&f->t->future.waiters, &task->node);
        f->waiter.cancel = shield_cancel;
        f->waiter.detach = shield_detach;
        cio__task_wait_on(task, CIO_WAIT_CUSTOM, &f->waiter);
        CIO_SUSPEND(co, 1);
        if (cio__task_take_cancel(task))
            CIO_RETURN(co, f->ret = CIO_ECANCELED);
    }
    CIO_RETURN(co, f->ret = cio__future_await_result(&f->t->future));
}
