/* Buffered output (see sink.h). */
#include "base/sink.h"

#include "base/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

enum { FLUSH_SIZE = 256 * 1024 };

static int init(struct oso_sink *s, size_t cap)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->buf = malloc(cap);
    s->cap = cap;
    if (s->buf == NULL) {
        s->failed = 1;
        s->status = OSO_E_NOMEM;
        s->cap = 0;
        return 0;
    }
    return 1;
}

void oso_sink_memory(struct oso_sink *s)
{
    init(s, 64 * 1024);
    s->to_memory = 1;
}

int oso_sink_stream(struct oso_sink *s, FILE *stream)
{
    int ok = init(s, FLUSH_SIZE);
    s->stream = stream;
    return ok;
}

int oso_sink_fd(struct oso_sink *s, int fd)
{
    int ok = init(s, FLUSH_SIZE);
    s->fd = fd;
    return ok;
}

static void fail(struct oso_sink *s, oso_status st)
{
    if (!s->failed) {
        s->failed = 1;
        s->status = st;
    }
}

int oso_sink_flush(struct oso_sink *s)
{
    if (s->failed || s->to_memory || s->len == 0)
        return !s->failed;
    if (s->stream != NULL) {
        if (fwrite(s->buf, 1, s->len, s->stream) != s->len)
            fail(s, OSO_E_IO);
    } else {
        size_t done = 0;
        while (done < s->len) {
            ssize_t n = write(s->fd, s->buf + done, s->len - done);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                fail(s, OSO_E_IO);
                break;
            }
            done += (size_t)n;
        }
    }
    s->len = 0;
    return !s->failed;
}

int oso_sink_reserve(struct oso_sink *s, size_t n)
{
    if (s->failed)
        return 0;
    if (!s->to_memory) {
        oso_sink_flush(s);
        if (s->cap >= n)
            return !s->failed;
    }
    size_t cap = s->cap ? s->cap : 1024;
    while (cap - s->len < n) {
        if (cap > ((size_t)-1) / 2) {
            fail(s, OSO_E_NOMEM);
            return 0;
        }
        cap *= 2;
    }
    char *grown = realloc(s->buf, cap);
    if (grown == NULL) {
        fail(s, OSO_E_NOMEM);
        return 0;
    }
    s->buf = grown;
    s->cap = cap;
    return 1;
}

oso_status oso_sink_finish(struct oso_sink *s, char **out, size_t *out_len)
{
    if (!s->to_memory) {
        oso_sink_flush(s);
        if (s->stream != NULL && !s->failed && fflush(s->stream) != 0)
            fail(s, OSO_E_IO);
    } else if (!s->failed) {
        oso_sink_putc(s, '\0');
    }
    if (s->failed) {
        free(s->buf);
        s->buf = NULL;
        return oso_fail(s->status, s->status == OSO_E_IO ? "writing output failed: %s"
                                                          : "out of memory writing output%s",
                        s->status == OSO_E_IO ? strerror(errno) : "");
    }
    if (s->to_memory) {
        *out = s->buf;
        if (out_len != NULL)
            *out_len = s->len - 1;
    } else {
        free(s->buf);
    }
    s->buf = NULL;
    return OSO_OK;
}

oso_status oso_write_to_buffer(oso_writer_fn fn, char **out, size_t *len, const struct oso_dossier *d,
                               const struct oso_write_options *o)
{
    if (out == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "NULL output pointer");
    *out = NULL;
    struct oso_sink s;
    oso_sink_memory(&s);
    oso_status st = fn(&s, d, o);
    if (st != OSO_OK) {
        free(s.buf);
        return st;
    }
    return oso_sink_finish(&s, out, len);
}

oso_status oso_write_to_stream(oso_writer_fn fn, const struct oso_dossier *d, FILE *f,
                               const struct oso_write_options *o)
{
    if (f == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "NULL stream");
    struct oso_sink s;
    oso_sink_stream(&s, f);
    oso_status st = fn(&s, d, o);
    if (st != OSO_OK) {
        free(s.buf);
        return st;
    }
    return oso_sink_finish(&s, NULL, NULL);
}

oso_status oso_write_to_fd(oso_writer_fn fn, const struct oso_dossier *d, int fd, const struct oso_write_options *o)
{
    struct oso_sink s;
    oso_sink_fd(&s, fd);
    oso_status st = fn(&s, d, o);
    if (st != OSO_OK) {
        free(s.buf);
        return st;
    }
    return oso_sink_finish(&s, NULL, NULL);
}

oso_status oso_write_to_path(oso_writer_fn fn, const struct oso_dossier *d, const char *path,
                             const struct oso_write_options *o)
{
    if (path == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "NULL path");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return oso_fail(OSO_E_IO, "cannot create %s: %s", path, strerror(errno));
    oso_status st = oso_write_to_fd(fn, d, fd, o);
    if (close(fd) != 0 && st == OSO_OK)
        st = oso_fail(OSO_E_IO, "closing %s failed: %s", path, strerror(errno));
    return st;
}

