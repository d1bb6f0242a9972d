/* tests/test_future.c - futures: states, results, done callbacks, and
 * awaiting them from hand-written coroutines. */
#include "cio.h"
#include "test.h"

static cio_loop_t loop;

TEST(future_moves_from_pending_to_done_once) {
    cio_future_t f;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    cio_future_init(&f, &loop);
    ASSERT_TRUE(!cio_future_done(&f));
    ASSERT_EQ(cio_future_result(&f), CIO_ESTATE);
    ASSERT_EQ(cio_future_error(&f), CIO_ESTATE);
    ASSERT_EQ(cio_future_set_result(&f, 42), 0);
    ASSERT_TRUE(cio_future_done(&f));
    ASSERT_TRUE(!cio_future_cancelled(&f));
    ASSERT_EQ(cio_future_result(&f), 42);
    ASSERT_EQ(cio_future_error(&f), 0);
    /* a done future refuses every further completion */
    ASSERT_EQ(cio_future_set_result(&f, 1), CIO_ESTATE);
    ASSERT_EQ(cio_future_set_error(&f, CIO_EIO), CIO_ESTATE);
    ASSERT_EQ(cio_future_cancel(&f), 0);
    ASSERT_EQ(cio_future_result(&f), 42);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(future_errors_and_cancellation) {
    cio_future_t a, b, c;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    cio_future_init(&a, &loop);
    cio_future_init(&b, &loop);
    cio_future_init(&c, &loop);
    ASSERT_EQ(cio_future_set_error(&a, 5), CIO_EINVAL);
    ASSERT_EQ(cio_future_set_error(&a, CIO_ECANCELED), CIO_EINVAL);
    ASSERT_EQ(cio_future_set_error(&a, CIO_EIO), 0);
    ASSERT_EQ(cio_future_error(&a), CIO_EIO);
    ASSERT_EQ(cio_future_result(&a), CIO_EIO);
    ASSERT_EQ(cio_future_cancel(&b), 1);
    ASSERT_TRUE(cio_future_cancelled(&b));
    ASSERT_EQ(cio_future_error(&b), CIO_ECANCELED);
    ASSERT_EQ(cio_future_set_result_ptr(&c, &loop), 0);
    ASSERT_PTR_EQ(cio_future_result_ptr(&c), &loop);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

static cio_future_t fut;
static void done_cb(void *arg) {
    log_add("%s:%ld", (const char *)arg, (long)cio_future_result(&fut));
}
static void stop_cb(void *arg) {
    (void)arg;
    cio_loop_stop(&loop);
}

TEST(done_callbacks_run_scheduled_in_registration_order) {
    cio_handle_t h1, h2;
    cio_handle_init(&h1);
    cio_handle_init(&h2);
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    cio_future_init(&fut, &loop);
    ASSERT_EQ(cio_future_add_done_callback(&fut, &h1, done_cb, "1"), 0);
    ASSERT_EQ(cio_future_add_done_callback(&fut, &h2, done_cb, "2"), 0);
    ASSERT_EQ(cio_future_add_done_callback(&fut, NULL, done_cb, "3"), 0);
    ASSERT_EQ(cio_future_add_done_callback(&fut, &h1, done_cb, "x"), CIO_EBUSY);
    ASSERT_EQ(cio_future_set_result(&fut, 7), 0);
    ASSERT_LOG(""); /* never synchronously */
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, stop_cb, NULL), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_LOG("1:7 2:7 3:7");
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(done_callback_added_to_a_done_future_is_scheduled_not_called) {
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    cio_future_init(&fut, &loop);
    cio_future_set_result(&fut, 3);
    ASSERT_EQ(cio_future_add_done_callback(&fut, NULL, done_cb, "late"), 0);
    ASSERT_LOG("");
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, stop_cb, NULL), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_LOG("late:3");
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(remove_done_callback_removes_every_matching_registration) {
    counting_alloc ca;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    counting_alloc_install(&ca, &loop);
    cio_future_init(&fut, &loop);
    ASSERT_EQ(cio_future_add_done_callback(&fut, NULL, done_cb, "a"), 0);
    ASSERT_EQ(cio_future_add_done_callback(&fut, NULL, done_cb, "b"), 0);
    ASSERT_EQ(cio_future_add_done_callback(&fut, NULL, done_cb, "a"), 0);
    ASSERT_EQ(cio_future_remove_done_callback(&fut, done_cb, "a"), 2);
    ASSERT_EQ(cio_future_remove_done_callback(&fut, done_cb, "a"), 0);
    cio_future_set_result(&fut, 1);
    /* once scheduled, removal no longer applies (asyncio clears its list) */
    ASSERT_EQ(cio_future_remove_done_callback(&fut, done_cb, "b"), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, stop_cb, NULL), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_LOG("b:1");
    ASSERT_EQ(cio_loop_close(&loop), 0);
    ASSERT_EQ(ca.live, 0);
}

/* ---- Awaiting a future from a hand-written coroutine ------------------- */

struct waiter_frame {
    cio_coro_t co;
    int ret;
    const char *name;
    cio_future_t *fut;
};
static int waiter_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t waiter_desc = CIO_DESC_INIT(
    struct waiter_frame, "waiter", __FILE__, __LINE__, 1, NULL, waiter_resume, NULL);

static int waiter_resume(cio_coro_t *co, cio_task_t *task) {
    struct waiter_frame *f = (struct waiter_frame *)co;
    int rc;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    log_add("%s:wait", f->name);
    CIO_AWAIT_FUTURE(task, co, 1, &waiter_desc, f->fut, rc);
    log_add("%s:got:%d", f->name, rc);
    CIO_RETURN(co, f->ret = rc);
}

static cio_task_t *spawn_waiter(const char *name, cio_future_t *f) {
    cio_task_t *t;
    struct waiter_frame *fr;
    ASSERT_EQ(cio_task_new(&loop, &waiter_desc, &t), 0);
    fr = (struct waiter_frame *)cio_task_frame(t);
    cio_coro_init(&fr->co);
    fr->name = name;
    fr->fut = f;
    cio_task_start(t, 0);
    return t;
}

static void set_fut(void *arg) {
    log_add("set");
    cio_future_set_result(&fut, (intptr_t)arg);
}

TEST(awaiting_tasks_and_callbacks_wake_in_registration_order) {
    cio_task_t *a, *b;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    cio_future_init(&fut, &loop);
    a = spawn_waiter("a", &fut);
    ASSERT_EQ(cio_future_add_done_callback(&fut, NULL, done_cb, "cb"), 0);
    b = spawn_waiter("b", &fut);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(1), set_fut, (void *)(intptr_t)9), 0);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(b)), 0);
    /* the callback was registered before either task ran, so it is first */
    ASSERT_LOG("a:wait b:wait set cb:9 a:got:9 b:got:9");
    ASSERT_TRUE(cio_task_done(a));
    cio_task_release(a);
    cio_task_release(b);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(awaiting_a_done_future_does_not_suspend) {
    cio_task_t *a;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    cio_future_init(&fut, &loop);
    cio_future_set_result(&fut, 4);
    a = spawn_waiter("a", &fut);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(a)), 0);
    ASSERT_LOG("a:wait a:got:4");
    cio_task_release(a);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(cancelling_a_task_that_awaits_a_future_cancels_the_future) {
    cio_task_t *a, *b;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    cio_future_init(&fut, &loop);
    a = spawn_waiter("a", &fut);
    b = spawn_waiter("b", &fut);
    ASSERT_EQ(cio_loop_run_once(&loop, 0), 0);
    ASSERT_EQ(cio_task_cancel(a), 1);
    ASSERT_TRUE(cio_future_cancelled(&fut)); /* asyncio: fut_waiter.cancel() */
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(b)), 0);
    ASSERT_LOG("a:wait b:wait a:got:-125 b:got:-125");
    /* both coroutines returned normally (they caught the code) */
    ASSERT_TRUE(!cio_task_cancelled(a));
    ASSERT_EQ(cio_task_result(a), 0);
    cio_task_release(a);
    cio_task_release(b);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(run_until_complete_on_a_plain_future) {
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    cio_future_init(&fut, &loop);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, set_fut, (void *)(intptr_t)12), 0);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, &fut), 0);
    ASSERT_EQ(cio_future_result(&fut), 12);
    ASSERT_EQ(cio_loop_close(&loop), 0);
    /* the result is still readable after the loop closed */
    ASSERT_EQ(cio_future_result(&fut), 12);
}

TEST(run_until_complete_reports_a_loop_stopped_early) {
    ASSERT_EQ(cio_loop_init(&loop), 0);
    cio_future_init(&fut, &loop);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, stop_cb, NULL), 0);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, &fut), CIO_ESTATE);
    /* the stop callback registered on fut was removed */
    ASSERT_TRUE(cio_list_empty(&fut.waiters));
    ASSERT_EQ(cio_loop_close(&loop), 0);
}
