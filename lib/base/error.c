/* Status strings and the thread-local last-error message. */
#include "base/error.h"

#include <stdio.h>

static _Thread_local char last_message[1024];
static _Thread_local oso_status last_status;

const char *oso_strerror(oso_status status)
{
    switch (status) {
    case OSO_OK: return "success";
    case OSO_E_NOMEM: return "out of memory";
    case OSO_E_INVALID_ARG: return "invalid argument";
    case OSO_E_IO: return "input/output error";
    case OSO_E_XML: return "not well-formed or refused XML";
    case OSO_E_LIMIT: return "limit exceeded";
    case OSO_E_OPTIONS_VERSION: return "unsupported options struct version";
    case OSO_E_UNSUPPORTED_STANDARD: return "unsupported OSO standard version";
    case OSO_E_NOT_FOUND: return "not found";
    case OSO_E_SCHEMA: return "violates the OSO schema";
    case OSO_E_STATE: return "call not allowed in the current state";
    case OSO_E_CODELIST_FORMAT: return "malformed codelist file";
    case OSO_E_BASE64: return "invalid Base64 data";
    case OSO_E_ZIP: return "unreadable ZIP archive";
    case OSO_E_POLICY: return "attachment refused by policy";
    case OSO_E_RELEASE: return "release cannot be applied";
    case OSO_E_INVALID: return "dossier is not valid";
    }
    return "unknown status";
}

oso_status oso_fail(oso_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_message, sizeof last_message, fmt, ap);
    va_end(ap);
    last_status = status;
    return status;
}

const char *oso_error_last(void) { return last_message; }

oso_status oso_error_last_status(void) { return last_status; }

void oso_error_clear(void)
{
    last_message[0] = '\0';
    last_status = OSO_OK;
}
