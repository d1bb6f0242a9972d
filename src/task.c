/* src/task.c - tasks: spawning, stepping, cancellation, completion,
 * introspection; and the leaf awaitables cio_sleep and cio_task_wait.
 *
 * A step (cio__task_step) resumes the innermost parked frame directly when
 * one recorded itself (CIO_AWAIT / CIO__PARK), else the root frame. When
 * the parked frame finishes, the step continues from the root: the parents
 * re-enter their await, find the child finished, and go on.
 *
 * Cancellation follows asyncio's Task.cancel(): a request sets
 * CIO__T_MUST_CANCEL and, if the task is suspended, reaches what it waits
 * on (cio__task_cancel_wait). The flag is consumed by the leaf the task resumes in
 * (cio__task_take_cancel), so CIO_ECANCELED is delivered exactly once.
 */
#include "internal.h"

static cio_coro_t *root_frame(cio_task_t *t) {
    return (cio_coro_t *)cio_task_frame(t);
}

/* ---- Creating ---------------------------------------------------------- */

static void task_prepare(cio_task_t *t, cio_loop_t *loop,
                         const cio_coro_desc_t *desc, uint8_t flags) {
    cio_node_init(&t->node);
    t->kind = CIO__K_TASK;
    t->flags = flags;
    t->wait_kind = CIO_WAIT_NONE;
    t->ncancel = 0;
    t->id = loop->next_task_id++;
    cio_future_init(&t->future, loop);
    t->future.flags = CIO__F_TASK;
    t->desc = desc;
    t->resume_frame = NULL;
    t->resume_desc = NULL;
    t->wait_obj = NULL;
    cio_node_init(&t->all);
    t->name = NULL;
    t->future.aux = 1; /* references: the caller's */
}

int cio_task_new(cio_loop_t *loop, const cio_coro_desc_t *desc,
                 cio_task_t **out) {
    cio_task_t *t;
    if (loop->state == CIO__LOOP_CLOSED)
        return CIO_ECLOSED;
    if (desc == NULL || desc->task_size < sizeof(cio_task_t) || out == NULL)
        return CIO_EINVAL;
    if (!CIO__CHECK_THREAD(loop, "cio_task_new"))
        return CIO_EWRONGTHREAD;
    t = (cio_task_t *)cio__alloc(loop, desc->task_size);
    if (t == NULL)
        return CIO_ENOMEM;
    task_prepare(t, loop, desc, CIO__T_ALLOCATED);
    *out = t;
    return 0;
}

int cio_task_init_in(cio_loop_t *loop, const cio_coro_desc_t *desc,
                     void *storage, cio_task_t **out) {
    cio_task_t *t = (cio_task_t *)storage;
    if (loop->state == CIO__LOOP_CLOSED)
        return CIO_ECLOSED;
    if (desc == NULL || storage == NULL || desc->task_size < sizeof(cio_task_t))
        return CIO_EINVAL;
    task_prepare(t, loop, desc, 0);
    if (out != NULL)
        *out = t;
    return 0;
}

void cio_task_start(cio_task_t *t, int detach) {
    cio_loop_t *loop = t->future.loop;
    t->flags |= CIO__T_STARTED;
    t->future.aux++; /* the loop's reference, until the task is done */
    cio_list_push_back(&loop->tasks, &t->all);
    loop->ntasks++;
    cio_list_push_back(&loop->ready, &t->node);
    if (detach)
        cio_task_release(t);
}

/* ---- References and destruction ----------------------------------------- */

static void task_destroy(cio_task_t *t) {
    cio_loop_t *loop = t->future.loop;
#if CIO_CONF_DEBUG
    if (loop->debug && t->future.state == CIO_FUTURE_DONE &&
        t->future.error != 0 && !(t->future.flags & CIO__F_RETRIEVED)) {
        char name[32];
        cio__log(loop, CIO_LOG_ERROR,
                 "Task exception was never retrieved: task %s (%s() at "
                 "%s:%u) failed with %s (%s)",
                 cio_task_get_name(t, name, sizeof name), t->desc->name,
                 t->desc->file, t->desc->line, cio_err_name(t->future.error),
                 cio_strerror(t->future.error));
    }
#endif
    if (t->flags & CIO__T_ALLOCATED)
        cio__free(loop, t, t->desc->task_size);
}

void cio_task_retain(cio_task_t *t) { t->future.aux++; }

void cio_task_release(cio_task_t *t) {
    if (t->future.aux == 0)
        return;
    if (--t->future.aux == 0)
        task_destroy(t);
}

/* ---- Waking and waiting -------------------------------------------------- */

/* Deliver a cancel request to what a suspended task waits on. For a future
 * or a task, cancelling it wakes this task in turn (with its outcome); for
 * the rest the task is detached and woken, and the leaf returns
 * CIO_ECANCELED. */
void cio__task_cancel_wait(cio_task_t *t) {
    void *obj = t->wait_obj;
    switch (t->wait_kind) {
    case CIO_WAIT_FUTURE:
        if (cio_future_cancel((cio_future_t *)obj))
            t->flags &= (uint8_t)~CIO__T_MUST_CANCEL;
        break;
    case CIO_WAIT_TASK:
        if (cio_task_cancel((cio_task_t *)obj))
            t->flags &= (uint8_t)~CIO__T_MUST_CANCEL;
        break;
    case CIO_WAIT_LIST:
        cio_node_unlink(&t->node);
        cio__task_wake(t);
        break;
    case CIO_WAIT_TIMER:
        cio_handle_cancel((cio_handle_t *)obj);
        cio__task_wake(t);
        break;
    case CIO_WAIT_CUSTOM:
        switch (((cio_waiter_t *)obj)->cancel((cio_waiter_t *)obj, t)) {
        case CIO_WAITER_WAKE:
            cio__task_wake(t);
            break;
        case CIO_WAITER_FORWARDED:
            t->flags &= (uint8_t)~CIO__T_MUST_CANCEL;
            break;
        default:
            break;
        }
        break;
    default: /* ready to run, or running: the flag does it */
        break;
    }
}

int cio_task_cancel(cio_task_t *t) {
    if (t->future.state != CIO_FUTURE_PENDING)
        return 0;
    if (!CIO__CHECK_THREAD(t->future.loop, "cio_task_cancel"))
        return 0;
    if (t->ncancel < 255)
        t->ncancel++;
    t->flags |= CIO__T_MUST_CANCEL;
    if (t != t->future.loop->current)
        cio__task_cancel_wait(t);
    return 1;
}

int cio_task_cancelling(const cio_task_t *t) {
    return t->future.state == CIO_FUTURE_PENDING ? t->ncancel : 0;
}

int cio_task_uncancel(cio_task_t *t) {
    if (t->ncancel > 0)
        t->ncancel--;
    return t->ncancel;
}

/* ---- Stepping ----------------------------------------------------------- */

void cio__task_finish(cio_task_t *t, int cancelled) {
    cio_loop_t *loop = t->future.loop;
    cio_future_t *fut = &t->future;

    if (!cancelled && t->desc->result != NULL) {
        int rc = t->desc->result(root_frame(t), &fut->value);
        if (rc == CIO_ECANCELED)
            cancelled = 1;
        else if (rc < 0)
            fut->error = rc;
        else if (rc == 1)
            fut->flags |= CIO__F_PTR;
    }
    /* A cancel requested after the last suspension still wins (asyncio). */
    if (t->flags & CIO__T_MUST_CANCEL)
        cancelled = 1;
    t->flags &= (uint8_t)~CIO__T_MUST_CANCEL;
    if (cancelled) {
        fut->error = CIO_ECANCELED;
        fut->state = CIO_FUTURE_CANCELLED;
    } else {
        fut->state = CIO_FUTURE_DONE;
    }
    t->wait_kind = CIO_WAIT_NONE;
    cio_node_unlink(&t->all);
    loop->ntasks--;
    cio__future_complete(fut);
    cio_task_release(t); /* the loop's reference */
}

/* Closing a loop with tasks still pending takes three passes (see
 * cio_loop_close): report them all, detach them all, then free them. A
 * pending task's frame can hold handles linked into other tasks' lists
 * (gather, task groups), so nothing is freed before everything is
 * unlinked. */
void cio__task_report_pending(cio_task_t *t) {
    cio_loop_t *loop = t->future.loop;
    char name[32];
    const char *func, *file;
    unsigned line;

    if (cio_task_where(t, &func, &file, &line) == 0)
        cio__log(loop, CIO_LOG_ERROR,
                 "Task was destroyed but it is pending! task %s, %s() "
                 "waiting at %s:%u",
                 cio_task_get_name(t, name, sizeof name), func, file, line);
    else
        cio__log(loop, CIO_LOG_ERROR,
                 "Task was destroyed but it is pending! task %s, %s() "
                 "defined at %s:%u",
                 cio_task_get_name(t, name, sizeof name), t->desc->name,
                 t->desc->file, t->desc->line);
}

void cio__task_detach_pending(cio_task_t *t) {
    cio_loop_t *loop = t->future.loop;
    cio_node_t *n;

    switch (t->wait_kind) {
    case CIO_WAIT_TIMER:
        cio_handle_cancel((cio_handle_t *)t->wait_obj);
        break;
    case CIO_WAIT_CUSTOM:
        ((cio_waiter_t *)t->wait_obj)->detach((cio_waiter_t *)t->wait_obj, t);
        break;
    default:
        break;
    }
    t->wait_kind = CIO_WAIT_NONE;
    cio_node_unlink(&t->node);
    /* its done callbacks will never run; its awaiters are pending tasks
     * that are destroyed too */
    while ((n = t->future.waiters.next) != &t->future.waiters) {
        cio_node_unlink(n);
        if (CIO__NODE_KIND(n) == CIO__K_HANDLE) {
            cio_handle_t *h = CIO_CONTAINER_OF(n, cio_handle_t, link.node);
            h->flags &= (uint8_t)~CIO__H_FUTURE;
            if (h->flags & CIO__H_ALLOCATED)
                cio__free(loop, h, sizeof *h);
        }
    }
}

void cio__task_destroy_pending(cio_task_t *t) {
    cio_loop_t *loop = t->future.loop;
    cio__boxed_free_all(loop, t);
    t->flags |= CIO__T_DESTROYED;
    t->flags &= (uint8_t)~CIO__T_MUST_CANCEL;
    t->future.state = CIO_FUTURE_CANCELLED;
    t->future.error = CIO_ECANCELED;
    t->future.flags |= CIO__F_RETRIEVED;
    cio_node_unlink(&t->all);
    loop->ntasks--;
    cio_task_release(t);
}

/* ---- Boxed child frames ------------------------------------------------ */

/* A boxed frame follows this header. The loop keeps every boxed frame on
 * one list (`boxed`), so a task destroyed while pending, or the loop
 * itself, can free them without the task spending a field on it. */
typedef struct boxed_header {
    cio_node_t link;
    cio_task_t *task;
    size_t size;
    /* keep the frame that follows maximally aligned */
    union {
        long double ld;
        void *p;
        long long ll;
    } align;
} boxed_header;

void *cio_task_frame_alloc(cio_task_t *task, size_t size) {
    cio_loop_t *loop = task->future.loop;
    boxed_header *h = (boxed_header *)cio__alloc(loop, sizeof *h + size);
    if (h == NULL)
        return NULL;
    h->task = task;
    h->size = size;
    cio_list_push_back(&loop->boxed, &h->link);
    return h + 1;
}

void cio_task_frame_free(cio_task_t *task, void *frame) {
    boxed_header *h = (boxed_header *)frame - 1;
    if (frame == NULL)
        return;
    cio_node_unlink(&h->link);
    cio__free(task->future.loop, h, sizeof *h + h->size);
}

/* Free the boxed frames of `t`, or of every task if `t` is NULL. */
void cio__boxed_free_all(cio_loop_t *loop, cio_task_t *t) {
    cio_node_t *n = loop->boxed.next;
    while (n != &loop->boxed) {
        boxed_header *h = CIO_CONTAINER_OF(n, boxed_header, link);
        n = n->next;
        if (t == NULL || h->task == t) {
            cio_node_unlink(&h->link);
            cio__free(loop, h, sizeof *h + h->size);
        }
    }
}

/* ---- Queries --------------------------------------------------------- */

int cio_task_done(const cio_task_t *t) {
    return t->future.state != CIO_FUTURE_PENDING;
}

int cio_task_cancelled(const cio_task_t *t) {
    return t->future.state == CIO_FUTURE_CANCELLED;
}

intptr_t cio_task_result(const cio_task_t *t) {
    return cio_future_result(&t->future);
}

void *cio_task_result_ptr(const cio_task_t *t) {
    return cio_future_result_ptr(&t->future);
}

int cio_task_error(const cio_task_t *t) { return cio_future_error(&t->future); }

uint32_t cio_task_id(const cio_task_t *t) { return t->id; }

cio_loop_t *cio_task_loop(const cio_task_t *t) { return t->future.loop; }

void cio_task_set_name(cio_task_t *t, const char *name) { t->name = name; }

const char *cio_task_get_name(const cio_task_t *t, char *buf, size_t size) {
    if (t->name != NULL)
        return t->name;
    if (buf == NULL || size == 0)
        return "Task";
    cio__format(buf, size, "Task-%lu", (unsigned long)t->id);
    return buf;
}

int cio_task_where(const cio_task_t *t, const char **func, const char **file,
                   unsigned *line) {
    const cio_coro_desc_t *d = t->resume_desc;
    const cio_coro_t *co = t->resume_frame;
    if (co == NULL || d == NULL || co->state == 0 ||
        co->state > d->npoints || d->point_lines == NULL)
        return CIO_ESTATE;
    *func = d->name;
    *file = d->file;
    *line = d->point_lines[co->state - 1];
    return 0;
}

cio_task_t *cio_loop_first_task(cio_loop_t *loop) {
    if (cio_list_empty(&loop->tasks))
        return NULL;
    return CIO_CONTAINER_OF(loop->tasks.next, cio_task_t, all);
}

cio_task_t *cio_loop_next_task(cio_loop_t *loop, cio_task_t *t) {
    if (t->all.next == &loop->tasks || !cio_node_linked(&t->all))
        return NULL;
    return CIO_CONTAINER_OF(t->all.next, cio_task_t, all);
}

size_t cio_loop_task_count(const cio_loop_t *loop) { return loop->ntasks; }

void cio_loop_dump_tasks(cio_loop_t *loop) {
    cio_task_t *t;
    char name[32];
    const char *func, *file;
    unsigned line;
    cio__log(loop, CIO_LOG_INFO, "%lu pending task(s)",
             (unsigned long)loop->ntasks);
    for (t = cio_loop_first_task(loop); t; t = cio_loop_next_task(loop, t)) {
        const char *state = t->ncancel ? "cancelling" : "pending";
        if (cio_task_where(t, &func, &file, &line) == 0)
            cio__log(loop, CIO_LOG_INFO, "  %s %s: %s() waiting at %s:%u",
                     cio_task_get_name(t, name, sizeof name), state, func,
                     file, line);
        else
            cio__log(loop, CIO_LOG_INFO, "  %s %s: %s() (%s:%u) %s",
                     cio_task_get_name(t, name, sizeof name), state,
                     t->desc->name, t->desc->file, t->desc->line,
                     root_frame(t)->state == 0 ? "not started" : "ready");
    }
}

/* ---- Running until complete --------------------------------------------- */

static void stop_loop_cb(void *arg) { cio_loop_stop((cio_loop_t *)arg); }

int cio_loop_run_until_complete(cio_loop_t *loop, cio_future_t *fut) {
    cio_handle_t h;
    int rc;
    if (fut == NULL || fut->loop != loop)
        return CIO_EINVAL;
    if (loop->state == CIO__LOOP_CLOSED)
        return CIO_ECLOSED;
    if (loop->state == CIO__LOOP_RUNNING)
        return CIO_EBUSY;
    cio_handle_init(&h);
    rc = cio_future_add_done_callback(fut, &h, stop_loop_cb, loop);
    if (rc < 0)
        return rc;
    rc = cio_loop_run_forever(loop);
    cio_handle_cancel(&h);
    if (rc < 0)
        return rc;
    if (!cio_future_done(fut))
        return CIO_ESTATE;
    return cio_future_error(fut);
}

int cio_loop_shutdown_tasks(cio_loop_t *loop) {
    int rc = 0;
    while (loop->ntasks > 0) {
        cio_task_t *t;
        for (t = cio_loop_first_task(loop); t; t = cio_loop_next_task(loop, t))
            if (t->ncancel == 0)
                cio_task_cancel(t);
        rc = cio_loop_run_once(loop, -1);
        if (rc < 0)
            break;
    }
    return rc;
}

/* ---- cio_sleep ------------------------------------------------------------ */

static void sleep_fired(cio_handle_t *h) { cio__task_wake((cio_task_t *)h->arg); }

void cio_sleep_init(struct cio_sleep_frame *f, cio_time_t delay) {
    cio_coro_init(&f->co);
    f->ret = 0;
    cio_handle_init(&f->timer);
    f->timer.when = delay; /* the deadline replaces it when the sleep starts */
}

int cio_sleep_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_sleep_frame *f = (struct cio_sleep_frame *)co;
    cio_loop_t *loop = task->future.loop;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    if (f->timer.when <= 0) {
        cio__task_yield(task); /* exactly one loop iteration */
    } else {
        cio__timer_start_internal(loop, &f->timer,
                                  cio_loop_time(loop) + f->timer.when,
                                  sleep_fired, task);
        cio__task_wait_on(task, CIO_WAIT_TIMER, &f->timer);
    }
    CIO_SUSPEND(co, 1);
    cio_handle_cancel(&f->timer); /* no-op unless woken early */
    CIO_RETURN(co, f->ret = cio__task_take_cancel(task));
}

static int sleep_result(const cio_coro_t *co, cio_value_t *out) {
    return cio__int_result(((const struct cio_sleep_frame *)co)->ret, out);
}

typedef CIO_TASK_STORAGE(struct cio_sleep_frame) sleep_task;

const cio_coro_desc_t cio_sleep_desc = {
    "cio_sleep", "src/task.c", __LINE__, 1, NULL,
    sizeof(sleep_task), offsetof(sleep_task, frame),
    cio_sleep_resume, sleep_result};

/* ---- cio_yield ------------------------------------------------------------ */

static int yield_result(const cio_coro_t *co, cio_value_t *out) {
    return cio__int_result(((const struct cio_yield_frame *)co)->ret, out);
}

typedef CIO_TASK_STORAGE(struct cio_yield_frame) yield_task;

const cio_coro_desc_t cio_yield_desc = {
    "cio_yield", "src/task.c", __LINE__, 1, NULL,
    sizeof(yield_task), offsetof(yield_task, frame),
    cio_yield_resume, yield_result};

/* ---- cio_task_wait -------------------------------------------------------- */

void cio_task_wait_init(struct cio_task_wait_frame *f, cio_task_t *t) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->t = t;
}

int cio_task_wait_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_task_wait_frame *f = (struct cio_task_wait_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    if (f->t == task) /* awaiting itself would never end */
        CIO_RETURN(co, f->ret = CIO_EINVAL);
    if (cio__future_await_begin(task, &f->t->future)) {
        CIO_SUSPEND(co, 1);
        CIO_RETURN(co, f->ret = cio__future_await_end(task, &f->t->future));
    }
    CIO_RETURN(co, f->ret = cio__future_await_result(&f->t->future));
}

static int task_wait_result(const cio_coro_t *co, cio_value_t *out) {
    return cio__int_result(((const struct cio_task_wait_frame *)co)->ret, out);
}

typedef CIO_TASK_STORAGE(struct cio_task_wait_frame) task_wait_task;

const cio_coro_desc_t cio_task_wait_desc = {
    "cio_task_wait", "src/task.c", __LINE__, 1, NULL,
    sizeof(task_wait_task), offsetof(task_wait_task, frame),
    cio_task_wait_resume, task_wait_result};
