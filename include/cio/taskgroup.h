/* cio/taskgroup.h - structured concurrency: task groups (asyncio.TaskGroup,
 * Trio's nursery) and a job scheduler (aiojobs).
 *
 * Task group: the task that enters a group (its *parent*, the current task)
 * adds children to it; leaving the group waits for every child, including
 * children added while waiting. The first child that fails cancels its
 * siblings and the parent (the body: the await it is in returns
 * CIO_ECANCELED), and leaving the group then returns that error; every
 * error is recorded in failure order. A cancellation of the parent from
 * outside propagates in (children are cancelled) and out (leaving returns
 * CIO_ECANCELED). Children that are cancelled are not errors.
 *
 *     int errors[4];
 *     cio_task_group_t tg;
 *     cio_task_group_enter(&tg, errors, 4);
 *     rc = fetch_spawn(loop, &t, url1);
 *     if (rc == 0) { rc = cio_task_group_add(&tg, t, NULL); cio_task_release(t); }
 *     ...
 *     rc = await other_work();            // the body; may be CIO_ECANCELED
 *     rc = await cio_task_group_exit(&tg, rc);
 *     // rc: 0, the first error (cio_task_group_errors for all), or
 *     // CIO_ECANCELED
 *
 * Pass the body's last result code to the exit (like __aexit__'s
 * exception): a negative code cancels the children. Every enter needs its
 * exit. Per-child bookkeeping (a cio_tg_member_t) is caller storage or,
 * with NULL, allocated and freed by the group.
 */
#ifndef CIO_TASKGROUP_H
#define CIO_TASKGROUP_H

#include <stddef.h>
#include <stdint.h>

#include "cio/coro.h"
#include "cio/list.h"
#include "cio/loop.h"
#include "cio/task.h"

typedef struct cio_task_group_s cio_task_group_t;

/** A child's membership record. */
typedef struct cio_tg_member_s {
    cio_handle_t done;  /* private: the child's done callback */
    cio_node_t link;    /* private: the group's list of running children */
    cio_task_t *task;
    cio_task_group_t *group;
    uint8_t allocated;
} cio_tg_member_t;

struct cio_task_group_s {
    cio_list_t members; /* children still running */
    cio_task_t *parent;
    cio_task_t *waiting; /* the parent, while in exit */
    size_t active;
    int *errors;        /* caller storage for the error codes, or NULL */
    size_t max_errors, nerrors;
    int first_error;
    uint8_t state, aborting, parent_cancel_requested, propagate_cancel;
};

/** Enter a group for the current task. `errors` (may be NULL) receives the
 *  children's and the body's error codes in failure order, up to
 *  `max_errors` (nerrors counts them all). Returns 0 or CIO_ESTATE if no
 *  task is running. */
int cio_task_group_enter(cio_task_group_t *tg, int *errors, size_t max_errors);

/** Add a started task as a child (the group holds a reference until it is
 *  done). `member`: caller storage, or NULL to allocate. Returns 0,
 *  CIO_ESTATE if the group is shutting down or finished (the task is not
 *  added: cancel it yourself), CIO_ENOMEM, CIO_EINVAL. */
int cio_task_group_add(cio_task_group_t *tg, cio_task_t *task,
                       cio_tg_member_t *member);

/** The errors recorded so far, and how many. */
size_t cio_task_group_error_count(const cio_task_group_t *tg);

/** Cancel every child (what a failing child does); the parent is not
 *  cancelled. */
void cio_task_group_cancel_children(cio_task_group_t *tg);

/** `await cio_task_group_exit(&tg, body_rc)`: leave the group (above). */
struct cio_task_group_exit_frame {
    cio_coro_t co;
    int ret;
    cio_task_group_t *tg;
    int body_rc;
    cio_waiter_t waiter;
};
void cio_task_group_exit_init(struct cio_task_group_exit_frame *f,
                              cio_task_group_t *tg, int body_rc);
int cio_task_group_exit_resume(cio_coro_t *co, cio_task_t *task);

/* ---- Job scheduler (aiojobs) ----------------------------------------------
 *
 * Background jobs with an optional concurrency limit: a job beyond the
 * limit waits in a FIFO pending queue (bounded by pending_limit) and starts
 * when an active job finishes. Closing stops new spawns, drops pending jobs
 * (they are cancelled before they start: none of their body runs), waits
 * for the active jobs up to a timeout, then cancels the rest and waits for
 * their clean-up. Jobs are tasks created but not started:
 *
 *     cio_scheduler_t s;
 *     cio_scheduler_init(&s, loop, 2, 0);      // 2 at a time, any backlog
 *     cio_task_t *t;
 *     cio_task_new(loop, &job_desc, &t);       // created, not started
 *     job_init(cio_task_frame(t), args);
 *     cio_scheduler_spawn(&s, t, NULL);        // runs now or later
 *     cio_task_release(t);                     // the scheduler holds it
 *     ...
 *     rc = await cio_scheduler_close(&s, CIO_SEC(5));
 */
typedef struct cio_scheduler_s cio_scheduler_t;

typedef struct cio_job_s {
    cio_handle_t done; /* private */
    cio_node_t link;   /* private: active or pending list */
    cio_task_t *task;
    cio_scheduler_t *sched;
    uint8_t allocated, started;
} cio_job_t;

struct cio_scheduler_s {
    cio_loop_t *loop;
    cio_list_t active_jobs, pending_jobs;
    size_t limit, pending_limit; /* 0: no limit */
    size_t nactive, npending;
    cio_task_t *closing; /* the task in close, while it waits */
    uint8_t closed, close_timed_out;
    cio_handle_t close_timer;
};

/** `limit`: jobs running at once (0: any); `pending_limit`: jobs waiting
 *  to start (0: any). */
void cio_scheduler_init(cio_scheduler_t *s, cio_loop_t *loop, size_t limit,
                        size_t pending_limit);
/** Hand a created, not started task to the scheduler (it takes a
 *  reference). `job`: caller storage or NULL to allocate. Returns 0,
 *  CIO_ECLOSED, CIO_EQUEUEFULL (pending queue full), CIO_ENOMEM,
 *  CIO_EINVAL (already started). */
int cio_scheduler_spawn(cio_scheduler_t *s, cio_task_t *task, cio_job_t *job);
size_t cio_scheduler_active_count(const cio_scheduler_t *s);
size_t cio_scheduler_pending_count(const cio_scheduler_t *s);

/** `await cio_scheduler_close(&s, timeout)`: close (above). Returns 0 if
 *  every active job finished within `timeout` (negative: no limit),
 *  CIO_ETIMEDOUT if some had to be cancelled, CIO_ECANCELED if the closing
 *  task was cancelled (the jobs are cancelled too). */
struct cio_scheduler_close_frame {
    cio_coro_t co;
    int ret;
    cio_scheduler_t *s;
    cio_time_t timeout;
    uint8_t cancelled;
    cio_waiter_t waiter;
};
void cio_scheduler_close_init(struct cio_scheduler_close_frame *f,
                              cio_scheduler_t *s, cio_time_t timeout);
int cio_scheduler_close_resume(cio_coro_t *co, cio_task_t *task);

#ifdef CIO_ASYNC_DECLARATIONS
#include "cio/async.h"
CIO_ASYNC int cio_task_group_exit(cio_task_group_t *tg, int body_rc);
CIO_ASYNC int cio_scheduler_close(cio_scheduler_t *s, cio_time_t timeout);
#endif

#endif /* CIO_TASKGROUP_H */
