/* cio/queue.h - queues between tasks: FIFO (asyncio.Queue), LIFO
 * (LifoQueue) and priority (PriorityQueue) order.
 *
 * Items are fixed-size values copied into caller-provided storage (a ring
 * buffer for FIFO/LIFO, a binary heap for priority order), so a queue never
 * allocates; `maxsize` is the number of items the storage holds, and a
 * full queue makes `put` wait (asyncio's maxsize). Waiting getters and
 * putters are served first come, first served.
 *
 *     static int storage[8];
 *     cio_queue_t q;
 *     cio_queue_init(&q, storage, sizeof(int), 8);
 *     ...
 *     int item = 42;
 *     rc = await cio_queue_put(&q, &item);     // copies the item
 *     rc = await cio_queue_get(&q, &item);     // copies it out
 *     cio_queue_task_done(&q);
 *     rc = await cio_queue_join(&q);           // all items processed
 *
 * task_done/join count items put and not yet marked done. shutdown()
 * (asyncio 3.13) makes put fail with CIO_ESHUTDOWN at once, and get fail
 * with CIO_ESHUTDOWN once the queue is empty (at once if `immediate`,
 * which also discards what is queued); every waiter is released. A getter
 * that was woken but cancelled before it ran takes nothing: the next
 * getter gets the item.
 */
#ifndef CIO_QUEUE_H
#define CIO_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "cio/coro.h"
#include "cio/list.h"

/** Priority order: negative if `a` comes out before `b`. */
typedef int (*cio_queue_cmp_fn)(const void *a, const void *b);

enum cio_queue_kind_e { CIO_QUEUE_FIFO = 0, CIO_QUEUE_LIFO, CIO_QUEUE_PRIORITY };

/** A queue. Fields are private. */
typedef struct cio_queue_s {
    cio_list_t getters, putters, joiners;
    unsigned char *buf;
    size_t item_size, maxsize, count, head;
    size_t unfinished;
    cio_queue_cmp_fn cmp;
    uint8_t kind, shut_down;
} cio_queue_t;

/** A FIFO queue over `storage` (maxsize * item_size bytes). Returns 0, or
 *  CIO_EINVAL if a size is 0 or storage is NULL. */
int cio_queue_init(cio_queue_t *q, void *storage, size_t item_size,
                   size_t maxsize);
/** A LIFO queue (last in, first out). */
int cio_lifo_queue_init(cio_queue_t *q, void *storage, size_t item_size,
                        size_t maxsize);
/** A priority queue: the smallest item by `cmp` comes out first. */
int cio_priority_queue_init(cio_queue_t *q, void *storage, size_t item_size,
                            size_t maxsize, cio_queue_cmp_fn cmp);

size_t cio_queue_qsize(const cio_queue_t *q);
size_t cio_queue_maxsize(const cio_queue_t *q);
int cio_queue_empty(const cio_queue_t *q);
int cio_queue_full(const cio_queue_t *q);

/** Put without waiting: 0, CIO_EQUEUEFULL, or CIO_ESHUTDOWN. */
int cio_queue_put_nowait(cio_queue_t *q, const void *item);
/** Get without waiting: 0, CIO_EQUEUEEMPTY, or CIO_ESHUTDOWN (shut down
 *  and empty). */
int cio_queue_get_nowait(cio_queue_t *q, void *out);

/** Mark one item taken with get as processed. 0, or CIO_EOVERRELEASE if
 *  called more often than items were put. */
int cio_queue_task_done(cio_queue_t *q);

/** Shut the queue down (see above). */
void cio_queue_shutdown(cio_queue_t *q, int immediate);
int cio_queue_is_shutdown(const cio_queue_t *q);

/** `await cio_queue_put(&q, &item)`: 0, CIO_ESHUTDOWN, CIO_ECANCELED. The
 *  item is copied when there is room: it must stay valid until then. */
struct cio_queue_put_frame {
    cio_coro_t co;
    uint8_t woken; /* set by the waker (see cio__waitq_park) */
    int ret;
    cio_queue_t *q;
    const void *item;
};
void cio_queue_put_init(struct cio_queue_put_frame *f, cio_queue_t *q,
                        const void *item);
int cio_queue_put_resume(cio_coro_t *co, cio_task_t *task);

/** `await cio_queue_get(&q, &out)`: 0, CIO_ESHUTDOWN, CIO_ECANCELED. */
struct cio_queue_get_frame {
    cio_coro_t co;
    uint8_t woken; /* set by the waker (see cio__waitq_park) */
    int ret;
    cio_queue_t *q;
    void *out;
};
void cio_queue_get_init(struct cio_queue_get_frame *f, cio_queue_t *q,
                        void *out);
int cio_queue_get_resume(cio_coro_t *co, cio_task_t *task);

/** `await cio_queue_join(&q)`: 0 once every item put was marked done, or
 *  CIO_ECANCELED. */
struct cio_queue_join_frame {
    cio_coro_t co;
    uint8_t woken; /* set by the waker (see cio__waitq_park) */
    int ret;
    cio_queue_t *q;
};
void cio_queue_join_init(struct cio_queue_join_frame *f, cio_queue_t *q);
int cio_queue_join_resume(cio_coro_t *co, cio_task_t *task);

#ifdef CIO_ASYNC_DECLARATIONS
#include "cio/async.h"
CIO_ASYNC int cio_queue_put(cio_queue_t *q, const void *item);
CIO_ASYNC int cio_queue_get(cio_queue_t *q, void *out);
CIO_ASYNC int cio_queue_join(cio_queue_t *q);
#endif

#endif /* CIO_QUEUE_H */
