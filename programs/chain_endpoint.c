/* The doorstroomtoets chain test endpoint on libmicrohttpd (chain_endpoint.h): the definition's
 * four interactions, every message checked with liboso, what was received stored. */
#include "chain_endpoint.h"

#include "oso/oso.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The report download is no message operation: its path is not in the message table. */
static const char rapport_prefix[] = "/leerlingrapport/";
static const char rapport_operation[] = "/leerlingrapport/{rapportid}";

struct chain_endpoint {
    struct chain_endpoint_config config;
    struct MHD_Daemon *daemon;
    pthread_mutex_t lock; /* store_seq */
    unsigned long store_seq;
};

struct request {
    char *body;
    size_t length, cap;
    int too_large;
};

/* An Ontvangstmelding response with `status`, and one more header when `header` is given. */
static enum MHD_Result reply_with(struct MHD_Connection *c, unsigned status, const char *melding,
                                  const char *header, const char *value)
{
    char *json = NULL;
    size_t len = 0;
    if (oso_chain_write_ontvangstmelding(&json, &len, melding) != OSO_OK)
        return MHD_NO;
    struct MHD_Response *r =
        MHD_create_response_from_buffer_with_free_callback(len, json, oso_free);
    if (r == NULL) {
        oso_free(json);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    if (header != NULL)
        MHD_add_response_header(r, header, value);
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *melding)
{
    return reply_with(c, status, melding, NULL, NULL);
}

/* 1 when edu-to and edu-from pass the definition for the operation at `path`, warnings
 * included (a test endpoint holds partners to the description too); else the first finding's
 * message in `why`. -1 when the check could not run. */
static int routing_ok(const char *path, const char *to, const char *from, char *why, size_t size)
{
    oso_report *r;
    if (oso_chain_check_routing(&r, path, to, from) != OSO_OK)
        return -1;
    int ok = oso_report_count(r) == 0;
    if (!ok)
        snprintf(why, size, "%s", oso_diagnostic_message(oso_report_at(r, 0), OSO_LANG_NL));
    oso_report_free(r);
    return ok;
}

static int known_school(const struct chain_endpoint *s, const char *id)
{
    if (s->config.school_count == 0)
        return 1;
    for (size_t i = 0; i < s->config.school_count; i++)
        if (strcmp(s->config.schools[i], id) == 0)
            return 1;
    return 0;
}

static void store(struct chain_endpoint *s, oso_chain_message_type type, unsigned status,
                  const struct request *rq)
{
    if (s->config.store_dir == NULL)
        return;
    pthread_mutex_lock(&s->lock);
    unsigned long seq = ++s->store_seq;
    pthread_mutex_unlock(&s->lock);
    char path[4096];
    snprintf(path, sizeof path, "%s/%06lu-%s-%u.json", s->config.store_dir, seq,
             oso_chain_message_type_name(type), status);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        fprintf(stderr, "oso doorstroomtoets serve: %s: %s\n", path, strerror(errno));
        return;
    }
    size_t done = 0;
    while (done < rq->length) {
        ssize_t n = write(fd, rq->body + done, rq->length - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            fprintf(stderr, "oso doorstroomtoets serve: %s: %s\n", path, strerror(errno));
            break;
        }
        done += (size_t)n;
    }
    close(fd);
}

/* 422's melding: the findings, as many as fit. */
static char *findings_text(const oso_report *r)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL)
        return NULL;
    fprintf(f, "Bericht ongeldig: %zu fout(en).", oso_report_error_count(r));
    size_t shown = 0;
    for (size_t i = 0; i < oso_report_count(r) && shown < 20; i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        if (oso_diagnostic_severity(g) != OSO_SEVERITY_ERROR)
            continue;
        fprintf(f, " %s %s (%lu:%lu): %s", oso_diagnostic_rule(g),
                oso_diagnostic_path(g)[0] ? oso_diagnostic_path(g) : "/",
                oso_diagnostic_line(g), oso_diagnostic_column(g),
                oso_diagnostic_message(g, OSO_LANG_NL));
        shown++;
    }
    if (oso_report_error_count(r) > shown)
        fputs(" ...", f);
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

static enum MHD_Result post_message(struct chain_endpoint *s, struct MHD_Connection *c,
                                    oso_chain_message_type type, struct request *rq)
{
    if (rq->too_large) /* not stored: it was not kept */
        return reply(c, MHD_HTTP_CONTENT_TOO_LARGE, "Bericht te groot.");
    oso_chain_check_options o = OSO_CHAIN_CHECK_OPTIONS_INIT;
    o.expect = type;
    o.max_bytes = s->config.max_body;
    oso_report *r;
    if (oso_chain_check_buffer(&r, NULL, rq->body ? rq->body : "", rq->length, &o) != OSO_OK)
        return reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "Interne fout bij het controleren.");
    enum MHD_Result ok;
    if (oso_report_valid(r)) {
        char melding[128];
        snprintf(melding, sizeof melding, "Bericht succesvol ontvangen (%s).",
                 oso_chain_message_type_name(type));
        store(s, type, MHD_HTTP_ACCEPTED, rq);
        ok = reply(c, MHD_HTTP_ACCEPTED, melding);
    } else {
        char *melding = findings_text(r);
        store(s, type, MHD_HTTP_UNPROCESSABLE_CONTENT, rq);
        ok = melding ? reply(c, MHD_HTTP_UNPROCESSABLE_CONTENT, melding) : MHD_NO;
        free(melding);
    }
    oso_report_free(r);
    return ok;
}

/* A report id is a file name: letters, digits, '-', '_' and '.', not starting with '.'. */
static int safe_id(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > 128 || id[0] == '.')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'A' && id[i] <= 'Z') ||
              (id[i] >= 'a' && id[i] <= 'z') || strchr("-_.", id[i])))
            return 0;
    return 1;
}

static enum MHD_Result get_rapport(struct chain_endpoint *s, struct MHD_Connection *c,
                                   const char *id)
{
    if (s->config.rapport_dir == NULL || !safe_id(id))
        return reply(c, MHD_HTTP_NOT_FOUND, "Leerlingrapport niet gevonden.");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.pdf", s->config.rapport_dir, id);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return reply(c, MHD_HTTP_NOT_FOUND, "Leerlingrapport niet gevonden.");
    }
    if (st.st_size == 0) {
        /* A report that is registered but not available yet. The definition gives 204 an
         * Ontvangstmelding body, but HTTP forbids a body with 204 (RFC 9110, 15.3.5). */
        close(fd);
        struct MHD_Response *none = MHD_create_response_from_buffer(0, NULL,
                                                                    MHD_RESPMEM_PERSISTENT);
        if (none == NULL)
            return MHD_NO;
        enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_NO_CONTENT, none);
        MHD_destroy_response(none);
        return ok;
    }
    struct MHD_Response *r = MHD_create_response_from_fd((size_t)st.st_size, fd);
    if (r == NULL) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/pdf");
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

struct argument_search {
    const char *name;
    const char *value;
    int found;
};

static enum MHD_Result match_argument(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    (void)kind;
    struct argument_search *a = cls;
    if (strcmp(key, a->name) != 0)
        return MHD_YES;
    a->value = value;
    a->found = 1;
    return MHD_NO; /* the first one counts */
}

/* The first query argument called exactly `name`, NULL when absent or without a value. Query
 * names are case-sensitive (RFC 3986); MHD_lookup_connection_value() would also take "edu-To". */
static const char *query_argument(struct MHD_Connection *c, const char *name)
{
    struct argument_search a = {name, NULL, 0};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, match_argument, &a);
    return a.value;
}

static enum MHD_Result respond(struct chain_endpoint *s, struct MHD_Connection *c,
                               const char *url, const char *method, struct request *rq)
{
    oso_chain_message_type type = OSO_CHAIN_UNKNOWN;
    const char *operation = rapport_operation;
    for (int t = OSO_CHAIN_DEELNEMERSLIJST; t <= OSO_CHAIN_LEERLINGRESULTAAT; t++) {
        const char *path;
        if (oso_chain_message_operation((oso_chain_message_type)t, NULL, &path) == OSO_OK &&
            strcmp(url, path) == 0) {
            type = (oso_chain_message_type)t;
            operation = path;
        }
    }
    int rapport = strncmp(url, rapport_prefix, sizeof rapport_prefix - 1) == 0;
    if (type == OSO_CHAIN_UNKNOWN && !rapport)
        return reply(c, MHD_HTTP_NOT_FOUND, "Onbekend pad.");
    const char *expected = rapport ? MHD_HTTP_METHOD_GET : MHD_HTTP_METHOD_POST;
    if (strcmp(method, expected) != 0)
        return reply_with(c, MHD_HTTP_METHOD_NOT_ALLOWED, "Methode niet toegestaan.",
                          MHD_HTTP_HEADER_ALLOW, expected);
    const char *to = query_argument(c, "edu-to");
    const char *from = query_argument(c, "edu-from");
    char why[256], melding[400];
    int routed = routing_ok(operation, to, from, why, sizeof why);
    if (routed < 0)
        return reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "Interne fout bij het controleren.");
    if (!routed) {
        snprintf(melding, sizeof melding,
                 "Verzender en/of ontvanger niet geautoriseerd: %s", why);
        return reply(c, MHD_HTTP_UNAUTHORIZED, melding);
    }
    if (!known_school(s, to))
        return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED,
                     type == OSO_CHAIN_LEERLINGRESULTAAT
                         ? "School is niet bekend bij ontvanger."
                         : "School is (nog) niet bekend bij de toetsleverancier.");
    if (type == OSO_CHAIN_DEELNEMERSLIJST && s->config.registreren_closed)
        return reply(c, MHD_HTTP_FORBIDDEN, "Inschrijving is gesloten.");
    if (type == OSO_CHAIN_SCHOOLADVIEZENLIJST && s->config.schooladviezen_closed)
        return reply(c, MHD_HTTP_FORBIDDEN, "Aanlevering schooladviezen is gesloten.");
    if (rapport)
        return get_rapport(s, c, url + sizeof rapport_prefix - 1);
    return post_message(s, c, type, rq);
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Decodes %HH in the path and the query arguments, except %00: the handler sees C strings, and
 * a decoded NUL would cut "rap-1%00x" to the report rap-1, or let an edu-to with junk after
 * %00 pass the routing check. Kept as the three characters, such a value is refused. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls, (void)c;
    char *out = s;
    for (const char *in = s; *in != '\0'; in++) {
        int hi, lo;
        if (in[0] == '%' && (hi = hex_digit(in[1])) >= 0 && (lo = hex_digit(in[2])) >= 0 &&
            (hi | lo) != 0) {
            *out++ = (char)(hi * 16 + lo);
            in += 2;
        } else {
            *out++ = *in;
        }
    }
    *out = '\0';
    return (size_t)(out - s);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)version;
    struct chain_endpoint *s = cls;
    struct request *rq = *con_cls;
    if (rq == NULL) {
        rq = calloc(1, sizeof *rq);
        if (rq == NULL)
            return MHD_NO;
        *con_cls = rq;
        const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                         MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (length != NULL && strtoull(length, NULL, 10) > s->config.max_body) {
            /* Answer at once: MHD then closes the connection instead of reading the body. */
            rq->too_large = 1;
            return reply(c, MHD_HTTP_CONTENT_TOO_LARGE, "Bericht te groot.");
        }
        return MHD_YES;
    }
    if (*upload_size > 0) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (rq->too_large || rq->length + n > s->config.max_body) {
            rq->too_large = 1; /* the rest is read and dropped */
            free(rq->body);
            rq->body = NULL;
            rq->length = rq->cap = 0;
            return MHD_YES;
        }
        if (rq->length + n > rq->cap) {
            size_t cap = rq->cap ? rq->cap : 4096;
            while (cap < rq->length + n)
                cap *= 2;
            char *p = realloc(rq->body, cap);
            if (p == NULL)
                return MHD_NO;
            rq->body = p;
            rq->cap = cap;
        }
        memcpy(rq->body + rq->length, upload, n);
        rq->length += n;
        return MHD_YES;
    }
    return respond(s, c, url, method, rq);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode code)
{
    (void)cls, (void)c, (void)code;
    struct request *rq = *con_cls;
    if (rq != NULL) {
        free(rq->body);
        free(rq);
        *con_cls = NULL;
    }
}

int chain_endpoint_valid_school(const char *id)
{
    char why[256];
    return routing_ok(rapport_operation, id, id, why, sizeof why) == 1;
}

struct chain_endpoint *chain_endpoint_start(const struct chain_endpoint_config *config,
                                            const struct sockaddr_in *address, unsigned *port)
{
    struct chain_endpoint *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->config = *config;
    pthread_mutex_init(&s->lock, NULL);
    s->daemon = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD, 0, NULL, NULL, handle, s,
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)address,
        MHD_OPTION_CONNECTION_LIMIT, config->max_connections,
        MHD_OPTION_THREAD_POOL_SIZE, config->threads,
        MHD_OPTION_CONNECTION_TIMEOUT, config->timeout_seconds,
        MHD_OPTION_NOTIFY_COMPLETED, completed, s,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
        MHD_OPTION_END);
    if (s->daemon == NULL) {
        pthread_mutex_destroy(&s->lock);
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    *port = info ? info->port : ntohs(address->sin_port);
    return s;
}

void chain_endpoint_stop(struct chain_endpoint *endpoint)
{
    MHD_stop_daemon(endpoint->daemon);
    pthread_mutex_destroy(&endpoint->lock);
    free(endpoint);
}
