/* src/future.c - futures, their done callbacks, and awaiting them.
 *
 * A future's `waiters` list holds, in registration order, the nodes of the
 * tasks awaiting it and the handles of its done callbacks. Completing the
 * future moves every node to the ready queue in that order (asyncio
 * schedules its callbacks the same way), so nothing is called
 * synchronously and nothing is allocated.
 */
#include "internal.h"

void cio__future_complete(cio_future_t *fut) {
    cio_loop_t *loop = fut->loop;
    cio_node_t *n;
    while ((n = fut->waiters.next) != &fut->waiters) {
        cio_node_unlink(n);
        if (CIO__NODE_KIND(n) == CIO__K_TASK) {
            cio__task_wake(CIO_CONTAINER_OF(n, cio_task_t, node));
        } else {
            cio_handle_t *h = CIO_CONTAINER_OF(n, cio_handle_t, link.node);
            h->flags &= (uint8_t)~CIO__H_FUTURE;
            cio__ready_push_handle(loop, h);
        }
    }
}

int cio_future_set_result(cio_future_t *fut, intptr_t result) {
    if (fut->state != CIO_FUTURE_PENDING || (fut->flags & CIO__F_TASK))
        return CIO_ESTATE;
    if (!CIO__CHECK_THREAD(fut->loop, "cio_future_set_result"))
        return CIO_EWRONGTHREAD;
    fut->value.i = result;
    fut->state = CIO_FUTURE_DONE;
    cio__future_complete(fut);
    return 0;
}

int cio_future_set_result_ptr(cio_future_t *fut, void *result) {
    if (fut->state != CIO_FUTURE_PENDING || (fut->flags & CIO__F_TASK))
        return CIO_ESTATE;
    if (!CIO__CHECK_THREAD(fut->loop, "cio_future_set_result_ptr"))
        return CIO_EWRONGTHREAD;
    fut->value.p = result;
    fut->flags |= CIO__F_PTR;
    fut->state = CIO_FUTURE_DONE;
    cio__future_complete(fut);
    return 0;
}

int cio_future_set_error(cio_future_t *fut, int error) {
    if (fut->state != CIO_FUTURE_PENDING || (fut->flags & CIO__F_TASK))
        return CIO_ESTATE;
    if (error >= 0 || error == CIO_ECANCELED || error < INT16_MIN)
        return CIO_EINVAL;
    if (!CIO__CHECK_THREAD(fut->loop, "cio_future_set_error"))
        return CIO_EWRONGTHREAD;
    fut->error = (int16_t)error;
    fut->state = CIO_FUTURE_DONE;
    cio__future_complete(fut);
    return 0;
}

int cio_future_cancel(cio_future_t *fut) {
    if (fut->flags & CIO__F_TASK)
        return cio_task_cancel(CIO_CONTAINER_OF(fut, cio_task_t, future));
    if (fut->state != CIO_FUTURE_PENDING)
        return 0;
    fut->error = CIO_ECANCELED;
    fut->state = CIO_FUTURE_CANCELLED;
    cio__future_complete(fut);
    return 1;
}

int cio_future_done(const cio_future_t *fut) {
    return fut->state != CIO_FUTURE_PENDING;
}

int cio_future_cancelled(const cio_future_t *fut) {
    return fut->state == CIO_FUTURE_CANCELLED;
}

intptr_t cio_future_result(const cio_future_t *fut) {
    if (fut->state == CIO_FUTURE_PENDING)
        return CIO_ESTATE;
    ((cio_future_t *)fut)->flags |= CIO__F_RETRIEVED;
    if (fut->error != 0)
        return fut->error;
    return fut->value.i;
}

void *cio_future_result_ptr(const cio_future_t *fut) {
    if (fut->state == CIO_FUTURE_PENDING)
        return NULL;
    ((cio_future_t *)fut)->flags |= CIO__F_RETRIEVED;
    return fut->error != 0 ? NULL : fut->value.p;
}

int cio_future_error(const cio_future_t *fut) {
    if (fut->state == CIO_FUTURE_PENDING)
        return CIO_ESTATE;
    ((cio_future_t *)fut)->flags |= CIO__F_RETRIEVED;
    return fut->error;
}

int cio_future_add_done_callback(cio_future_t *fut, cio_handle_t *h,
                                 cio_callback_fn cb, void *arg) {
    int rc = cio__handle_take(fut->loop, &h, cb, arg,
                              "cio_future_add_done_callback");
    if (rc < 0)
        return rc;
    if (fut->state != CIO_FUTURE_PENDING) {
        cio__ready_push_handle(fut->loop, h);
    } else {
        h->flags |= CIO__H_FUTURE;
        cio_list_push_back(&fut->waiters, &h->link.node);
    }
    return 0;
}

int cio_future_remove_done_callback(cio_future_t *fut, cio_callback_fn cb,
                                    void *arg) {
    int removed = 0;
    cio_node_t *n = fut->waiters.next;
    while (n != &fut->waiters) {
        cio_node_t *next = n->next;
        if (CIO__NODE_KIND(n) == CIO__K_HANDLE) {
            cio_handle_t *h = CIO_CONTAINER_OF(n, cio_handle_t, link.node);
            if (h->cb == cb && h->arg == arg &&
                !(h->flags & CIO__H_INTERNAL)) {
                cio_handle_cancel(h);
                removed++;
            }
        }
        n = next;
    }
    return removed;
}

void cio__future_watch(cio_future_t *fut, cio_handle_t *h,
                       cio__handle_self_fn fn, void *arg) {
    cio__handle_prepare(h, fut->loop, (cio_callback_fn)(void (*)(void))fn, arg);
    h->flags = CIO__H_INTERNAL;
    if (fut->state != CIO_FUTURE_PENDING) {
        cio__ready_push_handle(fut->loop, h);
    } else {
        h->flags |= CIO__H_FUTURE;
        cio_list_push_back(&fut->waiters, &h->link.node);
    }
}

/* ---- Awaiting --------------------------------------------------------- */

static int future_wait_result(const cio_coro_t *co, cio_value_t *out) {
    return cio__int_result(((const struct cio_future_wait_frame *)co)->ret,
                           out);
}

typedef CIO_TASK_STORAGE(struct cio_future_wait_frame) future_wait_task;

const cio_coro_desc_t cio_future_wait_desc = {
    "cio_future_wait", "src/future.c", __LINE__, 1, NULL,
    sizeof(future_wait_task), offsetof(future_wait_task, frame),
    cio_future_wait_resume, future_wait_result};
