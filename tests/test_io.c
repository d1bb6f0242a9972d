/* tests/test_io.c - file descriptor watchers on a real pipe. */
#define _POSIX_C_SOURCE 200809L

#include <unistd.h>

#include "cio.h"
#include "test.h"

static cio_loop_t loop;
static int fds[2];

static void on_readable(cio_io_t *w, unsigned events) {
    char buf[16];
    ssize_t n = read(w->fd, buf, sizeof buf - 1);
    ASSERT_TRUE(events & CIO_IO_READABLE);
    buf[n > 0 ? n : 0] = 0;
    log_add("read:%s", buf);
    if (n > 0 && buf[0] == 'q') {
        cio_io_stop(w);
        cio_loop_stop(&loop);
    }
}

static void write_later(void *arg) {
    const char *s = (const char *)arg;
    ASSERT_EQ(write(fds[1], s, strlen(s)), (long)strlen(s));
}

TEST(a_readable_pipe_runs_the_watcher_callback) {
    cio_io_t w;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    ASSERT_EQ(pipe(fds), 0);
    cio_io_init(&loop, &w, fds[0], on_readable, NULL);
    ASSERT_EQ(cio_io_start(&w, CIO_IO_READABLE), 0);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(5), write_later, "ab"), 0);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(10), write_later, "q"), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_LOG("read:ab read:q");
    close(fds[0]);
    close(fds[1]);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

static int writable_calls;
static void on_writable(cio_io_t *w, unsigned events) {
    ASSERT_TRUE(events & CIO_IO_WRITABLE);
    /* level-triggered: called every iteration until stopped */
    if (++writable_calls == 3) {
        cio_io_stop(w);
        cio_loop_stop(&loop);
    }
}

TEST(watchers_are_level_triggered_until_stopped) {
    cio_io_t w;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    ASSERT_EQ(pipe(fds), 0);
    cio_io_init(&loop, &w, fds[1], on_writable, NULL);
    ASSERT_EQ(cio_io_start(&w, CIO_IO_WRITABLE), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_EQ(writable_calls, 3);
    ASSERT_EQ(cio_io_start(&w, 0), CIO_EINVAL);
    close(fds[0]);
    close(fds[1]);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

static void never(cio_io_t *w, unsigned events) {
    (void)w;
    (void)events;
    log_add("never");
}
static void stop_cb(void *arg) {
    (void)arg;
    cio_loop_stop(&loop);
}

TEST(a_stopped_watcher_with_pending_readiness_does_not_run) {
    cio_io_t a, b;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    ASSERT_EQ(pipe(fds), 0);
    ASSERT_EQ(write(fds[1], "x", 1), 1);
    cio_io_init(&loop, &a, fds[0], never, NULL);
    cio_io_init(&loop, &b, fds[1], never, NULL);
    ASSERT_EQ(cio_io_start(&a, CIO_IO_READABLE), 0);
    ASSERT_EQ(cio_io_start(&b, CIO_IO_WRITABLE), 0);
    ASSERT_EQ(cio_io_stop(&b), 0);
    ASSERT_EQ(cio_io_start(&b, CIO_IO_WRITABLE), 0); /* restart works */
    cio_io_stop(&b);
    cio_io_stop(&a);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(5), stop_cb, NULL), 0);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_LOG("");
    close(fds[0]);
    close(fds[1]);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}
