/* src/agen.c - consuming async generators: anext, aclose, and an async
 * iterator over a queue (cio_acollect is written in async C:
 * src/agen_collect.ac).
 *
 * A generator may be resumed by two paths: through cio_anext (which calls
 * its resume function), or directly by its task's fast-resume path when it
 * parked itself inside an await. In the second case a yield returns
 * CIO_CORO_YIELDED to the task step, which then re-enters from the root
 * down to cio_anext: the `yielded` flag tells cio_anext that the value is
 * already there, so the generator is not resumed a second time. */
#include "internal.h"

int cio_agen_yield_result(const cio_agen_t *g) {
    return g->closing ? CIO_ECLOSED : 0;
}

/* ---- anext ----------------------------------------------------------- */

void cio_anext_init(struct cio_anext_frame *f, cio_agen_t *g, void *out) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->g = g;
    f->out = out;
}

/* The generator finished: its status, reported once. */
static int final_status(cio_agen_t *g) {
    g->done = 1;
    if (g->status < 0 && g->status != CIO_ECLOSED && !g->reported) {
        g->reported = 1;
        return g->status;
    }
    g->reported = 1;
    return CIO_ESTOPITER;
}

int cio_anext_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_anext_frame *f = (struct cio_anext_frame *)co;
    cio_agen_t *g = f->g;
    int st;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    if (g->done)
        CIO_RETURN(co, f->ret = final_status(g));
    if (g->closing)
        CIO_RETURN(co, f->ret = CIO_ESTATE);
    g->out = f->out;
    g->yielded = 0;
    co->state = 1;
cio_resume_1:
    if (g->yielded) { /* yielded while its task resumed it directly */
        g->yielded = 0;
        CIO_RETURN(co, f->ret = 0);
    }
    st = g->resume(&g->co, task);
    if (st == CIO_CORO_SUSPENDED) {
        CIO__PARK(task, co, &cio_anext_desc);
        return CIO_CORO_SUSPENDED;
    }
    if (st == CIO_CORO_YIELDED) {
        g->yielded = 0;
        CIO_RETURN(co, f->ret = 0);
    }
    CIO_RETURN(co, f->ret = final_status(g));
}

static int anext_result(const cio_coro_t *co, cio_value_t *out) {
    return cio__int_result(((const struct cio_anext_frame *)co)->ret, out);
}

typedef CIO_TASK_STORAGE(struct cio_anext_frame) anext_task;
const cio_coro_desc_t cio_anext_desc = {
    "cio_anext", "src/agen.c", __LINE__, 1, NULL, sizeof(anext_task),
    offsetof(anext_task, frame), cio_anext_resume, anext_result};

/* ---- aclose ---------------------------------------------------------- */

void cio_aclose_init(struct cio_aclose_frame *f, cio_agen_t *g) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->g = g;
}

int cio_aclose_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_aclose_frame *f = (struct cio_aclose_frame *)co;
    cio_agen_t *g = f->g;
    int st;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    if (g->done)
        CIO_RETURN(co, f->ret = 0);
    if (g->co.state == 0) { /* never started: nothing to clean up */
        g->done = g->reported = 1;
        CIO_RETURN(co, f->ret = 0);
    }
    g->closing = 1;
    g->yielded = 0;
    co->state = 1;
cio_resume_1:
    if (g->yielded) /* it yielded instead of finishing */
        goto ignored;
    st = g->resume(&g->co, task);
    if (st == CIO_CORO_SUSPENDED) { /* its clean-up awaits */
        CIO__PARK(task, co, &cio_aclose_desc);
        return CIO_CORO_SUSPENDED;
    }
    if (st == CIO_CORO_YIELDED)
        goto ignored;
    g->done = g->reported = 1;
    CIO_RETURN(co, f->ret = (g->status < 0 && g->status != CIO_ECLOSED)
                                ? g->status
                                : 0);
ignored:
    g->yielded = 0;
    g->done = g->reported = 1;
    CIO_RETURN(co, f->ret = CIO_ESTATE);
}

static int aclose_result(const cio_coro_t *co, cio_value_t *out) {
    return cio__int_result(((const struct cio_aclose_frame *)co)->ret, out);
}

typedef CIO_TASK_STORAGE(struct cio_aclose_frame) aclose_task;
const cio_coro_desc_t cio_aclose_desc = {
    "cio_aclose", "src/agen.c", __LINE__, 1, NULL, sizeof(aclose_task),
    offsetof(aclose_task, frame), cio_aclose_resume, aclose_result};

/* ---- an async iterator over a queue ------------------------------------ */

static const cio_coro_desc_t queue_iter_desc;

void cio_queue_iter_init(struct cio_queue_iter_frame *f, cio_queue_t *q) {
    cio_agen_init(&f->agen, cio_queue_iter_resume);
    f->q = q;
}

int cio_queue_iter_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_queue_iter_frame *f = (struct cio_queue_iter_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
        CIO_POINT(2)
    CIO_BODY
    for (;;) {
        cio_queue_get_init(&f->get, f->q, f->agen.out);
        CIO_AWAIT(task, co, 1, &queue_iter_desc, cio_queue_get_resume,
                  &f->get.co);
        if (f->get.ret == CIO_ESHUTDOWN)
            break; /* the end of the iteration */
        if (f->get.ret < 0) {
            f->agen.status = f->get.ret;
            CIO_RETURN(co, (void)0);
        }
        /* yield the item get copied through `out` */
        f->agen.yielded = 1;
        co->state = 2;
        return CIO_CORO_YIELDED;
    cio_resume_2:
        if (f->agen.closing)
            break;
    }
    f->agen.status = 0;
    CIO_RETURN(co, (void)0);
}

static const cio_coro_desc_t queue_iter_desc = CIO_DESC_INIT(
    struct cio_queue_iter_frame, "cio_queue_iter", "src/agen.c", __LINE__, 2,
    NULL, cio_queue_iter_resume, NULL);
