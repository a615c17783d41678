/*
 * The chain test endpoint (programs/chain_endpoint.c, the server of `oso doorstroomtoets serve`)
 * over loopback: the harness starts it once, in-process, and sends every input over a fresh TCP
 * connection. Byte 0 picks how: raw bytes (malformed HTTP of every kind); a well-formed POST of
 * the rest as the body of each message operation, plain or chunked; a GET of a report with the
 * rest as its id; a POST whose query string is the rest's first line. Properties: the server
 * always answers with an HTTP status line or closes the connection, never with a 5xx of its
 * own; a
 * well-formed POST gets 202 exactly when liboso's own check of the body (as that message
 * type) passes and 422 otherwise, each time with a valid Ontvangstmelding; a report id gets
 * the PDF, 204 for the empty one, 404 otherwise. The server lives through every input (a crash
 * there is a crash of this process).
 */
#include "fuzz_common.h"

#include "../programs/chain_endpoint.h"

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define SCHOOL "0000000700011BB00000"
#define LAS "0000000700011BB00530"
#define QUERY "?edu-to=" SCHOOL "&edu-from=" LAS
#define MAX_BODY (2u * 1024u * 1024u)

static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
static char rapport_dir[] = "/tmp/oso-fuzz-http-XXXXXX";
static unsigned port;
static struct chain_endpoint *endpoint;

static void stop_endpoint(void)
{
    char path[sizeof rapport_dir + 32];
    chain_endpoint_stop(endpoint);
    snprintf(path, sizeof path, "%s/rap-1.pdf", rapport_dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/rap-leeg.pdf", rapport_dir);
    unlink(path);
    rmdir(rapport_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    static const char *const schools[] = {SCHOOL};
    signal(SIGPIPE, SIG_IGN);
    FUZZ_CHECK(mkdtemp(rapport_dir) != NULL, "mkdtemp");
    char path[sizeof rapport_dir + 32];
    snprintf(path, sizeof path, "%s/rap-1.pdf", rapport_dir);
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL && fwrite(pdf, 1, sizeof pdf - 1, f) == sizeof pdf - 1 && fclose(f) == 0,
               "writing %s", path);
    snprintf(path, sizeof path, "%s/rap-leeg.pdf", rapport_dir);
    f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL && fclose(f) == 0, "writing %s", path);
    /* Many raw requests may be waiting for the connection timeout at once: room for them. */
    struct chain_endpoint_config config = {
        .schools = schools, .school_count = 1, .rapport_dir = rapport_dir,
        .max_body = MAX_BODY, .max_connections = 256, .threads = 1, .timeout_seconds = 1};
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = 0};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    endpoint = chain_endpoint_start(&config, &address, &port);
    FUZZ_CHECK(endpoint != NULL, "the endpoint does not start");
    atexit(stop_endpoint);
    return 0;
}

/* Send `request` and read the whole answer. A raw request (`raw`) is followed by closing the
 * sending side, so that the server sees its end, and waits for an answer 0.1 s at the most: an
 * incomplete request is only dropped by the server's connection timeout (seconds), and whether
 * the server still lives shows in the next well-formed request. A well-formed request says
 * "Connection: close"; the server must answer and close within 10 s (a half-close there could
 * make the server drop its answer). */
static void exchange(const fz_str *request, fz_str *answer, int raw)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    FUZZ_CHECK(fd >= 0, "socket");
    struct timeval limit = {.tv_sec = raw ? 0 : 10, .tv_usec = raw ? 100000 : 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int connected;
    while ((connected = connect(fd, (struct sockaddr *)&to, sizeof to)) != 0 &&
           (errno == EINTR || errno == EALREADY))
        ; /* interrupted: the connection goes on being made (loopback: at once) */
    FUZZ_CHECK(connected == 0 || errno == EISCONN, "connect to the endpoint (errno %d)", errno);
    for (size_t sent = 0; sent < request->len;) {
        ssize_t n = send(fd, request->p + sent, request->len - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* the server may close early (an oversized or malformed request) */
        sent += (size_t)n;
    }
    if (raw)
        shutdown(fd, SHUT_WR);
    char buf[8192];
    ssize_t n;
    /* libFuzzer's timers interrupt system calls (EINTR): go on reading. */
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0)
            fz_add(answer, buf, (size_t)n);
    int err = errno;
    close(fd);
    FUZZ_CHECK(raw || n == 0 || answer->len > 0 || err == ECONNRESET,
               "no answer and no close within 10 s (errno %d)", err);
}

/* Status of an answer; 0 for none. The status line must be there when anything came back. */
static int status_of(const fz_str *answer, const char **body, size_t *body_len)
{
    if (answer->len == 0)
        return 0;
    FUZZ_CHECK(answer->len >= 13 && memcmp(answer->p, "HTTP/1.", 7) == 0 && answer->p[8] == ' ',
               "no status line: %.40s", answer->p);
    int status = atoi(answer->p + 9);
    /* 100 for a raw "Expect: 100-continue"; 501 and 505 are the HTTP library's own refusals of
     * a transfer coding or protocol version; any other 5xx would be the endpoint failing. */
    FUZZ_CHECK(status >= 100 && (status < 500 || status == 501 || status == 505),
               "status %d: %.300s", status, answer->p);
    const char *end = strstr(answer->p, "\r\n\r\n");
    FUZZ_CHECK(end != NULL, "answer without the end of its header");
    *body = end + 4;
    *body_len = answer->len - (size_t)(end + 4 - answer->p);
    return status;
}

static void check_ontvangstmelding(const char *body, size_t len, int status)
{
    oso_chain_check_options o = OSO_CHAIN_CHECK_OPTIONS_INIT;
    o.expect = OSO_CHAIN_ONTVANGSTMELDING;
    oso_report *r = NULL;
    FUZZ_CHECK(oso_chain_check_buffer(&r, NULL, body, len, &o) == OSO_OK, "checking the answer");
    FUZZ_CHECK(oso_report_valid(r), "status %d with no valid Ontvangstmelding: %.200s", status,
               body);
    oso_report_free(r);
}

static void add_encoded(fz_str *out, const uint8_t *data, size_t len, const char *keep)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        uint8_t c = data[i];
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c && strchr(keep, c))) {
            fz_add(out, &c, 1);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            fz_add(out, esc, 3);
        }
    }
}

/* What the endpoint must answer to a routed POST of `body`: liboso's own verdict on it. */
static int expected_for_body(oso_chain_message_type type, const uint8_t *body, size_t len)
{
    oso_chain_check_options o = OSO_CHAIN_CHECK_OPTIONS_INIT;
    o.expect = type;
    o.max_bytes = MAX_BODY;
    oso_report *r = NULL;
    FUZZ_CHECK(oso_chain_check_buffer(&r, NULL, len ? (const char *)body : "", len, &o) == OSO_OK,
               "checking the body here");
    int want = oso_report_valid(r) ? 202 : 422;
    oso_report_free(r);
    return want;
}

static void post(oso_chain_message_type type, const uint8_t *body, size_t len, int chunked)
{
    const char *path;
    FUZZ_CHECK(oso_chain_message_operation(type, NULL, &path) == OSO_OK, "operation of %d", type);
    fz_str rq = {0}, answer = {0};
    fz_adds(&rq, "POST ");
    fz_adds(&rq, path);
    fz_adds(&rq, QUERY " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n"
                 "Content-Type: application/json\r\n");
    if (chunked) {
        fz_adds(&rq, "Transfer-Encoding: chunked\r\n\r\n");
        if (len > 0) {
            fz_addf(&rq, "%lx\r\n", (unsigned long)len, 0);
            fz_add(&rq, body, len);
            fz_adds(&rq, "\r\n");
        }
        fz_adds(&rq, "0\r\n\r\n");
    } else {
        fz_addf(&rq, "Content-Length: %lu\r\n\r\n", (unsigned long)len, 0);
        fz_add(&rq, body, len);
    }
    exchange(&rq, &answer, 0);
    const char *reply = NULL;
    size_t reply_len = 0;
    int status = status_of(&answer, &reply, &reply_len);
    FUZZ_CHECK(status != 0, "no answer to a well-formed POST %s", path);
    int want = expected_for_body(type, body, len);
    FUZZ_CHECK(status == want, "POST %s answered %d, the body checks as %d", path, status, want);
    check_ontvangstmelding(reply, reply_len, status);
    fz_free(&rq);
    fz_free(&answer);
}

static void get_report(const uint8_t *id, size_t len)
{
    fz_str rq = {0}, answer = {0};
    fz_adds(&rq, "GET /leerlingrapport/");
    add_encoded(&rq, id, len, "-_.");
    fz_adds(&rq, QUERY " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n");
    exchange(&rq, &answer, 0);
    const char *reply = NULL;
    size_t reply_len = 0;
    int status = status_of(&answer, &reply, &reply_len);
    if (len == 5 && memcmp(id, "rap-1", 5) == 0)
        FUZZ_CHECK(status == 200 && reply_len == sizeof pdf - 1 && memcmp(reply, pdf, reply_len) == 0,
                   "rap-1: %d", status);
    else if (len == 8 && memcmp(id, "rap-leeg", 8) == 0)
        FUZZ_CHECK(status == 204 && reply_len == 0, "rap-leeg: %d", status);
    else
        FUZZ_CHECK(status == 404 || status == 400, "report id '%.*s': %d", (int)len, id, status);
    if (status == 404)
        check_ontvangstmelding(reply, reply_len, status);
    fz_free(&rq);
    fz_free(&answer);
}

/* The value of the first `key` argument of a raw query, as the server decodes it; NULL when
 * absent or without '=' (the server sees no value then). `*bad` when it holds a NUL, which the
 * server keeps as "%00" (so the routing check refuses it). */
static char *query_value(const uint8_t *q, size_t len, const char *key, int *bad)
{
    size_t klen = strlen(key);
    for (size_t at = 0; at <= len;) {
        const uint8_t *amp = memchr(q + at, '&', len - at);
        size_t end = amp ? (size_t)(amp - q) : len;
        const uint8_t *eq = memchr(q + at, '=', end - at);
        size_t name_end = eq ? (size_t)(eq - q) : end;
        if (name_end - at == klen && memcmp(q + at, key, klen) == 0) {
            if (eq == NULL)
                return NULL;
            size_t vlen = end - name_end - 1;
            char *v = malloc(vlen + 1);
            FUZZ_CHECK(v != NULL, "out of memory");
            memcpy(v, eq + 1, vlen);
            v[vlen] = '\0';
            *bad = strlen(v) != vlen;
            return v;
        }
        if (amp == NULL)
            break;
        at = end + 1;
    }
    return NULL;
}

/* The first line of `data` is the query string of a POST /registreren (encoded but for '=' and
 * '&'); the rest the body. The answer must be what the routing check, the school list and the
 * body's check say: 401, 405, or 202/422. */
static void post_with_query(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t qlen = nl ? (size_t)(nl - data) : size;
    const uint8_t *body = nl ? nl + 1 : data + size;
    size_t blen = nl ? size - qlen - 1 : 0;
    fz_str rq = {0}, answer = {0};
    fz_adds(&rq, "POST /registreren?");
    add_encoded(&rq, data, qlen, "=&-_.");
    fz_adds(&rq, " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n");
    fz_addf(&rq, "Content-Length: %lu\r\n\r\n", (unsigned long)blen, 0);
    fz_add(&rq, body, blen);
    exchange(&rq, &answer, 0);
    const char *reply = NULL;
    size_t reply_len = 0;
    int status = status_of(&answer, &reply, &reply_len);

    int bad_to = 0, bad_from = 0, want;
    char *to = query_value(data, qlen, "edu-to", &bad_to);
    char *from = query_value(data, qlen, "edu-from", &bad_from);
    oso_report *r = NULL;
    FUZZ_CHECK(oso_chain_check_routing(&r, "/registreren", to, from) == OSO_OK, "routing check");
    int routed = oso_report_count(r) == 0 && !bad_to && !bad_from;
    oso_report_free(r);
    if (!routed) {
        want = 401;
    } else if (strcmp(to, SCHOOL) != 0) {
        want = 405;
    } else {
        want = expected_for_body(OSO_CHAIN_DEELNEMERSLIJST, body, blen);
    }
    FUZZ_CHECK(status == want, "POST with query '%.*s': %d, expected %d", (int)qlen, data, status,
               want);
    check_ontvangstmelding(reply, reply_len, status);
    free(to);
    free(from);
    fz_free(&rq);
    fz_free(&answer);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned mode = data[0] % 8;
    data++, size--;
    if (mode <= 1) {
        fz_str rq = {0}, answer = {0};
        fz_add(&rq, data, size);
        exchange(&rq, &answer, 1);
        const char *reply = NULL;
        size_t reply_len = 0;
        status_of(&answer, &reply, &reply_len);
        fz_free(&rq);
        fz_free(&answer);
    } else if (mode <= 4) {
        post((oso_chain_message_type)(mode - 1), data, size, 0);
    } else if (mode == 5) {
        post((oso_chain_message_type)(1 + size % 3), data, size, 1);
    } else if (mode == 6) {
        get_report(data, size);
    } else {
        post_with_query(data, size);
    }
    return 0;
}
