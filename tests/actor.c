/* tests/actor.c - the scripted test coroutine (see actor.h). */
#include "actor.h"
#include "test.h"

cio_time_t actor_wait_timeout = -1;

struct actor_frame {
    cio_coro_t co;
    int ret;
    const char *name;
    const struct op *ops;
    const struct op *op;
    int rc;
    int awaited; /* the op was an await: log a nonzero result */
    int item;
    cio_task_t *got;
    cio_time_t wait_timeout;
    union {
        struct cio_sleep_frame sleep;
        struct cio_lock_acquire_frame lock;
        struct cio_event_wait_frame ev;
        struct cio_semaphore_acquire_frame sem;
        struct cio_condition_acquire_frame cacq;
        struct cio_condition_wait_frame cwait;
        struct cio_queue_put_frame put;
        struct cio_queue_get_frame get;
        struct cio_queue_join_frame join;
        struct cio_gather_frame gather;
        struct cio_wait_frame wait;
        struct cio_wait_for_frame wait_for;
        struct cio_shield_frame shield;
        struct cio_task_wait_frame task_wait;
        struct cio_task_group_exit_frame tg_exit;
        struct cio_as_completed_next_frame ac_next;
        struct cio_scheduler_close_frame sched_close;
    } sub;
};

static int actor_resume(cio_coro_t *co, cio_task_t *task);

static int actor_result(const cio_coro_t *co, cio_value_t *out) {
    int r = ((const struct actor_frame *)co)->ret;
    out->i = r;
    return r < 0 ? r : 0;
}

const cio_coro_desc_t actor_desc = CIO_DESC_INIT(
    struct actor_frame, "actor", __FILE__, __LINE__, 18, NULL, actor_resume,
    actor_result);

static const char *const op_names[] = {
    "end", "log", "sleep", "yield", "return", "return_rc", "if_err_return",
    "set_rc", "cancel", "lock", "unlock", "try_lock", "ev_wait", "ev_set",
    "ev_clear", "sem_acq", "sem_rel", "cond_acq", "cond_rel", "cond_wait",
    "cond_wait_for", "cond_notify", "cond_notify_all", "q_put", "q_put_nowait",
    "q_get", "q_get_nowait", "q_done", "q_join", "q_shutdown", "gather", "wait",
    "wait_for", "shield", "task_wait", "to_enter", "to_exit", "tg_enter",
    "tg_add", "tg_exit", "ac_next", "sched_close", "log_rc"};

static int pred_true_when_set(void *arg) { return *(int *)arg != 0; }

/* Await a leaf: run `init`, then CIO_AWAIT its resume function at point n;
 * its result lands in rc. */
#define AWAIT_LEAF(n, field, resume)                                          \
    do {                                                                      \
        CIO_AWAIT(task, co, n, &actor_desc, resume, &f->sub.field.co);        \
        f->rc = f->sub.field.ret;                                             \
    } while (0)

static int actor_resume(cio_coro_t *co, cio_task_t *task) {
    struct actor_frame *f = (struct actor_frame *)co;
    char tname[32];
    CIO_BEGIN(co)
        CIO_POINT(1)
        CIO_POINT(2)
        CIO_POINT(3)
        CIO_POINT(4)
        CIO_POINT(5)
        CIO_POINT(6)
        CIO_POINT(7)
        CIO_POINT(8)
        CIO_POINT(9)
        CIO_POINT(10)
        CIO_POINT(11)
        CIO_POINT(12)
        CIO_POINT(13)
        CIO_POINT(14)
        CIO_POINT(15)
        CIO_POINT(16)
        CIO_POINT(17)
        CIO_POINT(18)
    CIO_BODY
    for (f->op = f->ops; f->op->code != OP_END; f->op++) {
        /* `op` is recomputed on every resume; anything else that must
         * survive an await lives in the frame (like `awaited`) */
        const struct op *op = f->op;
        f->awaited = 1;
        switch (op->code) {
        case OP_LOG:
            log_add("%s", op->s);
            f->awaited = 0;
            break;
        case OP_SLEEP:
        case OP_YIELD:
            cio_sleep_init(&f->sub.sleep, op->code == OP_YIELD ? 0 : (cio_time_t)op->a);
            AWAIT_LEAF(1, sleep, cio_sleep_resume);
            break;
        case OP_RETURN:
            CIO_RETURN(co, f->ret = (int)op->a);
        case OP_RETURN_RC:
            CIO_RETURN(co, f->ret = f->rc);
        case OP_IF_ERR_RETURN:
            if (f->rc < 0)
                CIO_RETURN(co, f->ret = f->rc);
            f->awaited = 0;
            break;
        case OP_SET_RC:
            f->rc = (int)op->a;
            f->awaited = 0;
            break;
        case OP_CANCEL:
            cio_task_cancel(*(cio_task_t **)op->obj);
            f->awaited = 0;
            break;
        case OP_LOCK:
            cio_lock_acquire_init(&f->sub.lock, (cio_lock_t *)op->obj);
            AWAIT_LEAF(2, lock, cio_lock_acquire_resume);
            break;
        case OP_UNLOCK:
            f->rc = cio_lock_release((cio_lock_t *)op->obj);
            break;
        case OP_TRY_LOCK:
            f->rc = cio_lock_try_acquire((cio_lock_t *)op->obj);
            break;
        case OP_EV_WAIT:
            cio_event_wait_init(&f->sub.ev, (cio_event_t *)op->obj);
            AWAIT_LEAF(3, ev, cio_event_wait_resume);
            break;
        case OP_EV_SET:
            cio_event_set((cio_event_t *)op->obj);
            f->awaited = 0;
            break;
        case OP_EV_CLEAR:
            cio_event_clear((cio_event_t *)op->obj);
            f->awaited = 0;
            break;
        case OP_SEM_ACQ:
            cio_semaphore_acquire_init(&f->sub.sem, (cio_semaphore_t *)op->obj);
            AWAIT_LEAF(4, sem, cio_semaphore_acquire_resume);
            break;
        case OP_SEM_REL:
            f->rc = cio_semaphore_release((cio_semaphore_t *)op->obj);
            break;
        case OP_COND_ACQ:
            cio_condition_acquire_init(&f->sub.cacq, (cio_condition_t *)op->obj);
            AWAIT_LEAF(5, cacq, cio_condition_acquire_resume);
            break;
        case OP_COND_REL:
            f->rc = cio_condition_release((cio_condition_t *)op->obj);
            break;
        case OP_COND_WAIT:
            cio_condition_wait_init(&f->sub.cwait, (cio_condition_t *)op->obj);
            AWAIT_LEAF(6, cwait, cio_condition_wait_resume);
            break;
        case OP_COND_WAIT_FOR:
            cio_condition_wait_for_init(&f->sub.cwait, (cio_condition_t *)op->obj,
                                        pred_true_when_set, (void *)op->b);
            AWAIT_LEAF(7, cwait, cio_condition_wait_resume);
            break;
        case OP_COND_NOTIFY:
            f->rc = cio_condition_notify((cio_condition_t *)op->obj, (int)op->a);
            break;
        case OP_COND_NOTIFY_ALL:
            f->rc = cio_condition_notify_all((cio_condition_t *)op->obj);
            break;
        case OP_Q_PUT:
            f->item = (int)op->a;
            cio_queue_put_init(&f->sub.put, (cio_queue_t *)op->obj, &f->item);
            AWAIT_LEAF(8, put, cio_queue_put_resume);
            break;
        case OP_Q_PUT_NOWAIT:
            f->item = (int)op->a;
            f->rc = cio_queue_put_nowait((cio_queue_t *)op->obj, &f->item);
            break;
        case OP_Q_GET:
            cio_queue_get_init(&f->sub.get, (cio_queue_t *)op->obj, &f->item);
            AWAIT_LEAF(9, get, cio_queue_get_resume);
            if (f->rc == 0)
                log_add("%s:got=%d", f->name, f->item);
            break;
        case OP_Q_GET_NOWAIT:
            f->rc = cio_queue_get_nowait((cio_queue_t *)op->obj, &f->item);
            if (f->rc == 0)
                log_add("%s:got=%d", f->name, f->item);
            break;
        case OP_Q_DONE:
            f->rc = cio_queue_task_done((cio_queue_t *)op->obj);
            break;
        case OP_Q_JOIN:
            cio_queue_join_init(&f->sub.join, (cio_queue_t *)op->obj);
            AWAIT_LEAF(10, join, cio_queue_join_resume);
            break;
        case OP_Q_SHUTDOWN:
            cio_queue_shutdown((cio_queue_t *)op->obj, (int)op->a);
            f->awaited = 0;
            break;
        case OP_GATHER:
            cio_gather_init(&f->sub.gather, (cio_gather_item_t *)op->obj,
                            (size_t)op->a, (int)op->b);
            AWAIT_LEAF(11, gather, cio_gather_resume);
            break;
        case OP_WAIT:
            cio_wait_init(&f->sub.wait, (cio_wait_item_t *)op->obj, (size_t)op->a,
                          (int)op->b, f->wait_timeout);
            AWAIT_LEAF(12, wait, cio_wait_resume);
            break;
        case OP_WAIT_FOR:
            cio_wait_for_init(&f->sub.wait_for, *(cio_task_t **)op->obj,
                              (cio_time_t)op->a);
            AWAIT_LEAF(13, wait_for, cio_wait_for_resume);
            break;
        case OP_SHIELD:
            cio_shield_init(&f->sub.shield, *(cio_task_t **)op->obj);
            AWAIT_LEAF(14, shield, cio_shield_resume);
            break;
        case OP_TASK_WAIT:
            cio_task_wait_init(&f->sub.task_wait, *(cio_task_t **)op->obj);
            AWAIT_LEAF(15, task_wait, cio_task_wait_resume);
            break;
        case OP_TO_ENTER:
            f->rc = cio_timeout_enter((cio_timeout_t *)op->obj, (cio_time_t)op->a);
            break;
        case OP_TO_EXIT:
            f->rc = cio_timeout_exit((cio_timeout_t *)op->obj, f->rc);
            break;
        case OP_TG_ENTER:
            f->rc = cio_task_group_enter((cio_task_group_t *)op->obj,
                                         (int *)op->a, op->a ? 8 : 0);
            break;
        case OP_TG_ADD:
            f->rc = cio_task_group_add((cio_task_group_t *)op->obj,
                                       *(cio_task_t **)op->a, NULL);
            break;
        case OP_TG_EXIT:
            cio_task_group_exit_init(&f->sub.tg_exit, (cio_task_group_t *)op->obj,
                                     f->rc);
            AWAIT_LEAF(16, tg_exit, cio_task_group_exit_resume);
            break;
        case OP_AC_NEXT:
            cio_as_completed_next_init(&f->sub.ac_next,
                                       (cio_as_completed_t *)op->obj, &f->got);
            CIO_AWAIT(task, co, 17, &actor_desc, cio_as_completed_next_resume,
                      &f->sub.ac_next.co);
            f->rc = f->sub.ac_next.ret;
            if (f->rc == 0)
                log_add("%s:next=%s", f->name,
                        cio_task_get_name(f->got, tname, sizeof tname));
            break;
        case OP_SCHED_CLOSE:
            cio_scheduler_close_init(&f->sub.sched_close,
                                     (cio_scheduler_t *)op->obj, (cio_time_t)op->a);
            CIO_AWAIT(task, co, 18, &actor_desc, cio_scheduler_close_resume,
                      &f->sub.sched_close.co);
            f->rc = f->sub.sched_close.ret;
            break;
        case OP_LOG_RC:
            log_add("%s:rc=%d", f->name, f->rc);
            f->awaited = 0;
            break;
        default:
            CIO_RETURN(co, f->ret = CIO_EINVAL);
        }
        if (f->awaited && f->rc < 0)
            log_add("%s:%s=%s", f->name, op_names[f->op->code],
                    cio_err_name(f->rc));
        else if (f->awaited && f->rc > 0)
            log_add("%s:%s=%d", f->name, op_names[f->op->code], f->rc);
    }
    CIO_RETURN(co, f->ret = 0);
}

cio_task_t *actor_new(cio_loop_t *loop, const char *name, const struct op *ops) {
    cio_task_t *t;
    struct actor_frame *f;
    ASSERT_EQ(cio_task_new(loop, &actor_desc, &t), 0);
    f = (struct actor_frame *)cio_task_frame(t);
    cio_coro_init(&f->co);
    f->name = name;
    f->ops = ops;
    f->rc = 0;
    f->wait_timeout = actor_wait_timeout;
    cio_task_set_name(t, name);
    return t;
}

cio_task_t *actor_spawn(cio_loop_t *loop, const char *name,
                        const struct op *ops) {
    cio_task_t *t = actor_new(loop, name, ops);
    cio_task_start(t, 0);
    return t;
}

/* ---- scenes ------------------------------------------------------------------ */

cio_loop_t scene_loop;
static cio_task_t *scene_tasks[32];
static int scene_ntasks;

void scene_setup(void) {
    log_clear();
    scene_ntasks = 0;
    actor_wait_timeout = -1;
    ASSERT_EQ(cio_loop_init(&scene_loop), 0);
}

cio_task_t *scene_track(cio_task_t *t) {
    ASSERT_TRUE(scene_ntasks < (int)(sizeof scene_tasks / sizeof scene_tasks[0]));
    scene_tasks[scene_ntasks++] = t;
    return t;
}

cio_task_t *scene_spawn(const char *name, const struct op *ops) {
    return scene_track(actor_spawn(&scene_loop, name, ops));
}

void scene_run_all(void) {
    int i;
    for (i = 0; i < scene_ntasks; i++)
        cio_loop_run_until_complete(&scene_loop, cio_task_future(scene_tasks[i]));
    for (i = 0; i < scene_ntasks; i++)
        ASSERT_TRUE(cio_task_done(scene_tasks[i]));
}

void scene_finish(void) {
    int i;
    for (i = 0; i < scene_ntasks; i++)
        cio_task_release(scene_tasks[i]);
    scene_ntasks = 0;
    ASSERT_EQ(cio_loop_close(&scene_loop), 0);
}
