/* src/taskgroup.c - task groups (asyncio.TaskGroup) and the job scheduler
 * (aiojobs).
 *
 * Both keep a record per child whose done callback (cio__future_watch)
 * reports to them; leaving / closing is a leaf awaitable that waits with
 * CIO_WAIT_CUSTOM until no child is left. The cancel bookkeeping follows
 * asyncio 3.12's TaskGroup.__aexit__: the group cancels its parent when a
 * child fails, and withdraws that request (cio_task_uncancel) on exit, so
 * only a cancellation from outside makes the exit return CIO_ECANCELED. */
#include "internal.h"

#define WAITER_OF(w, type) CIO_CONTAINER_OF(w, type, waiter)

enum { TG_ACTIVE = 1, TG_EXITING, TG_DONE };

/* ---- Task groups -------------------------------------------------------------- */

int cio_task_group_enter(cio_task_group_t *tg, int *errors, size_t max_errors) {
    cio_task_t *parent = cio_current_task();
    cio_list_init(&tg->members);
    tg->parent = parent;
    tg->waiting = NULL;
    tg->active = 0;
    tg->errors = errors;
    tg->max_errors = errors != NULL ? max_errors : 0;
    tg->nerrors = 0;
    tg->first_error = 0;
    tg->aborting = tg->parent_cancel_requested = tg->propagate_cancel = 0;
    tg->state = parent != NULL ? TG_ACTIVE : 0;
    return parent != NULL ? 0 : CIO_ESTATE;
}

static void record_error(cio_task_group_t *tg, int err) {
    if (tg->nerrors < tg->max_errors)
        tg->errors[tg->nerrors] = err;
    tg->nerrors++;
    if (tg->first_error == 0)
        tg->first_error = err;
}

void cio_task_group_cancel_children(cio_task_group_t *tg) {
    cio_node_t *n;
    tg->aborting = 1;
    for (n = tg->members.next; n != &tg->members; n = n->next)
        cio_task_cancel(CIO_CONTAINER_OF(n, cio_tg_member_t, link)->task);
}

size_t cio_task_group_error_count(const cio_task_group_t *tg) {
    return tg->nerrors;
}

static void member_free(cio_tg_member_t *m) {
    cio_task_t *t = m->task;
    cio_node_unlink(&m->link);
    m->group->active--;
    if (m->allocated)
        cio__free(t->future.loop, m, sizeof *m);
    cio_task_release(t);
}

static void member_done(cio_handle_t *h) {
    cio_tg_member_t *m = CIO_CONTAINER_OF(h, cio_tg_member_t, done);
    cio_task_group_t *tg = m->group;
    cio_task_t *t = m->task;

    if (!cio_task_cancelled(t)) {
        int err = cio_task_error(t);
        if (err != 0) {
            record_error(tg, err);
            if (!tg->aborting)
                cio_task_group_cancel_children(tg);
            /* stop the body too: whatever it awaits returns CIO_ECANCELED */
            if (!tg->parent_cancel_requested) {
                tg->parent_cancel_requested = 1;
                cio_task_cancel(tg->parent);
            }
        }
    }
    member_free(m);
    if (tg->active == 0 && tg->waiting != NULL) {
        cio_task_t *w = tg->waiting;
        tg->waiting = NULL;
        cio__task_wake(w);
    }
}

int cio_task_group_add(cio_task_group_t *tg, cio_task_t *task,
                       cio_tg_member_t *m) {
    uint8_t allocated = 0;
    if (task == NULL || task == tg->parent)
        return CIO_EINVAL;
    if (tg->state == 0 || tg->state == TG_DONE || tg->aborting ||
        (tg->state == TG_EXITING && tg->active == 0))
        return CIO_ESTATE;
    if (m == NULL) {
        m = (cio_tg_member_t *)cio__alloc(task->future.loop, sizeof *m);
        if (m == NULL)
            return CIO_ENOMEM;
        allocated = 1;
    }
    m->allocated = allocated;
    m->task = task;
    m->group = tg;
    cio_task_retain(task);
    cio_list_push_back(&tg->members, &m->link);
    tg->active++;
    cio__future_watch(&task->future, &m->done, member_done, NULL);
    return 0;
}

static int tg_cancel(cio_waiter_t *w, cio_task_t *task) {
    cio_task_group_t *tg = WAITER_OF(w, struct cio_task_group_exit_frame)->tg;
    (void)task;
    if (!tg->aborting) { /* cancelled from outside while waiting */
        tg->propagate_cancel = 1;
        cio_task_group_cancel_children(tg);
    }
    return CIO_WAITER_FORWARDED; /* we wake the parent when all are done */
}

static void tg_detach(cio_waiter_t *w, cio_task_t *task) {
    cio_task_group_t *tg = WAITER_OF(w, struct cio_task_group_exit_frame)->tg;
    (void)task;
    tg->waiting = NULL;
    while (!cio_list_empty(&tg->members)) {
        cio_tg_member_t *m =
            CIO_CONTAINER_OF(tg->members.next, cio_tg_member_t, link);
        cio_handle_cancel(&m->done);
        member_free(m);
    }
}

void cio_task_group_exit_init(struct cio_task_group_exit_frame *f,
                              cio_task_group_t *tg, int body_rc) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->tg = tg;
    f->body_rc = body_rc;
}

int cio_task_group_exit_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_task_group_exit_frame *f =
        (struct cio_task_group_exit_frame *)co;
    cio_task_group_t *tg = f->tg;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    if (tg->state != TG_ACTIVE || tg->parent != task)
        CIO_RETURN(co, f->ret = CIO_ESTATE);
    tg->state = TG_EXITING;
    if (f->body_rc == CIO_ECANCELED)
        tg->propagate_cancel = 1; /* unless the group itself caused it */
    else if (f->body_rc < 0)
        record_error(tg, f->body_rc);
    if (f->body_rc < 0 && !tg->aborting)
        cio_task_group_cancel_children(tg);
    while (tg->active > 0) {
        tg->waiting = task;
        f->waiter.cancel = tg_cancel;
        f->waiter.detach = tg_detach;
        cio__task_wait_on(task, CIO_WAIT_CUSTOM, &f->waiter);
        CIO_SUSPEND(co, 1);
        tg = f->tg;
        if (cio__task_take_cancel(task) && !tg->aborting) {
            tg->propagate_cancel = 1;
            cio_task_group_cancel_children(tg);
        }
    }
    /* withdraw the cancel request the group made of its parent; if none
     * is left, the parent was not cancelled from outside */
    if (tg->parent_cancel_requested && cio_task_uncancel(task) == 0)
        tg->propagate_cancel = 0;
    tg->state = TG_DONE;
    if (tg->nerrors > 0) /* errors take priority over a cancellation */
        CIO_RETURN(co, f->ret = tg->first_error);
    CIO_RETURN(co, f->ret = tg->propagate_cancel ? CIO_ECANCELED : 0);
}

/* ---- Job scheduler ----------------------------------------------------------------- */

void cio_scheduler_init(cio_scheduler_t *s, cio_loop_t *loop, size_t limit,
                        size_t pending_limit) {
    s->loop = loop;
    cio_list_init(&s->active_jobs);
    cio_list_init(&s->pending_jobs);
    s->limit = limit;
    s->pending_limit = pending_limit;
    s->nactive = s->npending = 0;
    s->closing = NULL;
    s->closed = s->close_timed_out = 0;
    cio_handle_init(&s->close_timer);
}

size_t cio_scheduler_active_count(const cio_scheduler_t *s) { return s->nactive; }
size_t cio_scheduler_pending_count(const cio_scheduler_t *s) {
    return s->npending;
}

static void job_done(cio_handle_t *h);

static void job_start(cio_scheduler_t *s, cio_job_t *job) {
    job->started = 1;
    cio_list_push_back(&s->active_jobs, &job->link);
    s->nactive++;
    cio_task_start(job->task, 0);
    cio__future_watch(&job->task->future, &job->done, job_done, NULL);
}

static void job_done(cio_handle_t *h) {
    cio_job_t *job = CIO_CONTAINER_OF(h, cio_job_t, done);
    cio_scheduler_t *s = job->sched;
    cio_task_t *t = job->task;

    cio_node_unlink(&job->link);
    s->nactive--;
    if (job->allocated)
        cio__free(s->loop, job, sizeof *job);
    cio_task_release(t);
    if (!s->closed && !cio_list_empty(&s->pending_jobs)) {
        cio_job_t *next = CIO_CONTAINER_OF(s->pending_jobs.next, cio_job_t, link);
        cio_node_unlink(&next->link);
        s->npending--;
        job_start(s, next);
    }
    if (s->nactive == 0 && s->closing != NULL) {
        cio_task_t *w = s->closing;
        s->closing = NULL;
        cio__task_wake(w);
    }
}

int cio_scheduler_spawn(cio_scheduler_t *s, cio_task_t *task, cio_job_t *job) {
    uint8_t allocated = 0;
    int must_wait;
    if (task == NULL || (task->flags & CIO__T_STARTED))
        return CIO_EINVAL;
    if (s->closed)
        return CIO_ECLOSED;
    must_wait = s->limit > 0 && s->nactive >= s->limit;
    if (must_wait && s->pending_limit > 0 && s->npending >= s->pending_limit)
        return CIO_EQUEUEFULL;
    if (job == NULL) {
        job = (cio_job_t *)cio__alloc(s->loop, sizeof *job);
        if (job == NULL)
            return CIO_ENOMEM;
        allocated = 1;
    }
    job->allocated = allocated;
    job->started = 0;
    job->task = task;
    job->sched = s;
    cio_task_retain(task);
    if (must_wait) {
        cio_list_push_back(&s->pending_jobs, &job->link);
        s->npending++;
    } else {
        job_start(s, job);
    }
    return 0;
}

static void cancel_active(cio_scheduler_t *s) {
    cio_node_t *n;
    for (n = s->active_jobs.next; n != &s->active_jobs; n = n->next)
        cio_task_cancel(CIO_CONTAINER_OF(n, cio_job_t, link)->task);
}

static void close_timed_out(cio_handle_t *h) {
    cio_scheduler_t *s = (cio_scheduler_t *)h->arg;
    s->close_timed_out = 1;
    cancel_active(s);
}

static int close_cancel(cio_waiter_t *w, cio_task_t *task) {
    struct cio_scheduler_close_frame *f =
        WAITER_OF(w, struct cio_scheduler_close_frame);
    (void)task;
    f->cancelled = 1;
    cancel_active(f->s);
    return CIO_WAITER_FORWARDED; /* we wake when their clean-up is done */
}

static void close_detach(cio_waiter_t *w, cio_task_t *task) {
    struct cio_scheduler_close_frame *f =
        WAITER_OF(w, struct cio_scheduler_close_frame);
    (void)task;
    f->s->closing = NULL;
    cio_handle_cancel(&f->s->close_timer);
}

void cio_scheduler_close_init(struct cio_scheduler_close_frame *f,
                              cio_scheduler_t *s, cio_time_t timeout) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->s = s;
    f->timeout = timeout;
    f->cancelled = 0;
}

int cio_scheduler_close_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_scheduler_close_frame *f =
        (struct cio_scheduler_close_frame *)co;
    cio_scheduler_t *s = f->s;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    if (s->closed && s->closing != NULL)
        CIO_RETURN(co, f->ret = CIO_EBUSY);
    s->closed = 1;
    /* pending jobs never run: start them cancelled, so their tasks end
     * (cancelled before their first step) and are accounted for */
    while (!cio_list_empty(&s->pending_jobs)) {
        cio_job_t *job = CIO_CONTAINER_OF(s->pending_jobs.next, cio_job_t, link);
        cio_node_unlink(&job->link);
        s->npending--;
        cio_task_cancel(job->task);
        job_start(s, job);
    }
    if (s->nactive > 0) {
        if (f->timeout >= 0)
            cio__timer_start_internal(s->loop, &s->close_timer,
                                      cio_loop_time(s->loop) + f->timeout,
                                      close_timed_out, s);
        s->closing = task;
        f->waiter.cancel = close_cancel;
        f->waiter.detach = close_detach;
        cio__task_wait_on(task, CIO_WAIT_CUSTOM, &f->waiter);
        CIO_SUSPEND(co, 1);
        s = f->s;
        cio_handle_cancel(&s->close_timer);
        if (cio__task_take_cancel(task))
            f->cancelled = 1;
    }
    if (f->cancelled)
        CIO_RETURN(co, f->ret = CIO_ECANCELED);
    CIO_RETURN(co, f->ret = s->close_timed_out ? CIO_ETIMEDOUT : 0);
}
