/* coroutine_chain - a coroutine awaits two others in turn (seed 002,
 * asyncio_coroutine_chain.py), by hand.
 *
 *     async def outer():
 *         print("in outer")
 *         print("waiting for result1")
 *         result1 = await phase1()
 *         print("waiting for result2")
 *         result2 = await phase2(result1)
 *         return result1, result2
 *
 * The children's frames are embedded in outer's frame; since the two
 * awaits are never live at once they share a union. Awaiting runs the child
 * inline: no loop iteration passes. */
#include <stdio.h>
#include <string.h>

#include "cio.h"

/* phase1 / phase2 never suspend: no resume points. */
struct phase1_frame {
    cio_coro_t co;
    const char *ret;
};
static int phase1_resume(cio_coro_t *co, cio_task_t *task) {
    struct phase1_frame *f = (struct phase1_frame *)co;
    (void)task;
    CIO_BEGIN(co)
    CIO_BODY
    puts(" - in phase1");
    CIO_RETURN(co, f->ret = "result1");
}

struct phase2_frame {
    cio_coro_t co;
    const char *ret;
    const char *arg;
    char buf[64];
};
static int phase2_resume(cio_coro_t *co, cio_task_t *task) {
    struct phase2_frame *f = (struct phase2_frame *)co;
    (void)task;
    CIO_BEGIN(co)
    CIO_BODY
    puts(" - in phase2");
    snprintf(f->buf, sizeof f->buf, "result2 derived from %s", f->arg);
    CIO_RETURN(co, f->ret = f->buf);
}

struct outer_frame {
    cio_coro_t co;
    const char *result1, *result2;
    char ret[128]; /* the tuple, printed Python-style */
    union {
        struct phase1_frame s1;
        struct phase2_frame s2;
    } sub;
};
static int outer_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t outer_desc =
    CIO_DESC_INIT(struct outer_frame, "outer", __FILE__, __LINE__, 2, NULL,
                  outer_resume, NULL);

static int outer_resume(cio_coro_t *co, cio_task_t *task) {
    struct outer_frame *f = (struct outer_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
        CIO_POINT(2)
    CIO_BODY
    puts("in outer");
    puts("waiting for result1");
    cio_coro_init(&f->sub.s1.co);
    CIO_AWAIT(task, co, 1, &outer_desc, phase1_resume, &f->sub.s1.co);
    f->result1 = f->sub.s1.ret;
    puts("waiting for result2");
    cio_coro_init(&f->sub.s2.co);
    f->sub.s2.arg = f->result1;
    CIO_AWAIT(task, co, 2, &outer_desc, phase2_resume, &f->sub.s2.co);
    /* result2 points into the child's frame: copy it out before the union
     * slot could be reused (here: no more awaits follow) */
    f->result2 = f->sub.s2.ret;
    snprintf(f->ret, sizeof f->ret, "('%s', '%s')", f->result1, f->result2);
    CIO_END(co)
}

int main(void) {
    cio_loop_t loop;
    cio_task_t *task;
    struct outer_frame *f;

    if (cio_loop_init(&loop) != 0)
        return 1;
    if (cio_task_new(&loop, &outer_desc, &task) != 0)
        return 1;
    f = (struct outer_frame *)cio_task_frame(task);
    cio_coro_init(&f->co);
    cio_task_start(task, 0);
    if (cio_loop_run_until_complete(&loop, cio_task_future(task)) == 0)
        printf("return value : %s\n", f->ret);
    cio_task_release(task);
    cio_loop_close(&loop);
    return 0;
}
