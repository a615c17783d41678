/* `oso doorstroomtoets serve`: runs the chain test endpoint (chain_endpoint.c) until SIGINT or
 * SIGTERM; for chain partners testing their implementation (oso(1)). */
#include "chain_endpoint.h"
#include "cli.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: oso doorstroomtoets serve --listen ADDRESS:PORT [--school ID]... [--rapporten DIR]\n"
    "                                 [--store DIR] [--max-body BYTES] [--max-connections N]\n"
    "                                 [--threads N] [--timeout SECONDS]\n"
    "                                 [--closed registreren|registreren-schooladviezen]...\n";

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
        {"closed", required_argument, NULL, 'C'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct chain_endpoint_config config = {
        .max_body = 4u * 1024u * 1024u, .max_connections = 32, .threads = 4,
        .timeout_seconds = 10};
    const char *listen = NULL;
    unsigned long long v;
    int c;
    const char **schools = calloc((size_t)argc, sizeof *schools);
    if (schools == NULL)
        return EXIT_TROUBLE;
    config.schools = schools;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'l': listen = optarg; break;
        case 's':
            if (!chain_endpoint_valid_school(optarg)) {
                free(schools);
                return cli_usage_error("doorstroomtoets", usage,
                                       "--school '%s' is not 20 letters and digits", optarg);
            }
            schools[config.school_count++] = optarg;
            break;
        case 'r': config.rapport_dir = optarg; break;
        case 'd': config.store_dir = optarg; break;
        case 'C':
            if (strcmp(optarg, "registreren") == 0) {
                config.registreren_closed = 1;
            } else if (strcmp(optarg, "registreren-schooladviezen") == 0) {
                config.schooladviezen_closed = 1;
            } else {
                free(schools);
                return cli_usage_error("doorstroomtoets", usage,
                                       "--closed takes registreren or registreren-schooladviezen,"
                                       " not '%s'", optarg);
            }
            break;
        case 'b':
        case 'c':
        case 't':
        case 'T':
            if (!number(optarg, c == 'b' ? (1ull << 32) : 100000, &v)) {
                free(schools);
                return cli_usage_error("doorstroomtoets", usage, "bad number '%s'", optarg);
            }
            if (c == 'b')
                config.max_body = (size_t)v;
            else if (c == 'c')
                config.max_connections = (unsigned)v;
            else if (c == 't')
                config.threads = (unsigned)v;
            else
                config.timeout_seconds = (unsigned)v;
            break;
        case 'h':
            free(schools);
            fputs(usage, stdout);
            return EXIT_VALID;
        default:
            free(schools);
            fputs(usage, stderr);
            return EXIT_TROUBLE;
        }
    }
    struct sockaddr_in addr;
    if (optind != argc || listen == NULL || !parse_listen(listen, &addr)) {
        free(schools);
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
    int result = EXIT_TROUBLE;
    unsigned port;
    struct chain_endpoint *endpoint = chain_endpoint_start(&config, &addr, &port);
    if (endpoint == NULL) {
        fprintf(stderr, "oso doorstroomtoets serve: cannot listen on %s\n", listen);
    } else {
        char host[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &addr.sin_addr, host, sizeof host);
        printf("listening on %s:%u\n", host, port);
        fflush(stdout);
        int sig;
        sigwait(&stop, &sig);
        chain_endpoint_stop(endpoint);
        fprintf(stderr, "oso doorstroomtoets serve: stopped (%s)\n",
                sig == SIGINT ? "SIGINT" : "SIGTERM");
        result = EXIT_VALID;
    }
    free(schools);
    return result;
}
