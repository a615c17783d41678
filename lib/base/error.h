/* Internal helpers shared by liboso modules. Not installed. */
#ifndef OSO_INTERNAL_H
#define OSO_INTERNAL_H

#include "oso/common.h"

#include <stdarg.h>

#if defined(__GNUC__)
#define OSO_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define OSO_PRINTF(fmt, args)
#endif

/* Record a detailed error for oso_error_last() and return `status` (for `return oso_fail(...)`). */
oso_status oso_fail(oso_status status, const char *fmt, ...) OSO_PRINTF(2, 3);

/* Check a versioned options struct pointer: NULL is fine (defaults), an unknown version is not. */
#define OSO_CHECK_OPTIONS_VERSION(opts, current, what)                                           \
    do {                                                                                         \
        if ((opts) != NULL && ((opts)->version == 0 || (opts)->version > (current)))            \
            return oso_fail(OSO_E_OPTIONS_VERSION, "%s version %u is not supported (max %u)",    \
                            (what), (opts)->version, (unsigned)(current));                       \
    } while (0)

#endif
