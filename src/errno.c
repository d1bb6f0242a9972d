/* src/errno.c - cio_strerror() and cio_err_name(), from the table in
 * cio/errno.h. */
#include "cio/errno.h"

/* The codes are compared one by one (not a switch): on hosted builds two
 * names could share an errno value on some platform. */
const char *cio_strerror(int err) {
    if (err >= 0)
        return "success";
#define CIO__ERR_MSG(name, value, msg) \
    if (err == (value))                \
        return msg;
    CIO_ERRNO_MAP(CIO__ERR_MSG)
#undef CIO__ERR_MSG
    return "unknown error";
}

const char *cio_err_name(int err) {
    if (err >= 0)
        return "OK";
#define CIO__ERR_NAME(name, value, msg) \
    if (err == (value))                 \
        return #name;
    CIO_ERRNO_MAP(CIO__ERR_NAME)
#undef CIO__ERR_NAME
    return "EUNKNOWN";
}
