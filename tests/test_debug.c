/* tests/test_debug.c - debug mode: slow callbacks and steps, errors nobody
 * retrieved, calls from a foreign thread, and the task dump. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <time.h>

#include "cio.h"
#include "test.h"

static cio_loop_t loop;

static void busy(void *arg) {
    struct timespec ts = {0, 30000000};
    (void)arg;
    nanosleep(&ts, NULL);
}

TEST(slow_callbacks_are_reported_only_in_debug_mode) {
    ASSERT_EQ(cio_loop_init(&loop), 0);
    reports_install(&loop);
    cio_loop_set_slow_callback_duration(&loop, CIO_MS(10));
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, busy, NULL), 0);
    cio_loop_stop(&loop);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_EQ(reports_count(), 0); /* debug mode is off */
    cio_loop_set_debug(&loop, 1);
    ASSERT_TRUE(cio_loop_get_debug(&loop));
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, busy, NULL), 0);
    cio_loop_stop(&loop);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_EQ(reports_count(), 1);
    ASSERT_TRUE(strstr(reports_text(), "a callback took 0.0") != NULL);
    ASSERT_TRUE(strstr(reports_text(), "(threshold 0.010 s)") != NULL);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

/* A coroutine whose step is slow, then suspends at a known line. */
struct slow_frame {
    cio_coro_t co;
    int ret;
    struct cio_sleep_frame s;
};
static int slow_resume(cio_coro_t *co, cio_task_t *task);
static const unsigned slow_lines[] = {42};
static int slow_result(const cio_coro_t *co, cio_value_t *out) {
    int r = ((const struct slow_frame *)co)->ret;
    out->i = r;
    return r < 0 ? r : 0;
}
static const cio_coro_desc_t slow_desc = CIO_DESC_INIT(
    struct slow_frame, "slow_step", "slow.ac", 40, 1, slow_lines, slow_resume, slow_result);
static int slow_resume(cio_coro_t *co, cio_task_t *task) {
    struct slow_frame *f = (struct slow_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    busy(NULL);
    cio_sleep_init(&f->s, CIO_MS(1));
    CIO_AWAIT(task, co, 1, &slow_desc, cio_sleep_resume, &f->s.co);
    CIO_RETURN(co, f->ret = CIO_EIO);
}

TEST(slow_task_steps_name_the_task_and_where_it_waits) {
    cio_task_t *t;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    reports_install(&loop);
    cio_loop_set_debug(&loop, 1);
    cio_loop_set_slow_callback_duration(&loop, CIO_MS(10));
    ASSERT_EQ(cio_task_new(&loop, &slow_desc, &t), 0);
    cio_coro_init((cio_coro_t *)cio_task_frame(t));
    cio_task_set_name(t, "sluggish");
    cio_task_start(t, 0);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(t)), CIO_EIO);
    ASSERT_EQ(reports_count(), 1);
    ASSERT_TRUE(strstr(reports_text(), "step of task sluggish took 0.0") != NULL);
    ASSERT_TRUE(strstr(reports_text(), "(slow_step() now waits at slow.ac:42)") != NULL);
    cio_task_release(t);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(an_error_nobody_retrieved_is_reported_when_the_task_is_destroyed) {
    cio_task_t *t;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    reports_install(&loop);
    cio_loop_set_debug(&loop, 1);
    /* detached: nobody can retrieve the error */
    ASSERT_EQ(cio_task_new(&loop, &slow_desc, &t), 0);
    cio_coro_init((cio_coro_t *)cio_task_frame(t));
    cio_task_start(t, 1);
    cio_loop_set_slow_callback_duration(&loop, CIO_SEC(10));
    ASSERT_EQ(cio_loop_run_once(&loop, 0), 0);
    ASSERT_EQ(cio_loop_run_once(&loop, -1), 0);
    ASSERT_EQ(cio_loop_run_once(&loop, -1), 0);
    ASSERT_EQ(cio_loop_task_count(&loop), 0);
    ASSERT_EQ(reports_count(), 1);
    ASSERT_STREQ(reports_text(),
                 "Task exception was never retrieved: task Task-1 (slow_step() "
                 "at slow.ac:40) failed with EIO (i/o error)");
    /* a retrieved error is not reported */
    ASSERT_EQ(cio_task_new(&loop, &slow_desc, &t), 0);
    cio_coro_init((cio_coro_t *)cio_task_frame(t));
    cio_task_start(t, 0);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(t)), CIO_EIO);
    cio_task_release(t);
    ASSERT_EQ(reports_count(), 1);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

static void noop(void *arg) { (void)arg; }
static int foreign_rc;
static void *call_from_thread(void *arg) {
    (void)arg;
    foreign_rc = cio_loop_call_soon(&loop, NULL, noop, NULL);
    return NULL;
}
static void spawn_foreign(void *arg) {
    pthread_t th;
    (void)arg;
    pthread_create(&th, NULL, call_from_thread, NULL);
    pthread_join(th, NULL);
    cio_loop_stop(&loop);
}

TEST(loop_calls_from_another_thread_are_refused_in_debug_mode) {
    ASSERT_EQ(cio_loop_init(&loop), 0);
    reports_install(&loop);
    cio_loop_set_debug(&loop, 1);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, spawn_foreign, NULL), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_EQ(foreign_rc, CIO_EWRONGTHREAD);
    ASSERT_STREQ(reports_text(),
                 "cio_loop_call_soon called from a thread that does not run "
                 "the loop; use cio_loop_call_soon_threadsafe()");
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(dump_tasks_lists_each_pending_task_and_where_it_waits) {
    cio_task_t *a, *b;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    reports_install(&loop);
    ASSERT_EQ(cio_task_new(&loop, &slow_desc, &a), 0);
    cio_coro_init((cio_coro_t *)cio_task_frame(a));
    cio_task_start(a, 0);
    cio_loop_set_slow_callback_duration(&loop, CIO_SEC(10));
    ASSERT_EQ(cio_loop_run_once(&loop, 0), 0);
    ASSERT_EQ(cio_task_new(&loop, &slow_desc, &b), 0);
    cio_coro_init((cio_coro_t *)cio_task_frame(b));
    cio_task_start(b, 0);
    cio_task_cancel(b);
    cio_loop_dump_tasks(&loop);
    ASSERT_STREQ(reports_text(),
                 "2 pending task(s)\n"
                 "  Task-1 pending: slow_step() waiting at slow.ac:42\n"
                 "  Task-2 cancelling: slow_step() (slow.ac:40) not started");
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(a)), CIO_EIO);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(b)), CIO_ECANCELED);
    cio_task_release(a);
    cio_task_release(b);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}
