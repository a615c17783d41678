/* The doorstroomtoets chain test endpoint (chain_endpoint.c): an HTTP server on libmicrohttpd
 * that answers the definition's four interactions. `oso doorstroomtoets serve` runs it until a
 * signal; the HTTP fuzz harness runs it in-process on loopback. */
#ifndef OSO_PROGRAMS_CHAIN_ENDPOINT_H
#define OSO_PROGRAMS_CHAIN_ENDPOINT_H

#include <netinet/in.h>
#include <stddef.h>

struct chain_endpoint_config {
    const char *const *schools; /* known schools (edu-to); none: every school is known */
    size_t school_count;
    const char *rapport_dir;    /* PDFs served as DIR/RAPPORTID.pdf; NULL: none */
    const char *store_dir;      /* every checked body is written here; NULL: not stored */
    size_t max_body;            /* bytes of one request body */
    unsigned max_connections, threads, timeout_seconds;
    int registreren_closed;     /* POST /registreren answers 403 (enrolment closed) */
    int schooladviezen_closed;  /* POST /registreren-schooladviezen answers 403 */
};

struct chain_endpoint;

/* Listens on `address` (port 0: any free port, written to `*port`). NULL when it cannot. The
 * configuration's strings must outlive the endpoint. */
struct chain_endpoint *chain_endpoint_start(const struct chain_endpoint_config *config,
                                            const struct sockaddr_in *address, unsigned *port);

/* Stops listening, finishes the open connections and frees the endpoint. */
void chain_endpoint_stop(struct chain_endpoint *endpoint);

/* 1 when `id` is 20 letters and digits, as the endpoint requires of edu-to and edu-from. */
int chain_endpoint_valid_school(const char *id);

#endif
