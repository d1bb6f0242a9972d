/* cio.h - the umbrella header: asyncio for C as stackless coroutines.
 *
 *   cio/errno.h   error codes (negative CIO_E*), cio_strerror()
 *   cio/coro.h    the frame ABI: what generated and hand-written coroutines are
 *   cio/loop.h    the event loop, callbacks, timers
 *   cio/future.h  futures
 *   cio/task.h    tasks, cancellation, sleep
 *   cio/io.h      file descriptor readiness
 *   cio/sync.h    Lock, Event, Condition, Semaphore, BoundedSemaphore
 *   cio/queue.h   Queue, LifoQueue, PriorityQueue
 *   cio/compose.h gather, wait, wait_for, timeout scopes, as_completed, shield
 *   cio/taskgroup.h  task groups (structured concurrency), job scheduler
 *   cio/agen.h    async generators: anext, aclose, collect, queue iterator
 *   cio/config.h  compile-time options;  cio/port.h  bare-metal hooks
 *
 * Start with README.md and docs/tutorial.md.
 */
#ifndef CIO_H
#define CIO_H

#define CIO_VERSION_MAJOR 0
#define CIO_VERSION_MINOR 1
#define CIO_VERSION_PATCH 0
#define CIO_VERSION_STRING "0.1.0"

#include "cio/config.h"
#include "cio/errno.h"
#include "cio/list.h"
#include "cio/coro.h"
#include "cio/loop.h"
#include "cio/future.h"
#include "cio/task.h"
#include "cio/io.h"
#include "cio/sync.h"
#include "cio/queue.h"
#include "cio/compose.h"
#include "cio/taskgroup.h"
#include "cio/agen.h"
#include "cio/agen_collect.h" /* generated from src/agen_collect.ac */

#endif /* CIO_H */
