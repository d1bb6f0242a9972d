/* cio/errno.h - the error codes of cio.
 *
 * Every cio function that can fail returns an `int`: zero (or a
 * non-negative value) on success, a negative `CIO_E*` code on failure,
 * libuv style. An `async int` function follows the same convention: it
 * returns a value >= 0 or a negative code. Cancellation is an error code
 * too: the await a cancelled task is suspended in returns `CIO_ECANCELED`.
 *
 * On hosted builds the codes that have an errno counterpart are the negated
 * errno values (so `-errno` from a failed system call is a valid cio code);
 * on bare metal (`CIO_CONF_HOSTED == 0`) they take fixed values. Codes that
 * only cio has (`CIO_EOF`, `CIO_ESTATE`, ...) have fixed values below -4000
 * on every build.
 *
 * The table below is the single list of codes: it generates the enum,
 * cio_strerror() and cio_err_name().
 */
#ifndef CIO_ERRNO_H
#define CIO_ERRNO_H

#include "cio/config.h"

#if CIO_CONF_HOSTED
#include <errno.h>
#define CIO__ERRNO(name, fixed) (-(name))
#else
#define CIO__ERRNO(name, fixed) (fixed)
#endif

/* X(NAME, value, message) */
#define CIO_ERRNO_MAP(X)                                                      \
    X(ECANCELED, CIO__ERRNO(ECANCELED, -125), "operation canceled")           \
    X(ETIMEDOUT, CIO__ERRNO(ETIMEDOUT, -110), "operation timed out")          \
    X(ENOMEM, CIO__ERRNO(ENOMEM, -12), "not enough memory")                   \
    X(EINVAL, CIO__ERRNO(EINVAL, -22), "invalid argument")                    \
    X(EAGAIN, CIO__ERRNO(EAGAIN, -11), "resource temporarily unavailable")    \
    X(EBUSY, CIO__ERRNO(EBUSY, -16), "resource busy or locked")               \
    X(EEXIST, CIO__ERRNO(EEXIST, -17), "already exists")                      \
    X(ENOENT, CIO__ERRNO(ENOENT, -2), "no such file or directory")            \
    X(EPERM, CIO__ERRNO(EPERM, -1), "operation not permitted")                \
    X(EBADF, CIO__ERRNO(EBADF, -9), "bad file descriptor")                    \
    X(EINTR, CIO__ERRNO(EINTR, -4), "interrupted system call")                \
    X(EIO, CIO__ERRNO(EIO, -5), "i/o error")                                  \
    X(EPIPE, CIO__ERRNO(EPIPE, -32), "broken pipe")                           \
    X(ENOSPC, CIO__ERRNO(ENOSPC, -28), "no space left on device")             \
    X(ERANGE, CIO__ERRNO(ERANGE, -34), "result out of range")                 \
    X(ENOSYS, CIO__ERRNO(ENOSYS, -38), "not available in this build")          \
    X(ENOTSUP, CIO__ERRNO(ENOTSUP, -95), "operation not supported")           \
    X(EALREADY, CIO__ERRNO(EALREADY, -114), "operation already in progress")  \
    X(EINPROGRESS, CIO__ERRNO(EINPROGRESS, -115), "operation in progress")    \
    X(ECONNREFUSED, CIO__ERRNO(ECONNREFUSED, -111), "connection refused")     \
    X(ECONNRESET, CIO__ERRNO(ECONNRESET, -104), "connection reset by peer")   \
    X(ECONNABORTED, CIO__ERRNO(ECONNABORTED, -103), "connection aborted")     \
    X(ENOTCONN, CIO__ERRNO(ENOTCONN, -107), "socket is not connected")        \
    X(EADDRINUSE, CIO__ERRNO(EADDRINUSE, -98), "address already in use")      \
    X(EADDRNOTAVAIL, CIO__ERRNO(EADDRNOTAVAIL, -99),                          \
      "address not available")                                                \
    X(EAFNOSUPPORT, CIO__ERRNO(EAFNOSUPPORT, -97),                            \
      "address family not supported")                                        \
    X(ENETUNREACH, CIO__ERRNO(ENETUNREACH, -101), "network is unreachable")   \
    X(EHOSTUNREACH, CIO__ERRNO(EHOSTUNREACH, -113), "host is unreachable")    \
    X(EMSGSIZE, CIO__ERRNO(EMSGSIZE, -90), "message too long")                \
    X(EOF, -4095, "end of file")                                              \
    X(ESTATE, -4094, "invalid state for this operation")                      \
    X(ECLOSED, -4093, "object or loop is closed")                             \
    X(EQUEUEFULL, -4092, "queue is full")                                     \
    X(EQUEUEEMPTY, -4091, "queue is empty")                                   \
    X(ESHUTDOWN, -4090, "queue or stream was shut down")                      \
    X(EWRONGTHREAD, -4089, "called from a thread that does not run the loop") \
    X(ENOTLOCKED, -4088, "lock is not acquired")                              \
    X(EOVERRELEASE, -4087, "released more often than acquired")               \
    X(ESTOPITER, -4086, "iteration is over")                                  \
    X(EINCOMPLETE, -4085, "stream ended before the requested data arrived")   \
    X(ELIMIT, -4084, "separator not found within the buffer limit")          \
    X(ENORESULT, -4083, "result has no value of this kind")

/** The error codes: `CIO_ECANCELED`, `CIO_ETIMEDOUT`, ... (all negative). */
typedef enum cio_errno_e {
#define CIO__ERR_ENUM(name, value, msg) CIO_##name = value,
    CIO_ERRNO_MAP(CIO__ERR_ENUM)
#undef CIO__ERR_ENUM
    CIO__ERRNO_END = 0
} cio_errno_t;

/** A human-readable message for a code ("operation canceled"); never NULL.
 *  Unknown codes give "unknown error". */
const char *cio_strerror(int err);

/** The name of a code ("ECANCELED"); never NULL. Unknown codes give
 *  "EUNKNOWN"; zero and positive values give "OK". */
const char *cio_err_name(int err);

/** Convert a positive errno value from a failed system call to a cio code. */
#define CIO_FROM_ERRNO(e) (-(e))

#endif /* CIO_ERRNO_H */
