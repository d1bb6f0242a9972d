/* call_soon - callbacks run in FIFO order (seed 002, asyncio_call_soon.py).
 *
 *     def callback(arg, *, kwarg='default'): ...
 *     loop.call_soon(callback, 1)
 *     loop.call_soon(functools.partial(callback, kwarg='not default'), 2)
 *     await asyncio.sleep(0.1)
 *
 * C callbacks take one pointer: a small struct plays functools.partial. */
#include <stdio.h>

#include "cio.h"

struct args {
    int arg;
    const char *kwarg;
};

static void callback(void *p) {
    const struct args *a = (const struct args *)p;
    printf("callback invoked with %d and %s\n", a->arg, a->kwarg);
}

struct main_frame {
    cio_coro_t co;
    cio_loop_t *loop;
    struct args a1, a2;
    cio_handle_t h1, h2;
    struct cio_sleep_frame s1;
};
static int main_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t main_desc = CIO_DESC_INIT(
    struct main_frame, "main", __FILE__, __LINE__, 1, NULL, main_resume, NULL);

static int main_resume(cio_coro_t *co, cio_task_t *task) {
    struct main_frame *f = (struct main_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    puts("registering callbacks");
    f->a1.arg = 1;
    f->a1.kwarg = "default";
    f->a2.arg = 2;
    f->a2.kwarg = "not default";
    cio_handle_init(&f->h1);
    cio_handle_init(&f->h2);
    if (cio_loop_call_soon(f->loop, &f->h1, callback, &f->a1) != 0 ||
        cio_loop_call_soon(f->loop, &f->h2, callback, &f->a2) != 0)
        CIO_RETURN(co, (void)0);
    cio_sleep_init(&f->s1, CIO_MS(100));
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
