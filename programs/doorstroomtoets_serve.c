/* `oso doorstroomtoets serve`: a test endpoint of the doorstroomtoets chain on libmicrohttpd.
 * It answers the definition's four interactions, checks every message with liboso and stores
 * what it received; for chain partners testing their implementation (oso(1)). */
#include "cli.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: oso doorstroomtoets serve --listen ADDRESS:PORT [--school ID]... [--rapporten DIR]\n"
    "                                 [--store DIR] [--max-body BYTES] [--max-connections N]\n"
    "                                 [--threads N] [--timeout SECONDS]\n";

/* The report download is no message operation: its path is not in the message table. */
static const char rapport_prefix[] = "/leerlingrapport/";
static const char rapport_operation[] = "/leerlingrapport/{rapportid}";

struct server {
    char **schools;          /* known schools (edu-to); none: every school is known */
    size_t school_count;
    const char *rapport_dir; /* PDFs served as DIR/RAPPORTID.pdf */
    const char *store_dir;   /* every received body is written here */
    size_t max_body;
    pthread_mutex_t lock;    /* store_seq */
    unsigned long store_seq;
};

struct request {
    char *body;
    size_t length, cap;
    int too_large;
};

/* An Ontvangstmelding response with `status`. */
static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *melding)
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
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
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

static int known_school(const struct server *s, const char *id)
{
    if (s->school_count == 0)
        return 1;
    for (size_t i = 0; i < s->school_count; i++)
        if (strcmp(s->schools[i], id) == 0)
            return 1;
    return 0;
}

static void store(struct server *s, oso_chain_message_type type, unsigned status,
                  const struct request *rq)
{
    if (s->store_dir == NULL)
        return;
    pthread_mutex_lock(&s->lock);
    unsigned long seq = ++s->store_seq;
    pthread_mutex_unlock(&s->lock);
    char path[4096];
    snprintf(path, sizeof path, "%s/%06lu-%s-%u.json", s->store_dir, seq,
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

static enum MHD_Result post_message(struct server *s, struct MHD_Connection *c,
                                    oso_chain_message_type type, struct request *rq)
{
    if (rq->too_large) /* not stored: it was not kept */
        return reply(c, MHD_HTTP_CONTENT_TOO_LARGE, "Bericht te groot.");
    oso_chain_check_options o = OSO_CHAIN_CHECK_OPTIONS_INIT;
    o.expect = type;
    o.max_bytes = s->max_body;
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

static enum MHD_Result get_rapport(struct server *s, struct MHD_Connection *c, const char *id)
{
    if (s->rapport_dir == NULL || !safe_id(id))
        return reply(c, MHD_HTTP_NOT_FOUND, "Leerlingrapport niet gevonden.");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.pdf", s->rapport_dir, id);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return reply(c, MHD_HTTP_NOT_FOUND, "Leerlingrapport niet gevonden.");
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

static enum MHD_Result respond(struct server *s, struct MHD_Connection *c, const char *url,
                               const char *method, struct request *rq)
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
        return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "Methode niet toegestaan.");
    const char *to = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "edu-to");
    const char *from = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "edu-from");
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
                     "School is (nog) niet bekend bij de toetsleverancier.");
    if (rapport)
        return get_rapport(s, c, url + sizeof rapport_prefix - 1);
    return post_message(s, c, type, rq);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)version;
    struct server *s = cls;
    struct request *rq = *con_cls;
    if (rq == NULL) {
        rq = calloc(1, sizeof *rq);
        if (rq == NULL)
            return MHD_NO;
        *con_cls = rq;
        const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                         MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (length != NULL && strtoull(length, NULL, 10) > s->max_body) {
            /* Answer at once: MHD then closes the connection instead of reading the body. */
            rq->too_large = 1;
            return reply(c, MHD_HTTP_CONTENT_TOO_LARGE, "Bericht te groot.");
        }
        return MHD_YES;
    }
    if (*upload_size > 0) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (rq->too_large || rq->length + n > s->max_body) {
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

static int parse_listen(const char *text, struct sockaddr_in *addr)
{
    const char *colon = strrchr(text, ':');
    char host[64];
    if (colon == NULL || (size_t)(colon - text) >= sizeof host)
        return 0;
    memcpy(host, text, (size_t)(colon - text));
    host[colon - text] = '\0';
    char *end;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (colon[1] == '\0' || *end != '\0' || port > 65535)
        return 0;
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_port = htons((uint16_t)port);
    return inet_pton(AF_INET, host, &addr->sin_addr) == 1;
}

static int number(const char *text, unsigned long long max, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno || v == 0 || v > max)
        return 0;
    *out = v;
    return 1;
}

int oso_doorstroomtoets_serve(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"school", required_argument, NULL, 's'},
        {"rapporten", required_argument, NULL, 'r'},
        {"store", required_argument, NULL, 'd'},
        {"max-body", required_argument, NULL, 'b'},
        {"max-connections", required_argument, NULL, 'c'},
        {"threads", required_argument, NULL, 't'},
        {"timeout", required_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct server s = {NULL, 0, NULL, NULL, 4u * 1024u * 1024u, PTHREAD_MUTEX_INITIALIZER, 0};
    const char *listen = NULL;
    unsigned long long connections = 32, threads = 4, timeout = 10, v;
    int c, result = EXIT_TROUBLE;
    s.schools = calloc((size_t)argc, sizeof *s.schools);
    if (s.schools == NULL)
        return EXIT_TROUBLE;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'l': listen = optarg; break;
        case 's': {
            char why[256];
            if (routing_ok(rapport_operation, optarg, optarg, why, sizeof why) != 1) {
                free(s.schools);
                return cli_usage_error("doorstroomtoets", usage,
                                       "--school '%s' is not 20 letters and digits", optarg);
            }
            s.schools[s.school_count++] = optarg;
            break;
        }
        case 'r': s.rapport_dir = optarg; break;
        case 'd': s.store_dir = optarg; break;
        case 'b':
        case 'c':
        case 't':
        case 'T':
            if (!number(optarg, c == 'b' ? (1ull << 32) : 100000, &v)) {
                free(s.schools);
                return cli_usage_error("doorstroomtoets", usage, "bad number '%s'", optarg);
            }
            if (c == 'b')
                s.max_body = (size_t)v;
            else if (c == 'c')
                connections = v;
            else if (c == 't')
                threads = v;
            else
                timeout = v;
            break;
        case 'h':
            free(s.schools);
            fputs(usage, stdout);
            return EXIT_VALID;
        default:
            free(s.schools);
            fputs(usage, stderr);
            return EXIT_TROUBLE;
        }
    }
    struct sockaddr_in addr;
    if (optind != argc || listen == NULL || !parse_listen(listen, &addr)) {
        free(s.schools);
        return cli_usage_error("doorstroomtoets", usage,
                               "serve needs --listen ADDRESS:PORT (IPv4) and no other arguments");
    }
    /* The daemon's threads inherit the mask: only sigwait() below sees the signals. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD, 0, NULL, NULL, handle, &s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)connections,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)timeout,
        MHD_OPTION_NOTIFY_COMPLETED, completed, &s,
        MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "oso doorstroomtoets serve: cannot listen on %s\n", listen);
    } else {
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
        char host[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &addr.sin_addr, host, sizeof host);
        printf("listening on %s:%u\n", host, info ? info->port : ntohs(addr.sin_port));
        fflush(stdout);
        int sig;
        sigwait(&stop, &sig);
        MHD_stop_daemon(d);
        fprintf(stderr, "oso doorstroomtoets serve: stopped (%s)\n",
                sig == SIGINT ? "SIGINT" : "SIGTERM");
        result = EXIT_VALID;
    }
    free(s.schools);
    return result;
}
