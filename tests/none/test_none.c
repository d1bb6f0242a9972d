/* tests/none/test_none.c - the bare-metal backend, run on the host with a
 * port whose clock is CLOCK_MONOTONIC and whose idle hook sleeps. Built
 * only when CIO_BACKEND=none. */
#define _POSIX_C_SOURCE 200809L

#include <time.h>

#include "cio.h"
#include "cio/port.h"
#include "../test.h"

static int idles, wakeups;

cio_time_t cio_port_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (cio_time_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void cio_port_idle(cio_time_t timeout) {
    struct timespec ts = {0, 200000}; /* 0.2 ms, like a tick interrupt */
    idles++;
    if (timeout >= 0 && timeout < 200000)
        ts.tv_nsec = (long)timeout;
    nanosleep(&ts, NULL);
}

void cio_port_wakeup(void) { wakeups++; }

static cio_loop_t loop;
static void note(void *arg) { log_add("%s", (const char *)arg); }
static void note_and_stop(void *arg) {
    note(arg);
    cio_loop_stop(&loop);
}

TEST(timers_and_idle_hook_on_bare_metal) {
    /* no allocator on bare metal: handles live in caller storage */
    cio_handle_t h, t1, t3;
    log_clear();
    ASSERT_STREQ(cio_backend_name(), "none");
    ASSERT_EQ(cio_loop_init(&loop), 0);
    cio_handle_init(&h);
    cio_handle_init(&t1);
    cio_handle_init(&t3);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(3), note, "x"), CIO_ENOMEM);
    ASSERT_EQ(cio_loop_call_later(&loop, &t3, CIO_MS(3), note_and_stop, "3ms"), 0);
    ASSERT_EQ(cio_loop_call_later(&loop, &t1, CIO_MS(1), note, "1ms"), 0);
    ASSERT_EQ(cio_loop_call_soon_threadsafe(&loop, &h, note, "isr"), 0);
    ASSERT_EQ(wakeups, 1);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_LOG("isr 1ms 3ms");
    ASSERT_TRUE(idles > 0);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(sleeping_tasks_in_static_storage_without_an_allocator) {
    static CIO_TASK_STORAGE(struct cio_sleep_frame) st;
    cio_task_t *t;
    cio_time_t t0;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    ASSERT_EQ(cio_task_init_in(&loop, &cio_sleep_desc, &st, &t), 0);
    cio_sleep_init(&st.frame, CIO_MS(2));
    cio_task_start(t, 0);
    t0 = cio_loop_time(&loop);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(t)), 0);
    ASSERT_TRUE(cio_loop_time(&loop) - t0 >= CIO_MS(2));
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, note, "x"), CIO_ENOMEM);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(file_descriptors_are_not_supported) {
    cio_io_t w;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    cio_io_init(&loop, &w, 0, NULL, NULL);
    ASSERT_EQ(cio_io_start(&w, CIO_IO_READABLE), CIO_EINVAL);
    ASSERT_EQ(cio_loop_close(&loop), 0);
    ASSERT_EQ(CIO_ECANCELED, -125); /* fixed values on bare metal */
}
