/* ensure_future - a task wrapping a coroutine starts only when its creator
 * yields (seed 002, asyncio_ensure_future.py), by hand.
 *
 *     async def inner(task):
 *         print("inner: starting")
 *         print(f"inner: waiting for {task!r}")
 *         result = await task
 *         print(f"inner: task returned {result!r}")
 *     async def starter():
 *         print("starter: creating task")
 *         task = asyncio.ensure_future(wrapped())
 *         print("starter: waiting for inner")
 *         await inner(task)
 *         print("starter: inner returned")                                */
#include <stdio.h>

#include "cio.h"
#include "../task_text.h" /* shared with the async C examples */

struct wrapped_frame {
    cio_coro_t co;
    const char *ret;
};
static int wrapped_resume(cio_coro_t *co, cio_task_t *task) {
    struct wrapped_frame *f = (struct wrapped_frame *)co;
    (void)task;
    CIO_BEGIN(co)
    CIO_BODY
    puts("wrapped");
    CIO_RETURN(co, f->ret = "result");
}
static int wrapped_result(const cio_coro_t *co, cio_value_t *out) {
    out->p = (void *)((const struct wrapped_frame *)co)->ret;
    return 1;
}
static const cio_coro_desc_t wrapped_desc =
    CIO_DESC_INIT(struct wrapped_frame, "wrapped", __FILE__, __LINE__, 0, NULL,
                  wrapped_resume, wrapped_result);

struct inner_frame {
    cio_coro_t co;
    cio_task_t *task;
    struct cio_task_wait_frame w;
};
static int inner_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t inner_desc = CIO_DESC_INIT(
    struct inner_frame, "inner", __FILE__, __LINE__, 1, NULL, inner_resume, NULL);
static int inner_resume(cio_coro_t *co, cio_task_t *task) {
    struct inner_frame *f = (struct inner_frame *)co;
    char text[64];
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    puts("inner: starting");
    printf("inner: waiting for %s\n", task_text(f->task, text, sizeof text));
    cio_task_wait_init(&f->w, f->task);
    CIO_AWAIT(task, co, 1, &inner_desc, cio_task_wait_resume, &f->w.co);
    printf("inner: task returned '%s'\n", (const char *)cio_task_result_ptr(f->task));
    CIO_END(co)
}

struct starter_frame {
    cio_coro_t co;
    cio_loop_t *loop;
    cio_task_t *task;
    struct inner_frame s1;
};
static int starter_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t starter_desc =
    CIO_DESC_INIT(struct starter_frame, "starter", __FILE__, __LINE__, 1, NULL,
                  starter_resume, NULL);
static int starter_resume(cio_coro_t *co, cio_task_t *task) {
    struct starter_frame *f = (struct starter_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    puts("starter: creating task");
    if (cio_task_new(f->loop, &wrapped_desc, &f->task) != 0)
        CIO_RETURN(co, (void)0);
    cio_coro_init((cio_coro_t *)cio_task_frame(f->task));
    cio_task_start(f->task, 0);
    puts("starter: waiting for inner");
    cio_coro_init(&f->s1.co);
    f->s1.task = f->task;
    CIO_AWAIT(task, co, 1, &starter_desc, inner_resume, &f->s1.co);
    puts("starter: inner returned");
    cio_task_release(f->task);
    CIO_END(co)
}

int main(void) {
    cio_loop_t loop;
    cio_task_t *task;
    struct starter_frame *f;

    if (cio_loop_init(&loop) != 0)
        return 1;
    puts("entering event loop");
    if (cio_task_new(&loop, &starter_desc, &task) != 0)
        return 1;
    f = (struct starter_frame *)cio_task_frame(task);
    cio_coro_init(&f->co);
    f->loop = &loop;
    cio_task_start(task, 0);
    cio_loop_run_until_complete(&loop, cio_task_future(task));
    cio_task_release(task);
    cio_loop_close(&loop);
    return 0;
}
