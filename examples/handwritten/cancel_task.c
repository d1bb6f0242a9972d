/* cancel_task - a task cancelled before it ran never runs; awaiting it
 * gives CIO_ECANCELED (seed 002, asyncio_cancel_task.py), by hand.
 *
 *     task = loop.create_task(task_func())
 *     task.cancel()
 *     try:
 *         await task
 *     except asyncio.CancelledError:
 *         print("caught error from canceled task")                        */
#include <stdio.h>

#include "cio.h"
#include "../task_text.h" /* shared with the async C examples */

struct task_func_frame {
    cio_coro_t co;
    const char *ret;
};
static int task_func_resume(cio_coro_t *co, cio_task_t *task) {
    struct task_func_frame *f = (struct task_func_frame *)co;
    (void)task;
    CIO_BEGIN(co)
    CIO_BODY
    puts("in task_func");
    CIO_RETURN(co, f->ret = "the result");
}
static int task_func_result(const cio_coro_t *co, cio_value_t *out) {
    out->p = (void *)((const struct task_func_frame *)co)->ret;
    return 1;
}
static const cio_coro_desc_t task_func_desc =
    CIO_DESC_INIT(struct task_func_frame, "task_func", __FILE__, __LINE__, 0,
                  NULL, task_func_resume, task_func_result);

struct main_frame {
    cio_coro_t co;
    cio_loop_t *loop;
    cio_task_t *task;
    struct cio_task_wait_frame w;
};
static int main_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t main_desc = CIO_DESC_INIT(
    struct main_frame, "main", __FILE__, __LINE__, 1, NULL, main_resume, NULL);

static int main_resume(cio_coro_t *co, cio_task_t *task) {
    struct main_frame *f = (struct main_frame *)co;
    char text[64];
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    puts("creating task");
    if (cio_task_new(f->loop, &task_func_desc, &f->task) != 0)
        CIO_RETURN(co, (void)0);
    cio_coro_init((cio_coro_t *)cio_task_frame(f->task));
    cio_task_start(f->task, 0);
    puts("canceling task");
    cio_task_cancel(f->task);
    printf("canceled task %s\n", task_text(f->task, text, sizeof text));
    cio_task_wait_init(&f->w, f->task);
    CIO_AWAIT(task, co, 1, &main_desc, cio_task_wait_resume, &f->w.co);
    if (f->w.ret == CIO_ECANCELED)
        puts("caught error from canceled task");
    else
        printf("task result : '%s'\n", (const char *)cio_task_result_ptr(f->task));
    cio_task_release(f->task);
    CIO_END(co)
}

int main(void) {
    cio_loop_t loop;
    cio_task_t *task;
    struct main_frame *f;

    if (cio_loop_init(&loop) != 0)
        return 1;
    if (cio_task_new(&loop, &main_desc, &task) != 0)
        return 1;
    f = (struct main_frame *)cio_task_frame(task);
    cio_coro_init(&f->co);
    f->loop = &loop;
    cio_task_start(task, 0);
    cio_loop_run_until_complete(&loop, cio_task_future(task));
    cio_task_release(task);
    cio_loop_close(&loop);
    return 0;
}
