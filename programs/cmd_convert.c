/* `oso convert --to xml|json [--compact] FILE [-o OUT]`. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage_en[] = "usage: oso convert --to xml|json [--compact] [--omit-attachments] "
                               "[--lang nl|en] [--limit NAME=VALUE]... FILE [-o OUT]\n";
static const char usage_nl[] = "gebruik: oso convert --to xml|json [--compact] [--omit-attachments] "
                               "[--lang nl|en] [--limit NAAM=WAARDE]... BESTAND [-o UIT]\n";
#define USAGE TR(usage_nl, usage_en)

static void help(void)
{
    fputs(USAGE, stdout);
    fputs(TR("\n"
"Schrijft het dossier als XML of JSON (doc/json-mapping.md); '-' is standaardinvoer/-uitvoer.\n"
"  --to xml|json        uitvoerformaat (verplicht)\n"
"  --compact            zonder inspringing (standaard: ingesprongen)\n"
"  --omit-attachments   bijlage-inhoud (bestandsinhoud) weglaten (standaard: meenemen)\n"
"  -o, --output UIT     uitvoerbestand (standaard: standaarduitvoer)\n"
"  --lang nl|en         taal van de meldingen (standaard: OSO_LANG, anders LC_ALL/LC_MESSAGES/LANG)\n"
"  --limit NAAM=WAARDE  een limiet zetten (herhaalbaar; k, M, G = 1024-machten):\n",
"\n"
"Writes the dossier as XML or JSON (doc/json-mapping.md); '-' is standard input/output.\n"
"  --to xml|json        output format (required)\n"
"  --compact            no indentation (default: indented)\n"
"  --omit-attachments   leave attachment content (bestandsinhoud) out (default: keep it)\n"
"  -o, --output OUT     output file (default: standard output)\n"
"  --lang nl|en         language of messages (default: OSO_LANG, else LC_ALL/LC_MESSAGES/LANG)\n"
"  --limit NAME=VALUE   set a limit (repeatable; k, M, G = powers of 1024):\n"), stdout);
    cli_limits_help(stdout);
    fputs(TR("\nVoorbeelden:\n  oso convert --to json dossier.xml -o dossier.json\n"
             "  oso convert --to xml --compact --limit nodes=3M groot.xml -o klein.xml\n",
             "\nExamples:\n  oso convert --to json dossier.xml -o dossier.json\n"
             "  oso convert --to xml --compact --limit nodes=3M big.xml -o small.xml\n"), stdout);
}

int oso_cmd_convert(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"to", required_argument, NULL, 't'},
        {"compact", no_argument, NULL, 'c'},
        {"omit-attachments", no_argument, NULL, 'a'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"lang", required_argument, NULL, 'l'},
        {"limit", required_argument, NULL, 'L'},
        {NULL, 0, NULL, 0},
    };
    struct cli_limits limits;
    cli_limits_init(&limits);
    cli_limits_active = &limits;
    const char *to = NULL, *out = NULL;
    oso_write_options wo = OSO_WRITE_OPTIONS_INIT;
    int c;
    for (int i = 1; i + 1 < argc; i++) /* --lang first: every message in the run's language */
        if (strcmp(argv[i], "--lang") == 0)
            cli_set_lang(argv[i + 1]);
    optind = 0; /* GNU getopt permutes, so options may also follow FILE */
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 't': to = optarg; break;
        case 'c': wo.compact = 1; break;
        case 'a': wo.omit_attachment_content = 1; break;
        case 'o': out = optarg; break;
        case 'l':
            if (!cli_set_lang(optarg))
                return cli_usage_error("convert", USAGE, TR("onbekende taal '%s'", "unknown language '%s'"), optarg);
            break;
        case 'L':
            if (!cli_limit_set(&limits, "convert", USAGE, optarg))
                return EXIT_TROUBLE;
            break;
        case 'h': help(); return EXIT_VALID;
        default: return cli_option_error("convert", c, argv);
        }
    }
    if (argc - optind > 1)
        return cli_usage_error("convert", USAGE, TR("precies één BESTAND verwacht", "exactly one FILE expected"));
    const char *file = optind < argc ? argv[optind] : NULL;
    if (to == NULL || (strcmp(to, "xml") != 0 && strcmp(to, "json") != 0))
        return cli_usage_error("convert", USAGE, TR("--to xml of --to json is verplicht", "--to xml or --to json is required"));
    if (file == NULL)
        return cli_usage_error("convert", USAGE, TR("BESTAND ontbreekt", "FILE is required"));
    oso_dossier *d;
    oso_report *r;
    int fd = strcmp(file, "-") == 0 ? STDIN_FILENO : open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        fputs("oso convert: ", stderr);
        cli_put_escaped(stderr, file, (size_t)-1);
        fprintf(stderr, ": %s\n", cli_errno_text(err));
        return EXIT_TROUBLE;
    }
    oso_status st = oso_dossier_parse_fd(&d, &r, fd, &limits.parse);
    if (fd != STDIN_FILENO)
        close(fd);
    for (size_t i = 0; i < oso_report_count(r); i++)
        cli_print_diagnostic(stderr, file, oso_report_at(r, i));
    oso_report_free(r);
    if (d == NULL)
        return st == OSO_E_XML || st == OSO_E_LIMIT || st == OSO_E_UNSUPPORTED_STANDARD
                   ? EXIT_INVALID
                   : cli_lib_error("convert", file, st);
    int json = strcmp(to, "json") == 0;
    if (out == NULL || strcmp(out, "-") == 0)
        st = json ? oso_dossier_write_json(d, stdout, &wo) : oso_dossier_write_xml(d, stdout, &wo);
    else
        st = json ? oso_dossier_save_json(d, out, &wo) : oso_dossier_save_xml(d, out, &wo);
    oso_dossier_free(d);
    if (st != OSO_OK)
        return cli_lib_error("convert", out ? out : TR("standaarduitvoer", "standard output"), st);
    return EXIT_VALID;
}
