/* tests/actor.h - a scripted coroutine for runtime tests.
 *
 * An actor runs a list of operations; every await's result goes to `rc`
 * and, when it is not 0, into the test log as "<name>:<op>=<rc>". Tests
 * describe scenarios as scripts and compare the interleaved log:
 *
 *     static const struct op a[] = {
 *         {OP_LOCK, &lock}, {OP_LOG, 0, 0, 0, "a-has-it"},
 *         {OP_SLEEP, 0, CIO_MS(2)}, {OP_UNLOCK, &lock}, {OP_END}};
 *     cio_task_t *t = actor_spawn(&loop, "a", a);
 *
 * Its resume function awaits inside the cases of a `switch` - the ABI's
 * answer to protothreads' limitation, exercised here by hand.
 */
#ifndef CIO_TEST_ACTOR_H
#define CIO_TEST_ACTOR_H

#include "cio.h"

enum op_code {
    OP_END = 0,
    OP_LOG,          /* s */
    OP_SLEEP,        /* a = ns */
    OP_YIELD,        /* sleep(0) */
    OP_RETURN,       /* return a */
    OP_RETURN_RC,    /* return rc */
    OP_IF_ERR_RETURN,/* if rc < 0 return rc */
    OP_SET_RC,       /* rc = a */
    OP_CANCEL,       /* cio_task_cancel(*(cio_task_t **)obj) */
    OP_LOCK, OP_UNLOCK, OP_TRY_LOCK,
    OP_EV_WAIT, OP_EV_SET, OP_EV_CLEAR,
    OP_SEM_ACQ, OP_SEM_REL,
    OP_COND_ACQ, OP_COND_REL, OP_COND_WAIT, OP_COND_WAIT_FOR, /* b = pred arg */
    OP_COND_NOTIFY,  /* a = n */
    OP_COND_NOTIFY_ALL,
    OP_Q_PUT,        /* a = value */
    OP_Q_PUT_NOWAIT, /* a = value */
    OP_Q_GET,        /* logs "<name>:got=<value>" */
    OP_Q_GET_NOWAIT,
    OP_Q_DONE, OP_Q_JOIN,
    OP_Q_SHUTDOWN,   /* a = immediate */
    OP_GATHER,       /* obj = items, a = n, b = flags */
    OP_WAIT,         /* obj = items, a = n, b = when; timeout in s? no: see OP_WAIT_T */
    OP_WAIT_FOR,     /* obj = cio_task_t **, a = timeout */
    OP_SHIELD,       /* obj = cio_task_t ** */
    OP_TASK_WAIT,    /* obj = cio_task_t ** */
    OP_TO_ENTER,     /* obj = cio_timeout_t *, a = delay */
    OP_TO_EXIT,      /* rc = cio_timeout_exit(obj, rc) */
    OP_TG_ENTER,     /* obj = cio_task_group_t *, a = int errors[] */
    OP_TG_ADD,       /* obj = tg, a = cio_task_t ** */
    OP_TG_EXIT,      /* await exit(obj, rc) */
    OP_AC_NEXT,      /* obj = cio_as_completed_t *; logs "<name>:next=<task name>" */
    OP_SCHED_CLOSE,  /* obj = scheduler, a = timeout */
    OP_LOG_RC        /* log "<name>:rc=<rc>" */
};

struct op {
    int code;
    void *obj;
    intptr_t a;
    intptr_t b;
    const char *s;
};

/* The timeout for OP_WAIT travels in the actor (set it before spawning). */
extern cio_time_t actor_wait_timeout;

/* Spawn an actor (allocated; the caller holds a reference). */
cio_task_t *actor_spawn(cio_loop_t *loop, const char *name,
                        const struct op *ops);
/* Create without starting (for the scheduler). */
cio_task_t *actor_new(cio_loop_t *loop, const char *name, const struct op *ops);
extern const cio_coro_desc_t actor_desc;

/* ---- A scene: one loop and the actors of one test ---------------------
 *
 *     scene_setup();                       // clears the log, inits the loop
 *     scene_spawn("a", script_a);          // tracked: released by finish
 *     scene_run_all();                     // until every actor is done
 *     ASSERT_LOG("...");                   // actors are still readable
 *     scene_finish();                      // release them, close the loop
 */
extern cio_loop_t scene_loop;
void scene_setup(void);
cio_task_t *scene_spawn(const char *name, const struct op *ops);
/* Track a task made elsewhere (released by scene_finish). */
cio_task_t *scene_track(cio_task_t *t);
void scene_run_all(void);
void scene_finish(void);

#endif /* CIO_TEST_ACTOR_H */
