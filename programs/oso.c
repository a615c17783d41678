/* `oso`: the command-line tool of liboso. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char usage_en[] =
    "usage: oso validate [--format text|json|meldingen] [--profile auto|none|OV|PaO]\n"
    "                    [--codelists DIR] [--attachments] [--strict] [--rules +GROUP,...]\n"
    "                    [--lang nl|en] [-j N] [--recursive] [-o DIR] [--quiet|--verbose]\n"
    "                    [--progress|--no-progress] [--limit NAME=VALUE]... FILE...\n"
    "       oso convert --to xml|json [--compact] [--omit-attachments] [--lang nl|en]\n"
    "                   [--limit NAME=VALUE]... FILE [-o OUT]\n"
    "       oso redact [--release metadata|PRESET|CAT=VALUE,...] [--limit NAME=VALUE]... FILE -o OUT\n"
    "       oso render [--lang nl|en] [--findings] [--attachments none|list|embed|link]\n"
    "                  [--release SPEC] [--fragment] FILE -o OUT.html\n"
    "       oso diff [--format text|json|summary] [--no-moves] OLD NEW\n"
    "       oso anonymize [--seed S] [--key-file F] FILE -o OUT\n"
    "       oso attachments list|verify|extract [--dir DIR] [--force] [--limit NAME=VALUE]... FILE...\n"
    "       oso codelists list|show N|lookup N CODE [--codelists DIR]\n"
    "       oso doorstroomtoets check [--format text|json] FILE.json...\n"
    "       oso doorstroomtoets import RESULT.json [--rapport R.pdf] DOSSIER.xml -o OUT.xml\n"
    "       oso doorstroomtoets schooladvies DOSSIER.xml... -o LIST.json\n"
    "       oso doorstroomtoets serve --listen ADDR:PORT [--school ID]...\n"
    "       oso version\n"
    "       oso help [COMMAND]\n"
    "FILE may be '-' for standard input. 'oso COMMAND --help' (or 'oso help COMMAND') explains a\n"
    "command, with every option, its default and examples; the manual is oso(1).\n"
    "Language: --lang, else OSO_LANG, else LC_ALL/LC_MESSAGES/LANG starting with 'en' gives\n"
    "English, else Dutch.\n"
    "Exit status: 0 success / all valid, 1 some input invalid, 2 usage, I/O or internal error.\n";
static const char usage_nl[] =
    "gebruik: oso validate [--format text|json|meldingen] [--profile auto|none|OV|PaO]\n"
    "                      [--codelists DIR] [--attachments] [--strict] [--rules +GROEP,...]\n"
    "                      [--lang nl|en] [-j N] [--recursive] [-o DIR] [--quiet|--verbose]\n"
    "                      [--progress|--no-progress] [--limit NAAM=WAARDE]... BESTAND...\n"
    "         oso convert --to xml|json [--compact] [--omit-attachments] [--lang nl|en]\n"
    "                     [--limit NAAM=WAARDE]... BESTAND [-o UIT]\n"
    "         oso redact [--release metadata|PRESET|CAT=WAARDE,...] [--limit NAAM=WAARDE]... BESTAND -o UIT\n"
    "         oso render [--lang nl|en] [--findings] [--attachments none|list|embed|link]\n"
    "                    [--release SPEC] [--fragment] BESTAND -o UIT.html\n"
    "         oso diff [--format text|json|summary] [--no-moves] OUD NIEUW\n"
    "         oso anonymize [--seed S] [--key-file F] BESTAND -o UIT\n"
    "         oso attachments list|verify|extract [--dir DIR] [--force] [--limit NAAM=WAARDE]... BESTAND...\n"
    "         oso codelists list|show N|lookup N CODE [--codelists DIR]\n"
    "         oso doorstroomtoets check [--format text|json] BESTAND.json...\n"
    "         oso doorstroomtoets import RESULTAAT.json [--rapport R.pdf] DOSSIER.xml -o UIT.xml\n"
    "         oso doorstroomtoets schooladvies DOSSIER.xml... -o LIJST.json\n"
    "         oso doorstroomtoets serve --listen ADRES:POORT [--school ID]...\n"
    "         oso version\n"
    "         oso help [OPDRACHT]\n"
    "BESTAND mag '-' zijn voor standaardinvoer. 'oso OPDRACHT --help' (of 'oso help OPDRACHT')\n"
    "legt een opdracht uit, met elke optie, de standaardwaarde en voorbeelden; de handleiding is\n"
    "oso(1).\n"
    "Taal: --lang, anders OSO_LANG, anders LC_ALL/LC_MESSAGES/LANG die met 'en' begint: Engels,\n"
    "anders Nederlands.\n"
    "Afsluitstatus: 0 gelukt / alles geldig, 1 een invoer ongeldig, 2 gebruiks-, lees- of interne fout.\n";
#define USAGE TR(usage_nl, usage_en)

static int cmd_version(int argc, char **argv)
{
    (void)argv;
    if (argc > 1)
        return cli_usage_error("version", "usage: oso version\n",
                               TR("geen argumenten verwacht", "no arguments expected"));
    printf("oso %s (liboso %s; OSO Gegevensset 2019.1, validatieversie 2019.1.1)\n",
           OSO_VERSION_STRING, oso_version());
    return EXIT_VALID;
}

static const struct {
    const char *name;
    int (*run)(int, char **);
} commands[] = {
    {"validate", oso_cmd_validate},
    {"convert", oso_cmd_convert},
    {"codelists", oso_cmd_codelists},
    {"redact", oso_cmd_redact},
    {"attachments", oso_cmd_attachments},
    {"render", oso_cmd_render},
    {"doorstroomtoets", oso_cmd_doorstroomtoets},
    {"diff", oso_cmd_diff},
    {"anonymize", oso_cmd_anonymize},
    {"version", cmd_version},
};

int main(int argc, char **argv)
{
    cli_lang_from_environment();
    if (argc < 2) {
        fputs(USAGE, stderr);
        return EXIT_TROUBLE;
    }
    if (strcmp(argv[1], "help") == 0 && argc == 3 && strcmp(argv[2], "version") != 0) {
        /* oso help COMMAND = oso COMMAND --help */
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(argv[2], commands[i].name) == 0) {
                char *args[] = {argv[2], "--help", NULL};
                return commands[i].run(2, args);
            }
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(USAGE, stdout);
        return EXIT_VALID;
    }
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, TR("oso: onbekende opdracht '%s'\n", "oso: unknown command '%s'\n"), argv[1]);
    fputs(USAGE, stderr);
    return EXIT_TROUBLE;
}
