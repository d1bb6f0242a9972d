/* cio/config.h - compile-time options.
 *
 * Every option has a default below. To change one, define it on the
 * compiler's command line (`-DCIO_CONF_DEBUG=0`) or in a header named by
 * `CIO_CONF_HEADER` (`-DCIO_CONF_HEADER='"my_cio_config.h"'`), which is
 * included first. The library and every file that includes cio headers
 * must be built with the same options.
 */
#ifndef CIO_CONFIG_H
#define CIO_CONFIG_H

#ifdef CIO_CONF_HEADER
#include CIO_CONF_HEADER
#endif

/* CIO_CONF_HOSTED
 *
 * 1 when the library runs on an operating system with a C library that has
 * <errno.h>, <time.h> and (for the epoll/poll backends) POSIX. Error codes
 * are then negated errno values. 0 for bare metal: codes take fixed values
 * and the clock, idle hook and critical sections come from the port
 * (cio/port.h). Defaults to 1 unless the `none` backend is selected. */
#ifndef CIO_CONF_HOSTED
#if defined(CIO_BACKEND_NONE)
#define CIO_CONF_HOSTED 0
#else
#define CIO_CONF_HOSTED 1
#endif
#endif

/* CIO_CONF_THREADS
 *
 * 1 to support calls from other threads: cio_loop_call_soon_threadsafe()
 * and the debug-mode check that loop functions run on the loop's thread.
 * Needs C11 atomics and POSIX threads. Defaults to CIO_CONF_HOSTED. */
#ifndef CIO_CONF_THREADS
#define CIO_CONF_THREADS CIO_CONF_HOSTED
#endif

/* CIO_CONF_DEBUG
 *
 * 1 compiles in debug mode (asyncio's set_debug): slow-callback reports,
 * never-retrieved errors, thread checks. It is still off at run time until
 * cio_loop_set_debug() turns it on; with it off, the hot paths test one
 * flag. 0 removes it entirely (smaller code for small targets). */
#ifndef CIO_CONF_DEBUG
#define CIO_CONF_DEBUG 1
#endif

/* CIO_CONF_MALLOC
 *
 * 1 makes malloc/free the default allocator of a loop. 0 leaves a loop
 * without an allocator until cio_loop_set_allocator() gives it one: every
 * allocating call then fails with CIO_ENOMEM, and tasks must live in
 * caller-provided storage (the usual choice on bare metal). */
#ifndef CIO_CONF_MALLOC
#define CIO_CONF_MALLOC CIO_CONF_HOSTED
#endif

/* CIO_CONF_SLOW_CALLBACK_NS
 *
 * The default debug-mode threshold above which a callback or task step is
 * reported as slow (asyncio: loop.slow_callback_duration = 0.1 s). */
#ifndef CIO_CONF_SLOW_CALLBACK_NS
#define CIO_CONF_SLOW_CALLBACK_NS 100000000
#endif

/* CIO_WUR marks functions whose failure would otherwise go unnoticed
 * (they allocate, or schedule something): ignoring their result is a
 * compiler warning on gcc and clang. */
#if defined(__GNUC__) || defined(__clang__)
#define CIO_WUR __attribute__((warn_unused_result))
#else
#define CIO_WUR
#endif

#endif /* CIO_CONFIG_H */
