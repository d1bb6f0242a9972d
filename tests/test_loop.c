/* tests/test_loop.c - loop iterations, callbacks, timers, handles. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <time.h>

#include "cio.h"
#include "test.h"

static cio_loop_t loop;

static void note(void *arg) { log_add("%s", (const char *)arg); }

static void note_and_stop(void *arg) {
    log_add("%s", (const char *)arg);
    cio_loop_stop(&loop);
}

TEST(call_soon_runs_callbacks_in_fifo_order) {
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, note, "a"), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, note, "b"), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, note_and_stop, "c"), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_LOG("a b c");
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

static int iteration;
static void schedule_next(void *arg) {
    log_add("%s@%d", (const char *)arg, iteration);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, note, "later"), 0);
}
static void count_iteration(void *arg) {
    (void)arg;
    iteration++;
}

TEST(callbacks_scheduled_while_running_wait_for_the_next_iteration) {
    /* Only what was ready when the iteration began runs in it. */
    log_clear();
    iteration = 0;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, schedule_next, "first"), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, note, "second"), 0);
    ASSERT_EQ(cio_loop_run_once(&loop, 0), 0);
    ASSERT_LOG("first@0 second");
    ASSERT_EQ(cio_loop_run_once(&loop, 0), 0);
    ASSERT_LOG("first@0 second later");
    (void)count_iteration;
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(timers_fire_in_deadline_order) {
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(30), note_and_stop, "30ms"), 0);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(10), note, "10ms"), 0);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(20), note, "20ms"), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, note, "soon"), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_LOG("soon 10ms 20ms 30ms");
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(equal_deadlines_fire_in_scheduling_order) {
    static const char *names[] = {"t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"};
    cio_time_t when;
    int i;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    when = cio_loop_time(&loop) + CIO_MS(5);
    for (i = 0; i < 8; i++)
        ASSERT_EQ(cio_loop_call_at(&loop, NULL, when, note, (void *)names[i]), 0);
    ASSERT_EQ(cio_loop_call_at(&loop, NULL, when, note_and_stop, "end"), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_LOG("t0 t1 t2 t3 t4 t5 t6 t7 end");
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(cancelled_handles_do_not_run) {
    cio_handle_t soon, later, never;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    cio_handle_init(&soon);
    cio_handle_init(&later);
    cio_handle_init(&never);
    ASSERT_EQ(cio_handle_cancel(&never), 0); /* never scheduled */
    ASSERT_EQ(cio_loop_call_soon(&loop, &soon, note, "soon"), 0);
    ASSERT_EQ(cio_loop_call_later(&loop, &later, CIO_MS(1), note, "later"), 0);
    ASSERT_TRUE(cio_handle_pending(&soon));
    ASSERT_EQ(cio_loop_call_soon(&loop, &soon, note, "again"), CIO_EBUSY);
    ASSERT_EQ(cio_handle_cancel(&soon), 1);
    ASSERT_EQ(cio_handle_cancel(&later), 1);
    ASSERT_EQ(cio_handle_cancel(&later), 0); /* twice is harmless */
    ASSERT_TRUE(!cio_handle_pending(&soon));
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(5), note_and_stop, "end"), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_LOG("end");
    /* a handle that ran can be reused, and cancelling it after is a no-op */
    ASSERT_EQ(cio_loop_call_soon(&loop, &soon, note_and_stop, "reused"), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_EQ(cio_handle_cancel(&soon), 0);
    ASSERT_LOG("end reused");
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

static cio_handle_t victims[3];
static void cancel_victim(void *arg) {
    log_add("cancel");
    cio_handle_cancel(&victims[(long)(intptr_t)arg]);
}

TEST(a_callback_can_cancel_another_ready_in_the_same_iteration) {
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, cancel_victim, (void *)(intptr_t)1), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, &victims[0], note, "v0"), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, &victims[1], note, "v1"), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, &victims[2], note_and_stop, "v2"), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_LOG("cancel v0 v2");
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

static long order[2000], norder;
static void record(void *arg) { order[norder++] = (long)(intptr_t)arg; }

TEST(many_timers_with_random_cancels_fire_sorted) {
    /* Exercise the pairing heap: 2000 timers on 50 distinct deadlines,
     * every third cancelled; the rest must fire in (deadline, scheduling)
     * order. */
    static cio_handle_t hs[2000];
    static cio_time_t when[2000];
    uint32_t x = 12345;
    cio_time_t base;
    long i;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    base = cio_loop_time(&loop);
    norder = 0;
    for (i = 0; i < 2000; i++) {
        x = x * 1103515245u + 12345u;
        when[i] = base + (cio_time_t)((x >> 16) % 50) * CIO_US(100);
        ASSERT_EQ(cio_loop_call_at(&loop, &hs[i], when[i], record, (void *)(intptr_t)i), 0);
    }
    for (i = 0; i < 2000; i += 3)
        ASSERT_EQ(cio_handle_cancel(&hs[i]), 1);
    ASSERT_EQ(cio_loop_call_at(&loop, NULL, base + CIO_MS(6), note_and_stop, ""), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_EQ(norder, 2000 - 667);
    for (i = 0; i < norder; i++)
        ASSERT_TRUE(order[i] % 3 != 0);
    for (i = 1; i < norder; i++) {
        long a = order[i - 1], b = order[i];
        ASSERT_TRUE(when[a] < when[b] || (when[a] == when[b] && a < b));
    }
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

static cio_time_t seen_time[2];
static void read_time(void *arg) {
    seen_time[(intptr_t)arg] = cio_loop_time(&loop);
}
static void read_and_burn(void *arg) {
    struct timespec ts = {0, 2000000};
    read_time(arg);
    nanosleep(&ts, NULL);
}

TEST(loop_time_is_monotonic_and_cached_per_iteration) {
    cio_time_t t0;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    t0 = cio_loop_time(&loop);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, read_and_burn, (void *)0), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, read_time, (void *)1), 0);
    ASSERT_EQ(cio_loop_run_once(&loop, 0), 0);
    /* both callbacks of one iteration see the same time, despite the 2 ms
     * that passed between them */
    ASSERT_EQ(seen_time[0], seen_time[1]);
    ASSERT_TRUE(seen_time[0] >= t0);
    ASSERT_TRUE(cio_loop_update_time(&loop) >= seen_time[0] + CIO_MS(2));
    /* the next iteration reads the clock again */
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, read_time, (void *)1), 0);
    ASSERT_EQ(cio_loop_run_once(&loop, 0), 0);
    ASSERT_TRUE(seen_time[1] >= seen_time[0] + CIO_MS(2));
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(stop_before_run_runs_one_iteration) {
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, note, "a"), 0);
    cio_loop_stop(&loop);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_LOG("a");
    ASSERT_TRUE(!cio_loop_is_running(&loop));
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

static void nested_run(void *arg) {
    (void)arg;
    log_add("%d", cio_loop_run_forever(&loop));
    log_add("%d", cio_loop_close(&loop));
    log_add("running=%d", cio_loop_is_running(&loop));
    cio_loop_stop(&loop);
}

TEST(closed_or_running_loops_refuse_with_error_codes) {
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, nested_run, NULL), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_LOG("-16 -16 running=1"); /* CIO_EBUSY twice */
    ASSERT_TRUE(!cio_loop_is_closed(&loop));
    ASSERT_EQ(cio_loop_close(&loop), 0);
    ASSERT_TRUE(cio_loop_is_closed(&loop));
    ASSERT_EQ(cio_loop_close(&loop), CIO_ECLOSED);
    ASSERT_EQ(cio_loop_run_forever(&loop), CIO_ECLOSED);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, note, "x"), CIO_ECLOSED);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, NULL, NULL), CIO_EINVAL);
}

TEST(close_frees_pending_callbacks_and_timers) {
    counting_alloc ca;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    counting_alloc_install(&ca, &loop);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, note, "never"), 0);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_SEC(10), note, "never"), 0);
    ASSERT_EQ(ca.allocs, 2);
    ASSERT_EQ(cio_loop_close(&loop), 0);
    ASSERT_EQ(ca.frees, 2);
    ASSERT_EQ(ca.live, 0);
}

TEST(allocation_failure_schedules_nothing) {
    counting_alloc ca;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    counting_alloc_install(&ca, &loop);
    ca.fail_after = 0;
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, note, "x"), CIO_ENOMEM);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, 0, note, "x"), CIO_ENOMEM);
    cio_loop_stop(&loop);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_LOG("");
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

/* ---- call_soon_threadsafe ----------------------------------------------- */

static cio_handle_t ts_handle;
static void *poke_from_thread(void *arg) {
    struct timespec ts = {0, 20000000};
    (void)arg;
    nanosleep(&ts, NULL);
    ASSERT_EQ(cio_loop_call_soon_threadsafe(&loop, &ts_handle, note_and_stop, "from-thread"), 0);
    return NULL;
}

TEST(call_soon_threadsafe_wakes_a_polling_loop) {
    pthread_t th;
    cio_handle_t guard;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    cio_handle_init(&guard);
    /* a far timer keeps the loop polling; only the wake-up can end it early */
    ASSERT_EQ(cio_loop_call_later(&loop, &guard, CIO_SEC(30), note, "timeout"), 0);
    ASSERT_EQ(pthread_create(&th, NULL, poke_from_thread, NULL), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    pthread_join(th, NULL);
    ASSERT_LOG("from-thread");
    cio_handle_cancel(&guard);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(error_names_and_messages) {
    ASSERT_STREQ(cio_err_name(CIO_ECANCELED), "ECANCELED");
    ASSERT_STREQ(cio_strerror(CIO_ECANCELED), "operation canceled");
    ASSERT_STREQ(cio_err_name(CIO_EOF), "EOF");
    ASSERT_STREQ(cio_err_name(CIO_ETIMEDOUT), "ETIMEDOUT");
    ASSERT_STREQ(cio_err_name(-99999), "EUNKNOWN");
    ASSERT_STREQ(cio_strerror(-99999), "unknown error");
    ASSERT_STREQ(cio_err_name(0), "OK");
    ASSERT_EQ(CIO_ECANCELED, -ECANCELED);
    ASSERT_STREQ(cio_backend_name(), CIO_TEST_BACKEND);
}
