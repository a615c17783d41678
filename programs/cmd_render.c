/* `oso render [--lang nl|en] [--findings] [--attachments none|list|embed|link] [--release SPEC]
 * [--fragment] FILE -o OUT.html`: the dossier as an HTML view for people (doc/render.md). */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: oso render [--lang nl|en] [--findings] [--attachments none|list|embed|link]\n"
    "                  [--attachment-dir DIR] [--release SPEC] [--codelists DIR] [--fragment]\n"
    "                  FILE -o OUT.html\n"
    "Writes a self-contained, printable HTML view of the dossier (OUT '-' for standard output).\n"
    "  --lang nl|en        language of the view (default nl)\n"
    "  --findings          run a full validation (official rules and attachments) and show its\n"
    "                      findings next to their elements and in a summary at the top\n"
    "  --attachments MODE  none: name and description only; list (default): also the files\n"
    "                      inside, with type, size and readability; embed: as list, with the\n"
    "                      files as download links inside the HTML; link: as list, with the\n"
    "                      files written to a folder beside OUT (OUT without .html + '_files',\n"
    "                      or --attachment-dir DIR) and linked\n"
    "  --release SPEC      preview a release (as for 'oso redact': metadata, PRESET, CAT=VALUE):\n"
    "                      each category says whether it would be released or withheld; the\n"
    "                      dossier is not changed\n"
    "  --codelists DIR     overlay the list files of DIR on the built-in codelists (meanings\n"
    "                      shown, and the validation of --findings)\n"
    "  --fragment          a <div class=\"oso-dossier\"> to embed, without <html> and style sheet\n"
    "Exit status: 0 written, 1 the input is not a readable OSO dossier, 2 usage or I/O error.\n";

/* "dir/name.html" -> "dir/name_files" (malloc'd). */
static char *files_dir_for(const char *out)
{
    size_t len = strlen(out);
    if (len > 5 && strcmp(out + len - 5, ".html") == 0)
        len -= 5;
    char *dir = malloc(len + 7);
    if (dir != NULL) {
        memcpy(dir, out, len);
        strcpy(dir + len, "_files");
    }
    return dir;
}

int oso_cmd_render(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"lang", required_argument, NULL, 'l'},        {"findings", no_argument, NULL, 'f'},
        {"attachments", required_argument, NULL, 'a'}, {"attachment-dir", required_argument, NULL, 'd'},
        {"release", required_argument, NULL, 'r'},     {"fragment", no_argument, NULL, 'g'},
        {"codelists", required_argument, NULL, 'c'},
        {"output", required_argument, NULL, 'o'},      {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *out = NULL, *spec = NULL, *dir = NULL, *codelist_dir = NULL;
    int findings = 0, c;
    oso_render_options ro = OSO_RENDER_OPTIONS_INIT;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'l':
            if (strcmp(optarg, "nl") == 0)
                ro.lang = OSO_LANG_NL;
            else if (strcmp(optarg, "en") == 0)
                ro.lang = OSO_LANG_EN;
            else
                return cli_usage_error("render", usage, "unknown language '%s'", optarg);
            break;
        case 'f': findings = 1; break;
        case 'a':
            if (strcmp(optarg, "none") == 0)
                ro.attachments = OSO_RENDER_ATTACHMENTS_NONE;
            else if (strcmp(optarg, "list") == 0)
                ro.attachments = OSO_RENDER_ATTACHMENTS_LIST;
            else if (strcmp(optarg, "embed") == 0)
                ro.attachments = OSO_RENDER_ATTACHMENTS_EMBED;
            else if (strcmp(optarg, "link") == 0)
                ro.attachments = OSO_RENDER_ATTACHMENTS_LINK;
            else
                return cli_usage_error("render", usage, "unknown attachments mode '%s'", optarg);
            break;
        case 'd': dir = optarg; break;
        case 'r': spec = optarg; break;
        case 'c': codelist_dir = optarg; break;
        case 'g': ro.fragment = 1; break;
        case 'o': out = optarg; break;
        case 'h': fputs(usage, stdout); return EXIT_VALID;
        default: return cli_usage_error("render", usage, "unknown option");
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("render", usage, "exactly one FILE expected");
    if (out == NULL)
        return cli_usage_error("render", usage, "-o OUT.html is required");
    const int to_stdout = strcmp(out, "-") == 0;
    if (ro.attachments == OSO_RENDER_ATTACHMENTS_LINK && dir == NULL && to_stdout)
        return cli_usage_error("render", usage, "--attachments link with -o - needs --attachment-dir");
    const char *file = argv[optind];

    oso_codelists *lists = NULL;
    if (codelist_dir != NULL) {
        oso_status st = oso_codelists_new(&lists);
        if (st == OSO_OK)
            st = oso_codelists_load_dir(lists, codelist_dir);
        if (st != OSO_OK) {
            oso_codelists_free(lists);
            return cli_lib_error("render", "--codelists", st);
        }
        ro.codelists = lists;
    }
    oso_release *rel = NULL;
    if (spec != NULL) {
        oso_status st = oso_release_new(&rel);
        if (st != OSO_OK) {
            oso_codelists_free(lists);
            return cli_lib_error("render", "--release", st);
        }
        if (cli_parse_release(rel, spec) != OSO_OK) {
            oso_release_free(rel);
            oso_codelists_free(lists);
            return cli_usage_error("render", usage, "%s", oso_error_last());
        }
        ro.release = rel;
    }
    char *files_dir = NULL, *href = NULL;
    if (ro.attachments == OSO_RENDER_ATTACHMENTS_LINK && dir == NULL) {
        files_dir = files_dir_for(out);
        const char *slash = files_dir ? strrchr(files_dir, '/') : NULL;
        href = files_dir ? strdup(slash ? slash + 1 : files_dir) : NULL;
        if (href == NULL) {
            free(files_dir);
            oso_release_free(rel);
            oso_codelists_free(lists);
            return cli_lib_error("render", "out of memory", OSO_E_NOMEM);
        }
        ro.attachment_dir = files_dir;
        ro.attachment_href = href;
    } else {
        ro.attachment_dir = dir;
    }

    oso_dossier *d = NULL;
    oso_report *r = NULL;
    oso_status st = strcmp(file, "-") == 0 ? oso_dossier_parse_fd(&d, &r, STDIN_FILENO, NULL)
                                           : oso_dossier_parse_file(&d, &r, file, NULL);
    int code = EXIT_VALID;
    if (d == NULL) {
        for (size_t i = 0; i < oso_report_count(r); i++) {
            const oso_diagnostic *g = oso_report_at(r, i);
            fprintf(stderr, "%s:%lu:%lu: %s: %s\n", file, oso_diagnostic_line(g),
                    oso_diagnostic_column(g), oso_diagnostic_rule(g),
                    oso_diagnostic_message(g, ro.lang));
        }
        code = st == OSO_E_IO || st == OSO_E_NOMEM ? cli_lib_error("render", file, st) : EXIT_INVALID;
    } else {
        oso_report_free(r);
        r = NULL;
        oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
        vo.rules |= OSO_RULES_ATTACHMENTS;
        vo.codelists = lists;
        if (findings && (st = oso_validate(&r, d, &vo)) != OSO_OK) {
            code = cli_lib_error("render", file, st);
        } else {
            ro.findings = r;
            st = to_stdout ? oso_dossier_write_html(d, stdout, &ro) : oso_dossier_save_html(d, out, &ro);
            if (st == OSO_E_SCHEMA) {
                fprintf(stderr, "oso render: %s: %s\n", file, oso_error_last());
                code = EXIT_INVALID;
            } else if (st != OSO_OK) {
                code = cli_lib_error("render", out, st);
            }
        }
    }
    oso_report_free(r);
    oso_dossier_free(d);
    oso_release_free(rel);
    oso_codelists_free(lists);
    free(files_dir);
    free(href);
    return code;
}
