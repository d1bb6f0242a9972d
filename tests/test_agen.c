/* tests/test_agen.c - async generators at the runtime level: anext,
 * aclose (with clean-up that awaits), errors, cancellation of the consumer
 * while the generator is suspended, collect, the queue iterator. The
 * generator here is written by hand; ciogen's `yield` and `async for` are
 * tested in tests/gen. */
#include "cio.h"
#include "test.h"

static cio_loop_t loop;

/* countdown(n): yields n, n-1, ..., 1 with a sleep(0) before each; fails
 * with CIO_EIO when it reaches `fail_at`; on close or error it cleans up
 * with an await. With `stubborn` it ignores a close and yields again. */
struct countdown_frame {
    cio_agen_t agen;
    int n, fail_at, stubborn;
    union {
        struct cio_sleep_frame s;
    } sub;
};
static int countdown_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t countdown_desc = CIO_DESC_INIT(
    struct countdown_frame, "countdown", __FILE__, __LINE__, 4, NULL,
    countdown_resume, NULL);

static void countdown_init(struct countdown_frame *f, int n, int fail_at) {
    cio_agen_init(&f->agen, countdown_resume);
    f->n = n;
    f->fail_at = fail_at;
    f->stubborn = 0;
}

static int countdown_resume(cio_coro_t *co, cio_task_t *task) {
    struct countdown_frame *f = (struct countdown_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
        CIO_POINT(2)
        CIO_POINT(3)
        CIO_POINT(4)
    CIO_BODY
    while (f->n > 0) {
        cio_sleep_init(&f->sub.s, 0);
        CIO_AWAIT(task, co, 1, &countdown_desc, cio_sleep_resume, &f->sub.s.co);
        if (f->sub.s.ret < 0) {
            f->agen.status = f->sub.s.ret;
            goto cleanup;
        }
        if (f->n == f->fail_at) {
            f->agen.status = CIO_EIO;
            goto cleanup;
        }
        *(int *)f->agen.out = f->n--;
        f->agen.yielded = 1;
        co->state = 2;
        return CIO_CORO_YIELDED;
    cio_resume_2:
        if (cio_agen_yield_result(&f->agen) == CIO_ECLOSED) {
            if (f->stubborn) {
                f->agen.yielded = 1;
                co->state = 4;
                return CIO_CORO_YIELDED;
            cio_resume_4:;
            }
            goto cleanup;
        }
    }
    f->agen.status = 0;
    CIO_RETURN(co, (void)0);
cleanup:
    log_add("cleanup");
    cio_sleep_init(&f->sub.s, CIO_MS(1));
    CIO_AWAIT(task, co, 3, &countdown_desc, cio_sleep_resume, &f->sub.s.co);
    log_add("cleaned");
    CIO_RETURN(co, (void)0);
}

/* consume(gen, stop_after): takes values until the end, or closes after
 * `stop_after` values (like a `break`). */
struct consume_frame {
    cio_coro_t co;
    int ret;
    struct countdown_frame g;
    int stop_after, taken, value;
    union {
        struct cio_anext_frame next;
        struct cio_aclose_frame close;
    } sub;
};
static int consume_resume(cio_coro_t *co, cio_task_t *task);
static int consume_result(const cio_coro_t *co, cio_value_t *out) {
    int r = ((const struct consume_frame *)co)->ret;
    out->i = r;
    return r < 0 ? r : 0;
}
static const cio_coro_desc_t consume_desc = CIO_DESC_INIT(
    struct consume_frame, "consume", __FILE__, __LINE__, 3, NULL,
    consume_resume, consume_result);

static int consume_resume(cio_coro_t *co, cio_task_t *task) {
    struct consume_frame *f = (struct consume_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
        CIO_POINT(2)
        CIO_POINT(3)
    CIO_BODY
    for (;;) {
        cio_anext_init(&f->sub.next, &f->g.agen, &f->value);
        CIO_AWAIT(task, co, 1, &consume_desc, cio_anext_resume, &f->sub.next.co);
        if (f->sub.next.ret != 0) {
            log_add("end:%s", cio_err_name(f->sub.next.ret));
            f->ret = f->sub.next.ret == CIO_ESTOPITER ? 0 : f->sub.next.ret;
            break;
        }
        log_add("%d", f->value);
        if (++f->taken == f->stop_after) {
            cio_aclose_init(&f->sub.close, &f->g.agen);
            CIO_AWAIT(task, co, 2, &consume_desc, cio_aclose_resume,
                      &f->sub.close.co);
            log_add("closed:%d", f->sub.close.ret);
            f->ret = f->sub.close.ret;
            break;
        }
    }
    /* a second close does nothing */
    cio_aclose_init(&f->sub.close, &f->g.agen);
    CIO_AWAIT(task, co, 3, &consume_desc, cio_aclose_resume, &f->sub.close.co);
    if (f->sub.close.ret != 0)
        log_add("second-close:%d", f->sub.close.ret);
    CIO_RETURN(co, (void)0);
}

static cio_task_t *spawn_consumer(int n, int fail_at, int stop_after) {
    cio_task_t *t;
    struct consume_frame *f;
    ASSERT_EQ(cio_task_new(&loop, &consume_desc, &t), 0);
    f = (struct consume_frame *)cio_task_frame(t);
    cio_coro_init(&f->co);
    countdown_init(&f->g, n, fail_at);
    f->stop_after = stop_after;
    f->taken = 0;
    cio_task_start(t, 0);
    return t;
}

static int run_consumer(int n, int fail_at, int stop_after) {
    cio_task_t *t;
    int rc;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    t = spawn_consumer(n, fail_at, stop_after);
    rc = cio_loop_run_until_complete(&loop, cio_task_future(t));
    cio_task_release(t);
    ASSERT_EQ(cio_loop_close(&loop), 0);
    return rc;
}

TEST(anext_yields_every_value_then_estopiter) {
    ASSERT_EQ(run_consumer(3, 0, 0), 0);
    ASSERT_LOG("3 2 1 end:ESTOPITER");
}

TEST(aclose_runs_the_generators_clean_up_including_its_awaits) {
    ASSERT_EQ(run_consumer(5, 0, 2), 0);
    ASSERT_LOG("5 4 cleanup cleaned closed:0");
}

TEST(an_error_in_the_generator_reaches_the_consumer_after_its_clean_up) {
    ASSERT_EQ(run_consumer(5, 3, 0), CIO_EIO);
    ASSERT_LOG("5 4 cleanup cleaned end:EIO");
}

TEST(aclose_of_a_generator_that_never_started_does_nothing) {
    ASSERT_EQ(run_consumer(5, 0, -1), 0);
    ASSERT_LOG("5 4 3 2 1 end:ESTOPITER");
}

TEST(a_generator_ignoring_the_close_is_stopped) {
    cio_task_t *t;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    t = spawn_consumer(5, 0, 1);
    ((struct consume_frame *)cio_task_frame(t))->g.stubborn = 1;
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(t)), CIO_ESTATE);
    ASSERT_LOG("5 closed:-4094");
    cio_task_release(t);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

static void cancel_it(void *arg) { cio_task_cancel((cio_task_t *)arg); }

TEST(cancelling_the_consumer_while_the_generator_awaits_runs_its_clean_up) {
    cio_task_t *t;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    t = spawn_consumer(5, 0, 0);
    /* after two iterations 5 was taken and the generator sits in its
     * sleep(0); the cancel is queued behind its next step (which yields 4)
     * and reaches it in the sleep after that */
    ASSERT_EQ(cio_loop_run_once(&loop, 0), 0);
    ASSERT_EQ(cio_loop_run_once(&loop, 0), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, cancel_it, t), 0);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(t)), CIO_ECANCELED);
    ASSERT_LOG("5 4 cleanup cleaned end:ECANCELED");
    cio_task_release(t);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

/* ---- collect ------------------------------------------------------------ */

struct collect_frame {
    cio_coro_t co;
    int ret;
    struct countdown_frame g;
    int out[8];
    size_t max;
    struct cio_acollect_frame c;
};
static int collect_resume(cio_coro_t *co, cio_task_t *task);
static int collect_result(const cio_coro_t *co, cio_value_t *out) {
    int r = ((const struct collect_frame *)co)->ret;
    out->i = r;
    return r < 0 ? r : 0;
}
static const cio_coro_desc_t collect_desc = CIO_DESC_INIT(
    struct collect_frame, "collect", __FILE__, __LINE__, 1, NULL,
    collect_resume, collect_result);
static int odd_only(const void *item, void *arg) {
    (void)arg;
    return *(const int *)item % 2 != 0;
}
static int collect_resume(cio_coro_t *co, cio_task_t *task) {
    struct collect_frame *f = (struct collect_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    cio_acollect_init(&f->c, &f->g.agen, f->out, f->max, sizeof(int), odd_only,
                      NULL);
    CIO_AWAIT(task, co, 1, &collect_desc, cio_acollect_resume, &f->c.co);
    CIO_RETURN(co, f->ret = f->c.ret);
}

static int collect(int n, size_t max, int *out) {
    cio_task_t *t;
    struct collect_frame *f;
    int rc;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    ASSERT_EQ(cio_task_new(&loop, &collect_desc, &t), 0);
    f = (struct collect_frame *)cio_task_frame(t);
    cio_coro_init(&f->co);
    countdown_init(&f->g, n, 0);
    f->max = max;
    cio_task_start(t, 0);
    rc = cio_loop_run_until_complete(&loop, cio_task_future(t));
    if (rc == 0)
        rc = (int)cio_task_result(t);
    memcpy(out, f->out, sizeof f->out);
    cio_task_release(t);
    ASSERT_EQ(cio_loop_close(&loop), 0);
    return rc;
}

TEST(acollect_gathers_the_kept_items_into_an_array) {
    int out[8];
    ASSERT_EQ(collect(7, 8, out), 4);
    ASSERT_TRUE(out[0] == 7 && out[1] == 5 && out[2] == 3 && out[3] == 1);
    log_clear();
    ASSERT_EQ(collect(7, 2, out), CIO_ERANGE); /* 4 kept, room for 2 */
    ASSERT_TRUE(out[0] == 7 && out[1] == 5);
}

/* ---- the queue iterator ---------------------------------------------------- */

struct qconsume_frame {
    cio_coro_t co;
    int ret;
    struct cio_queue_iter_frame it;
    int value;
    struct cio_anext_frame next;
};
static int qconsume_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t qconsume_desc = CIO_DESC_INIT(
    struct qconsume_frame, "qconsume", __FILE__, __LINE__, 1, NULL,
    qconsume_resume, NULL);
static int qconsume_resume(cio_coro_t *co, cio_task_t *task) {
    struct qconsume_frame *f = (struct qconsume_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    for (;;) {
        cio_anext_init(&f->next, &f->it.agen, &f->value);
        CIO_AWAIT(task, co, 1, &qconsume_desc, cio_anext_resume, &f->next.co);
        if (f->next.ret != 0)
            break;
        log_add("%d", f->value);
    }
    log_add("end:%s", cio_err_name(f->next.ret));
    CIO_END(co)
}

static cio_queue_t q;
static void put_then_shutdown(void *arg) {
    int i;
    (void)arg;
    for (i = 1; i <= 3; i++)
        ASSERT_EQ(cio_queue_put_nowait(&q, &i), 0);
    cio_queue_shutdown(&q, 0);
}

TEST(queue_iterator_runs_until_the_queue_is_shut_down) {
    static int storage[4];
    cio_task_t *t;
    struct qconsume_frame *f;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    ASSERT_EQ(cio_queue_init(&q, storage, sizeof(int), 4), 0);
    ASSERT_EQ(cio_task_new(&loop, &qconsume_desc, &t), 0);
    f = (struct qconsume_frame *)cio_task_frame(t);
    cio_coro_init(&f->co);
    cio_queue_iter_init(&f->it, &q);
    cio_task_start(t, 0);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(2), put_then_shutdown, NULL), 0);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(t)), 0);
    ASSERT_LOG("1 2 3 end:ESTOPITER");
    cio_task_release(t);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}
