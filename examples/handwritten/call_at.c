/* call_at - callbacks at loop times; loop.time() is a monotonic clock
 * (seed 002, asyncio_call_at.py), by hand.
 *
 *     now = loop.time()
 *     loop.call_at(now + 0.2, callback, 1, loop)
 *     loop.call_at(now + 0.1, callback, 2, loop)
 *     loop.call_soon(callback, 3, loop)
 *     await asyncio.sleep(1)                                              */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <time.h>

#include "cio.h"

struct cb_arg {
    int n;
    cio_loop_t *loop;
};

static void print_seconds(const char *label, cio_time_t ns) {
    printf("%s%lld.%09lld\n", label, (long long)(ns / 1000000000),
           (long long)(ns % 1000000000));
}

static void callback(void *p) {
    const struct cb_arg *a = (const struct cb_arg *)p;
    char label[48];
    snprintf(label, sizeof label, "callback %d invoked at ", a->n);
    print_seconds(label, cio_loop_time(a->loop));
}

struct main_frame {
    cio_coro_t co;
    cio_loop_t *loop;
    struct cb_arg a1, a2, a3;
    struct cio_sleep_frame s1;
};
static int main_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t main_desc = CIO_DESC_INIT(
    struct main_frame, "main", __FILE__, __LINE__, 1, NULL, main_resume, NULL);

static int main_resume(cio_coro_t *co, cio_task_t *task) {
    struct main_frame *f = (struct main_frame *)co;
    cio_time_t now;
    struct timespec wall;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    now = cio_loop_time(f->loop);
    clock_gettime(CLOCK_REALTIME, &wall);
    print_seconds("clock time : ",
                  (cio_time_t)wall.tv_sec * 1000000000 + wall.tv_nsec);
    print_seconds("loop time  : ", now);
    puts("registering callbacks");
    f->a1.n = 1;
    f->a2.n = 2;
    f->a3.n = 3;
    f->a1.loop = f->a2.loop = f->a3.loop = f->loop;
    if (cio_loop_call_at(f->loop, NULL, now + CIO_MS(200), callback, &f->a1) ||
        cio_loop_call_at(f->loop, NULL, now + CIO_MS(100), callback, &f->a2) ||
        cio_loop_call_soon(f->loop, NULL, callback, &f->a3))
        CIO_RETURN(co, (void)0);
    cio_sleep_init(&f->s1, CIO_SEC(1));
    CIO_AWAIT(task, co, 1, &main_desc, cio_sleep_resume, &f->s1.co);
    CIO_END(co)
}

int main(void) {
    cio_loop_t loop;
    cio_task_t *task;
    struct main_frame *f;

    if (cio_loop_init(&loop) != 0)
        return 1;
    puts("entering event loop");
    if (cio_task_new(&loop, &main_desc, &task) != 0)
        return 1;
    f = (struct main_frame *)cio_task_frame(task);
    cio_coro_init(&f->co);
    f->loop = &loop;
    cio_task_start(task, 0);
    cio_loop_run_until_complete(&loop, cio_task_future(task));
    cio_task_release(task);
    puts("closing event loop");
    cio_loop_close(&loop);
    return 0;
}
