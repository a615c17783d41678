/* Buffered output to memory, a FILE*, or a file descriptor. */
#ifndef OSO_SINK_H
#define OSO_SINK_H

#include "oso/common.h"

#include <stdio.h>
#include <string.h>

struct oso_sink {
    char *buf;
    size_t len, cap;
    int to_memory;     /* grow the buffer instead of flushing */
    FILE *stream;
    int fd;
    int failed;        /* a write or allocation failed: later output is dropped */
    oso_status status;
};

void oso_sink_memory(struct oso_sink *s);
int oso_sink_stream(struct oso_sink *s, FILE *stream);
int oso_sink_fd(struct oso_sink *s, int fd);
/* Make room for n more bytes; 0 when failed. */
int oso_sink_reserve(struct oso_sink *s, size_t n);
/* Flush to the stream/fd (no-op for memory). */
int oso_sink_flush(struct oso_sink *s);
/* Finish: for memory sinks hand over the NUL-terminated buffer; release everything. */
oso_status oso_sink_finish(struct oso_sink *s, char **out, size_t *out_len);

struct oso_dossier;
struct oso_write_options;

/* A serializer, and the four ways of running one (buffer, stream, fd, path). */
typedef oso_status (*oso_writer_fn)(struct oso_sink *, const struct oso_dossier *,
                                    const struct oso_write_options *);
oso_status oso_write_to_buffer(oso_writer_fn fn, char **out, size_t *len,
                               const struct oso_dossier *d, const struct oso_write_options *o);
oso_status oso_write_to_stream(oso_writer_fn fn, const struct oso_dossier *d, FILE *f,
                               const struct oso_write_options *o);
oso_status oso_write_to_fd(oso_writer_fn fn, const struct oso_dossier *d, int fd,
                           const struct oso_write_options *o);
oso_status oso_write_to_path(oso_writer_fn fn, const struct oso_dossier *d, const char *path,
                             const struct oso_write_options *o);

static inline void oso_sink_write(struct oso_sink *s, const char *data, size_t n)
{
    if (s->cap - s->len < n && !oso_sink_reserve(s, n))
        return;
    memcpy(s->buf + s->len, data, n);
    s->len += n;
}

static inline void oso_sink_puts(struct oso_sink *s, const char *str)
{
    oso_sink_write(s, str, strlen(str));
}

static inline void oso_sink_putc(struct oso_sink *s, char c)
{
    if (s->cap == s->len && !oso_sink_reserve(s, 1))
        return;
    s->buf[s->len++] = c;
}

#endif
