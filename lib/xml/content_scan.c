/* Attachment content read without expat (content_scan.h). */
#include "xml/content_scan.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum content_class {
    STOP,  /* anything expat should see: '<', ']' (of "]]>"), other references, control
            * characters, DEL and the bytes of UTF-8 sequences */
    DATA,  /* printable ASCII and tab: character data expat passes on as it is */
    LF,
    CR,
    AMP    /* a character reference, taken when it is one of the line-end references */
};

/* By byte: 0x20-0x7E but '&', '<' and ']', and tab, are DATA. */
static const unsigned char content_class[256] = {
    /*       0 1 2 3 4 5 6 7 8 9 A B C D E F */
    /* 0 */  0,0,0,0,0,0,0,0,0,1,2,0,0,3,0,0,
    /* 1 */  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    /* 2 */  1,1,1,1,1,1,4,1,1,1,1,1,1,1,1,1,
    /* 3 */  1,1,1,1,1,1,1,1,1,1,1,1,0,1,1,1,
    /* 4 */  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    /* 5 */  1,1,1,1,1,1,1,1,1,1,1,1,1,0,1,1,
    /* 6 */  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    /* 7 */  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,
};

/* The references taken: CR and LF, the forms writers use for line ends inside text. Each is
 * one byte of character data, XML whitespace, and no line break of the input. */
enum { REFERENCE_BYTES = 5 };

static int is_reference(const unsigned char *s)
{
    if (s[1] != '#' || s[4] != ';')
        return 0;
    if (s[2] == 'x')
        return s[3] == 'D' || s[3] == 'd' || s[3] == 'A' || s[3] == 'a';
    return s[2] == '1' && (s[3] == '3' || s[3] == '0');
}

/* The end of the run of DATA bytes at s[i..len). */
static size_t data_run_end(const unsigned char *s, size_t i, size_t len)
{
    for (;;) {
#ifdef __SSE2__
        /* Sixteen bytes at a time while all are printable ASCII (above 0x1F as signed bytes,
         * so not 0x80-0xFF) but '&', '<', ']' and DEL. */
        const __m128i below_space = _mm_set1_epi8(0x1F), amp = _mm_set1_epi8('&'),
                      lt = _mm_set1_epi8('<'), rsqb = _mm_set1_epi8(']'),
                      del = _mm_set1_epi8(0x7F);
        while (len - i >= 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, amp), _mm_cmpeq_epi8(x, lt)),
                                           _mm_or_si128(_mm_cmpeq_epi8(x, rsqb), _mm_cmpeq_epi8(x, del)));
            __m128i ok = _mm_andnot_si128(special, _mm_cmpgt_epi8(x, below_space));
            unsigned mask = (unsigned)_mm_movemask_epi8(ok);
            if (mask != 0xFFFFu) {
                i += (size_t)__builtin_ctz(~mask);
                break;
            }
            i += 16;
        }
#endif
        if (i == len || content_class[s[i]] != DATA)
            return i;
        i++;
    }
}

void oso_content_scan(const char *data, size_t len, int after_cr, uint64_t allowance,
                      struct oso_content_run *run)
{
    memset(run, 0, sizeof *run);
    const unsigned char *s = (const unsigned char *)data;
    uint64_t chars = 0;
    size_t i = 0, last_data = SIZE_MAX; /* start of the run of data taken last, if it ends at i */
    int had_data = 0;                   /* has_data before that run */
    while (i < len) {
        switch (content_class[s[i]]) {
        case DATA: {
            size_t start = i;
            i = data_run_end(s, i, len);
            if (chars + (i - start) > allowance) {
                i = start;
                goto done;
            }
            had_data = run->has_data;
            for (size_t k = start; k < i && !run->has_data; k++)
                run->has_data = s[k] != ' ' && s[k] != '\t';
            chars += i - start;
            last_data = start;
            after_cr = 0;
            continue;
        }
        case LF:
        case CR:
            /* A line break is one character; the LF of a CRLF adds neither one nor a line. */
            if (s[i] == '\r' || !after_cr) {
                if (chars + 1 > allowance)
                    goto done;
                chars++;
                run->breaks++;
            }
            after_cr = s[i] == '\r';
            run->line_start = ++i;
            break;
        case AMP:
            if (len - i < REFERENCE_BYTES) {
                run->cut = 1;
                goto done;
            }
            if (!is_reference(s + i) || chars + 1 > allowance)
                goto done;
            chars++;
            i += REFERENCE_BYTES;
            after_cr = 0;
            break;
        default:
            /* Any byte but '<' and '&' would continue expat's run of character data: leave
             * that run to expat whole, so it passes the text on in the same pieces. */
            if (s[i] != '<' && last_data != SIZE_MAX) {
                chars -= i - last_data;
                run->has_data = had_data;
                i = last_data;
            }
            goto done;
        }
        last_data = SIZE_MAX;
    }
done:
    run->bytes = i;
    run->chars = chars;
    run->ends_with_cr = i > 0 && s[i - 1] == '\r';
}

size_t oso_content_next_tag_end(const char *data, size_t len, const char *name, size_t name_len)
{
    const char *at = data, *end = data + len;
    while ((at = memmem(at, (size_t)(end - at), name, name_len)) != NULL) {
        const char *after = at + name_len;
        int opens = at > data && (at[-1] == '<' || at[-1] == ':');
        at = after;
        if (!opens || after == end ||
            (*after != '>' && *after != ' ' && *after != '\t' && *after != '\n' && *after != '\r'))
            continue;
        const char *gt = memchr(after, '>', (size_t)(end - after));
        if (gt == NULL)
            return 0;
        if (gt[-1] != '/') /* an empty-element tag has no content */
            return (size_t)(gt - data) + 1;
    }
    return 0;
}
