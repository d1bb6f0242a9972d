/* cio/agen.h - async generators: coroutines that yield values.
 *
 * An async generator's frame starts with a `cio_agen_t` (whose first
 * member is the usual cio_coro_t). Its resume function runs until it
 * yields a value (it stores the value through `out`, sets `yielded` and
 * returns CIO_CORO_YIELDED), suspends, or finishes (returns CIO_CORO_DONE
 * with `status` 0 when exhausted, or a negative error). Consumers never
 * resume it directly; they await the leaves below, which also make the
 * fast-resume path of tasks safe with generators (see cio_anext_resume).
 *
 *     struct countdown_frame g;                    // the generator object
 *     countdown_init(&g, 3);                       // (ciogen emits these)
 *     int v;
 *     while ((rc = await cio_anext(&g.agen, &v)) == 0)
 *         printf("%d\n", v);
 *     // rc: CIO_ESTOPITER when exhausted, or the generator's error
 *     rc = await cio_aclose(&g.agen);              // idempotent
 *
 * Closing. cio_aclose() resumes a generator suspended at a yield with
 * `closing` set: the yield then evaluates to CIO_ECLOSED, the generator runs
 * its clean-up (it may await) and returns. A generator that yields again
 * while closing is stopped and aclose returns CIO_ESTATE (asyncio's
 * "async generator ignored GeneratorExit"). A second aclose does nothing.
 * ciogen's `async for` closes the generator on every early exit (break,
 * return, goto, an error), so clean-up runs before the consuming function
 * goes on - unlike Python, where `break` leaves it suspended.
 *
 * A generator's frame is embedded in its consumer's frame like any awaited
 * call: iterating allocates nothing.
 */
#ifndef CIO_AGEN_H
#define CIO_AGEN_H

#include <stddef.h>
#include <stdint.h>

#include "cio/coro.h"
#include "cio/queue.h"

/** The header of an async generator's frame. */
typedef struct cio_agen_s {
    cio_coro_t co;
    uint8_t yielded; /* set by the generator when it yields */
    uint8_t closing; /* set by cio_aclose: yield evaluates to CIO_ECLOSED */
    uint8_t done;    /* finished, closed, or failed */
    uint8_t reported;/* the final status went to a consumer already */
    int status;      /* 0 when exhausted, or the error it returned */
    cio_resume_fn *resume;
    void *out;       /* where the next value goes (set by cio_anext) */
} cio_agen_t;

/** Prepare the header (ciogen's `<gen>_init` calls it). */
static inline void cio_agen_init(cio_agen_t *g, cio_resume_fn *resume) {
    cio_coro_init(&g->co);
    g->yielded = g->closing = g->done = g->reported = 0;
    g->status = 0;
    g->resume = resume;
    g->out = NULL;
}

/** What a yield evaluates to when the generator is resumed: 0, or
 *  CIO_ECLOSED if the consumer is closing it. */
int cio_agen_yield_result(const cio_agen_t *g);

/** Nonzero once the generator has finished (exhausted, failed or closed). */
static inline int cio_agen_done(const cio_agen_t *g) { return g->done; }

/** `await cio_anext(g, &value)`: the next value (copied to *value), or
 *  CIO_ESTOPITER when exhausted, or the generator's error (once; after
 *  that CIO_ESTOPITER). */
struct cio_anext_frame {
    cio_coro_t co;
    int ret;
    cio_agen_t *g;
    void *out;
};
void cio_anext_init(struct cio_anext_frame *f, cio_agen_t *g, void *out);
int cio_anext_resume(cio_coro_t *co, cio_task_t *task);
extern const cio_coro_desc_t cio_anext_desc;

/** `await cio_aclose(g)`: close (above). Returns 0, the generator's error
 *  from its clean-up, or CIO_ESTATE if it ignored the close. */
struct cio_aclose_frame {
    cio_coro_t co;
    int ret;
    cio_agen_t *g;
};
void cio_aclose_init(struct cio_aclose_frame *f, cio_agen_t *g);
int cio_aclose_resume(cio_coro_t *co, cio_task_t *task);
extern const cio_coro_desc_t cio_aclose_desc;

/** A filter for cio_acollect (cio/agen_collect.h): nonzero keeps the item. */
typedef int (*cio_agen_filter_fn)(const void *item, void *arg);

/** An async iterator over a queue: `async for (int item : cio_queue_iter(&q))`
 *  gets items (as cio_queue_get, copied to the loop variable, which must
 *  have the queue's item type) until the queue is shut down and drained;
 *  a get that fails otherwise (CIO_ECANCELED) ends it with that error. */
struct cio_queue_iter_frame {
    cio_agen_t agen;
    cio_queue_t *q;
    struct cio_queue_get_frame get;
};
void cio_queue_iter_init(struct cio_queue_iter_frame *f, cio_queue_t *q);
int cio_queue_iter_resume(cio_coro_t *co, cio_task_t *task);

#ifdef CIO_ASYNC_DECLARATIONS
#include "cio/async.h"
/* An async generator of untyped items (the loop variable gives the type). */
CIO_ASYNC_GEN void cio_queue_iter(cio_queue_t *q);
CIO_ASYNC int cio_anext(cio_agen_t *g, void *value);
CIO_ASYNC int cio_aclose(cio_agen_t *g);
#endif

#endif /* CIO_AGEN_H */
