/* Language, escaping and messages shared by every `oso` command. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

oso_lang cli_lang = OSO_LANG_NL;

void cli_lang_from_environment(void)
{
    const char *oso_lang_env = getenv("OSO_LANG");
    if (oso_lang_env != NULL && cli_set_lang(oso_lang_env))
        return;
    /* POSIX precedence: the first of these that is set and not empty decides. */
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v != NULL && v[0] != '\0') {
            cli_lang = strncmp(v, "en", 2) == 0 ? OSO_LANG_EN : OSO_LANG_NL;
            return;
        }
    }
    cli_lang = OSO_LANG_NL;
}

int cli_set_lang(const char *value)
{
    if (strcmp(value, "nl") == 0)
        cli_lang = OSO_LANG_NL;
    else if (strcmp(value, "en") == 0)
        cli_lang = OSO_LANG_EN;
    else
        return 0;
    return 1;
}

const char *cli_text(const char *nl, const char *en)
{
    return cli_lang == OSO_LANG_EN ? en : nl;
}

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0 when it is not one. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
    size_t len = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (len == 0 || len > n || s[0] > 0xF4)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))
        return 0; /* overlong, surrogate, beyond U+10FFFF */
    return len;
}

void cli_put_escaped(FILE *f, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    if (s == NULL) {
        fputc('-', f);
        return;
    }
    if (len == (size_t)-1)
        len = strlen(text);
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x7F && c != '\\') {
            size_t run = 1; /* printable ASCII is written a run at a time */
            while (i + run < len && s[i + run] >= 0x20 && s[i + run] < 0x7F && s[i + run] != '\\')
                run++;
            fwrite(s + i, 1, run, f);
            i += run;
            continue;
        }
        switch (c) {
        case '\\': fputs("\\\\", f); i++; continue;
        case '\n': fputs("\\n", f); i++; continue;
        case '\t': fputs("\\t", f); i++; continue;
        case '\r': fputs("\\r", f); i++; continue;
        case 0x1B: fputs("\\e", f); i++; continue;
        default: break;
        }
        size_t seq = c >= 0x80 ? utf8_sequence(s + i, len - i) : 0;
        if (seq > 0 && !(c == 0xC2 && s[i + 1] < 0xA0)) { /* C1 controls stay escaped */
            fwrite(s + i, 1, seq, f);
            i += seq;
        } else {
            fprintf(f, "\\x%02X", c);
            i++;
        }
    }
}

const char *cli_errno_text(int err)
{
    switch (err) {
    case ENOENT: return TR("bestand of map bestaat niet", "no such file or directory");
    case EACCES:
    case EPERM: return TR("geen toegang", "permission denied");
    case EISDIR: return TR("is een map", "is a directory");
    case ENOTDIR: return TR("een deel van het pad is geen map", "a path component is not a directory");
    case ELOOP: return TR("te veel symbolische koppelingen", "too many levels of symbolic links");
    case ENAMETOOLONG: return TR("naam te lang", "name too long");
    case ENOMEM: return TR("onvoldoende geheugen", "out of memory");
    case EMFILE:
    case ENFILE: return TR("te veel open bestanden", "too many open files");
    case EIO: return TR("invoer-/uitvoerfout", "input/output error");
    case ENOSPC: return TR("schijf vol", "no space left on device");
    case EROFS: return TR("alleen-lezen bestandssysteem", "read-only file system");
    case EEXIST: return TR("bestaat al", "exists already");
    default: return TR("lees- of schrijffout", "read or write error");
    }
}

const char *cli_status_text(oso_status status)
{
    switch (status) {
    case OSO_OK: return TR("gelukt", "success");
    case OSO_E_NOMEM: return TR("onvoldoende geheugen", "out of memory");
    case OSO_E_INVALID_ARG: return TR("ongeldig argument", "invalid argument");
    case OSO_E_IO: return TR("lees- of schrijffout", "read or write error");
    case OSO_E_XML: return TR("geen goedgevormde XML", "not well-formed XML");
    case OSO_E_LIMIT: return TR("limiet overschreden", "limit exceeded");
    case OSO_E_OPTIONS_VERSION: return TR("onbekende versie van de opties", "unknown options version");
    case OSO_E_UNSUPPORTED_STANDARD: return TR("andere versie van de standaard", "unsupported standard version");
    case OSO_E_NOT_FOUND: return TR("niet gevonden", "not found");
    case OSO_E_SCHEMA: return TR("in strijd met het schema", "violates the schema");
    case OSO_E_STATE: return TR("niet mogelijk in deze toestand", "not possible in this state");
    case OSO_E_CODELIST_FORMAT: return TR("codelijstbestand onjuist opgemaakt", "malformed codelist file");
    case OSO_E_BASE64: return TR("ongeldige Base64", "invalid Base64");
    case OSO_E_ZIP: return TR("onleesbaar ZIP-bestand", "unreadable ZIP archive");
    case OSO_E_POLICY: return TR("niet toegestaan bestand", "file not allowed");
    case OSO_E_RELEASE: return TR("uitlevering niet toe te passen", "release cannot be applied");
    case OSO_E_INVALID: return TR("dossier ongeldig", "dossier not valid");
    }
    return TR("onbekende fout", "unknown error");
}

int cli_usage_error(const char *cmd, const char *usage_text, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "oso %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fputs(usage_text, stderr);
    fprintf(stderr, TR("Meer uitleg: oso %s --help\n", "More: oso %s --help\n"), cmd);
    return EXIT_TROUBLE;
}

int cli_option_error(const char *cmd, int c, char **argv)
{
    /* optind has moved past the offending argument (or its missing value). */
    const char *arg = argv[optind - 1];
    fprintf(stderr, "oso %s: ", cmd);
    if (c == ':')
        fprintf(stderr, TR("optie '%s' heeft een waarde nodig", "option '%s' needs a value"), arg);
    else if (optopt != 0 && (arg[0] != '-' || arg[1] == '-' || strlen(arg) != 2))
        fprintf(stderr, TR("onbekende optie '-%c'", "unknown option '-%c'"), optopt);
    else
        fprintf(stderr, TR("onbekende optie '%s'", "unknown option '%s'"), arg);
    fprintf(stderr, TR(" (zie oso %s --help)\n", " (see oso %s --help)\n"), cmd);
    return EXIT_TROUBLE;
}

int cli_lib_error(const char *cmd, const char *what, oso_status status)
{
    const char *detail = oso_error_last();
    fprintf(stderr, "oso %s: ", cmd);
    cli_put_escaped(stderr, what, (size_t)-1);
    fputs(": ", stderr);
    /* liboso's error details (oso_error_last) are English only: a Dutch run says what failed
     * in Dutch and keeps the detail (file, line, reason) as a technical note. */
    if (cli_lang == OSO_LANG_EN) {
        fputs(detail[0] ? detail : oso_strerror(status), stderr);
    } else {
        fputs(cli_status_text(status), stderr);
        if (detail[0] != '\0') {
            fputs(" (", stderr);
            cli_put_escaped(stderr, detail, (size_t)-1);
            fputc(')', stderr);
        }
    }
    fputc('\n', stderr);
    return EXIT_TROUBLE;
}

static const char *severity_prefix(oso_severity s)
{
    switch (s) {
    case OSO_SEVERITY_WARNING: return TR("waarschuwing: ", "warning: ");
    case OSO_SEVERITY_INFO: return "info: ";
    default: return "";
    }
}

void cli_print_diagnostic(FILE *f, const char *file, const oso_diagnostic *g)
{
    cli_put_escaped(f, file, (size_t)-1);
    fprintf(f, ":%lu:%lu: %s: %s", oso_diagnostic_line(g), oso_diagnostic_column(g),
            oso_diagnostic_rule(g), severity_prefix(oso_diagnostic_severity(g)));
    cli_put_escaped(f, oso_diagnostic_message(g, cli_lang), (size_t)-1);
    fputs(cli_limit_hint(g), f);
    fputc('\n', f);
}
