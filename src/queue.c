/* src/queue.c - FIFO, LIFO and priority queues over caller storage.
 *
 * Storage is `maxsize` slots of `item_size` bytes: a ring (head, count)
 * for FIFO/LIFO, a binary min-heap on `cmp` for priority order. Waiters
 * follow asyncio.Queue: a put wakes the first getter, a get the first
 * putter; the woken task re-checks when it runs, so one woken and then
 * cancelled hands its turn to the next waiter. */
#include "internal.h"

static unsigned char *slot(const cio_queue_t *q, size_t i) {
    return q->buf + i * q->item_size;
}

static void copy(void *dst, const void *src, size_t n) {
    unsigned char *d = (unsigned char *)dst;
    const unsigned char *s = (const unsigned char *)src;
    while (n--)
        *d++ = *s++;
}

static void swap(cio_queue_t *q, size_t i, size_t j) {
    unsigned char *a = slot(q, i), *b = slot(q, j);
    size_t n = q->item_size;
    while (n--) {
        unsigned char t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

static int init(cio_queue_t *q, void *storage, size_t item_size,
                size_t maxsize, uint8_t kind, cio_queue_cmp_fn cmp) {
    if (storage == NULL || item_size == 0 || maxsize == 0)
        return CIO_EINVAL;
    cio_list_init(&q->getters);
    cio_list_init(&q->putters);
    cio_list_init(&q->joiners);
    q->buf = (unsigned char *)storage;
    q->item_size = item_size;
    q->maxsize = maxsize;
    q->count = q->head = q->unfinished = 0;
    q->cmp = cmp;
    q->kind = kind;
    q->shut_down = 0;
    return 0;
}

int cio_queue_init(cio_queue_t *q, void *storage, size_t item_size,
                   size_t maxsize) {
    return init(q, storage, item_size, maxsize, CIO_QUEUE_FIFO, NULL);
}

int cio_lifo_queue_init(cio_queue_t *q, void *storage, size_t item_size,
                        size_t maxsize) {
    return init(q, storage, item_size, maxsize, CIO_QUEUE_LIFO, NULL);
}

int cio_priority_queue_init(cio_queue_t *q, void *storage, size_t item_size,
                            size_t maxsize, cio_queue_cmp_fn cmp) {
    if (cmp == NULL)
        return CIO_EINVAL;
    return init(q, storage, item_size, maxsize, CIO_QUEUE_PRIORITY, cmp);
}

size_t cio_queue_qsize(const cio_queue_t *q) { return q->count; }
size_t cio_queue_maxsize(const cio_queue_t *q) { return q->maxsize; }
int cio_queue_empty(const cio_queue_t *q) { return q->count == 0; }
int cio_queue_full(const cio_queue_t *q) { return q->count >= q->maxsize; }
int cio_queue_is_shutdown(const cio_queue_t *q) { return q->shut_down; }

/* ---- Storage order ---------------------------------------------------------- */

static void store(cio_queue_t *q, const void *item) {
    size_t i;
    if (q->kind != CIO_QUEUE_PRIORITY) {
        copy(slot(q, (q->head + q->count) % q->maxsize), item, q->item_size);
        q->count++;
        return;
    }
    i = q->count++;
    copy(slot(q, i), item, q->item_size);
    while (i > 0) { /* sift up */
        size_t parent = (i - 1) / 2;
        if (q->cmp(slot(q, i), slot(q, parent)) >= 0)
            break;
        swap(q, i, parent);
        i = parent;
    }
}

static void take(cio_queue_t *q, void *out) {
    size_t i = 0;
    switch (q->kind) {
    case CIO_QUEUE_FIFO:
        copy(out, slot(q, q->head), q->item_size);
        q->head = (q->head + 1) % q->maxsize;
        q->count--;
        return;
    case CIO_QUEUE_LIFO:
        q->count--;
        copy(out, slot(q, (q->head + q->count) % q->maxsize), q->item_size);
        return;
    default:
        break;
    }
    copy(out, slot(q, 0), q->item_size);
    if (--q->count == 0)
        return;
    copy(slot(q, 0), slot(q, q->count), q->item_size);
    for (;;) { /* sift down */
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < q->count && q->cmp(slot(q, l), slot(q, m)) < 0)
            m = l;
        if (r < q->count && q->cmp(slot(q, r), slot(q, m)) < 0)
            m = r;
        if (m == i)
            break;
        swap(q, i, m);
        i = m;
    }
}

/* ---- Non-blocking operations -------------------------------------------------- */

int cio_queue_put_nowait(cio_queue_t *q, const void *item) {
    if (q->shut_down)
        return CIO_ESHUTDOWN;
    if (cio_queue_full(q))
        return CIO_EQUEUEFULL;
    store(q, item);
    q->unfinished++;
    cio__waitq_wake_first(&q->getters);
    return 0;
}

int cio_queue_get_nowait(cio_queue_t *q, void *out) {
    if (q->count == 0)
        return q->shut_down ? CIO_ESHUTDOWN : CIO_EQUEUEEMPTY;
    take(q, out);
    cio__waitq_wake_first(&q->putters);
    return 0;
}

static void wake_all(cio_list_t *list) {
    while (cio__waitq_wake_first(list) != NULL) {
    }
}

int cio_queue_task_done(cio_queue_t *q) {
    if (q->unfinished == 0)
        return CIO_EOVERRELEASE;
    if (--q->unfinished == 0)
        wake_all(&q->joiners);
    return 0;
}

void cio_queue_shutdown(cio_queue_t *q, int immediate) {
    q->shut_down = 1;
    if (immediate) {
        q->unfinished = q->unfinished > q->count ? q->unfinished - q->count : 0;
        q->count = q->head = 0;
        if (q->unfinished == 0)
            wake_all(&q->joiners);
    }
    wake_all(&q->getters);
    wake_all(&q->putters);
}

/* ---- Awaitables ------------------------------------------------------------------ */

void cio_queue_put_init(struct cio_queue_put_frame *f, cio_queue_t *q,
                        const void *item) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->q = q;
    f->item = item;
    f->woken = 0;
}

int cio_queue_put_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_queue_put_frame *f = (struct cio_queue_put_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    while (cio_queue_full(f->q) && !f->q->shut_down) {
        cio__waitq_park(&f->q->putters, task, &f->woken);
        CIO_SUSPEND(co, 1);
        if (cio__task_take_cancel(task)) {
            if (f->woken && !cio_queue_full(f->q))
                cio__waitq_wake_first(&f->q->putters);
            CIO_RETURN(co, f->ret = CIO_ECANCELED);
        }
    }
    CIO_RETURN(co, f->ret = cio_queue_put_nowait(f->q, f->item));
}

void cio_queue_get_init(struct cio_queue_get_frame *f, cio_queue_t *q,
                        void *out) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->q = q;
    f->out = out;
    f->woken = 0;
}

int cio_queue_get_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_queue_get_frame *f = (struct cio_queue_get_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    while (cio_queue_empty(f->q) && !f->q->shut_down) {
        cio__waitq_park(&f->q->getters, task, &f->woken);
        CIO_SUSPEND(co, 1);
        if (cio__task_take_cancel(task)) {
            /* woken for an item we will not take: the next getter gets it */
            if (f->woken && !cio_queue_empty(f->q))
                cio__waitq_wake_first(&f->q->getters);
            CIO_RETURN(co, f->ret = CIO_ECANCELED);
        }
    }
    CIO_RETURN(co, f->ret = cio_queue_get_nowait(f->q, f->out));
}

void cio_queue_join_init(struct cio_queue_join_frame *f, cio_queue_t *q) {
    cio_coro_init(&f->co);
    f->ret = 0;
    f->q = q;
    f->woken = 0;
}

int cio_queue_join_resume(cio_coro_t *co, cio_task_t *task) {
    struct cio_queue_join_frame *f = (struct cio_queue_join_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    if (f->q->unfinished > 0) {
        cio__waitq_park(&f->q->joiners, task, &f->woken);
        CIO_SUSPEND(co, 1);
        CIO_RETURN(co, f->ret = cio__task_take_cancel(task));
    }
    CIO_RETURN(co, f->ret = 0);
}
