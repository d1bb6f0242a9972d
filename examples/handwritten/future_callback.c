/* future_callback - done callbacks run after set_result(), in registration
 * order (seed 002, asyncio_futre_callback.py), by hand.
 *
 *     async def register_callbacks(all_done):
 *         all_done.add_done_callback(functools.partial(callback, n=1))
 *         all_done.add_done_callback(functools.partial(callback, n=2))
 *     async def main(all_done):
 *         await register_callbacks(all_done)
 *         all_done.set_result("the result")                               */
#include <stdio.h>

#include "cio.h"

struct cb_arg {
    cio_future_t *future;
    int n;
};

static void callback(void *p) {
    const struct cb_arg *a = (const struct cb_arg *)p;
    printf("%d: future done : %s\n", a->n,
           (const char *)cio_future_result_ptr(a->future));
}

/* register_callbacks(all_done): never suspends */
struct register_frame {
    cio_coro_t co;
    cio_future_t *all_done;
    struct cb_arg *args; /* two of them, owned by main's frame */
    int ret;
};
static int register_resume(cio_coro_t *co, cio_task_t *task) {
    struct register_frame *f = (struct register_frame *)co;
    (void)task;
    CIO_BEGIN(co)
    CIO_BODY
    puts("registering callbacks on future");
    f->args[0].future = f->args[1].future = f->all_done;
    f->args[0].n = 1;
    f->args[1].n = 2;
    CIO_RETURN(co, f->ret = cio_future_add_done_callback(f->all_done, NULL,
                                                         callback, &f->args[0]) ||
                            cio_future_add_done_callback(f->all_done, NULL,
                                                         callback, &f->args[1]));
}

struct main_frame {
    cio_coro_t co;
    cio_future_t *all_done;
    struct cb_arg args[2];
    struct register_frame s1;
};
static int main_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t main_desc = CIO_DESC_INIT(
    struct main_frame, "main", __FILE__, __LINE__, 1, NULL, main_resume, NULL);

static int main_resume(cio_coro_t *co, cio_task_t *task) {
    struct main_frame *f = (struct main_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    cio_coro_init(&f->s1.co);
    f->s1.all_done = f->all_done;
    f->s1.args = f->args;
    CIO_AWAIT(task, co, 1, &main_desc, register_resume, &f->s1.co);
    puts("setting result of future");
    cio_future_set_result_ptr(f->all_done, "the result");
    CIO_END(co)
}

int main(void) {
    cio_loop_t loop;
    cio_future_t all_done;
    cio_task_t *task;
    struct main_frame *f;

    if (cio_loop_init(&loop) != 0)
        return 1;
    cio_future_init(&all_done, &loop);
    if (cio_task_new(&loop, &main_desc, &task) != 0)
        return 1;
    f = (struct main_frame *)cio_task_frame(task);
    cio_coro_init(&f->co);
    f->all_done = &all_done;
    cio_task_start(task, 0);
    cio_loop_run_until_complete(&loop, cio_task_future(task));
    cio_task_release(task);
    cio_loop_close(&loop);
    return 0;
}
