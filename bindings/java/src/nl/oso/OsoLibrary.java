package nl.oso;

import com.sun.jna.Callback;
import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.ByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * JNA declarations of the liboso C API (include/oso/*.h), one method per C function.
 *
 * <p>Types follow the C declarations exactly: {@code oso_status} and other enums are
 * {@code int}, {@code size_t} is {@link SizeT}, {@code unsigned long} is {@link NativeLong},
 * object handles are {@link Pointer}, out-parameters {@link PointerByReference}, public
 * structs the nested {@link Structure} classes (each names its C struct in {@code C_NAME}).
 * {@code bindings/java/tests/check_jna_signatures.py} parses this file and the C headers and
 * checks every declaration mechanically (run by {@code meson test}).
 *
 * <p>Internal: applications use {@link Dossier}, {@link Codelists}, {@link Release} and
 * {@link Oso}.
 */
interface OsoLibrary extends Library {

    /** Exported functions deliberately not declared here, with the reason. */
    String[] UNBOUND = {
        "oso_dossier_write_xml: takes a C FILE*; use oso_dossier_to_xml/save_xml",
        "oso_dossier_write_json: takes a C FILE*; use oso_dossier_to_json/save_json",
        "oso_dossier_write_xml_fd: file descriptors are not a Java concept; use save_xml",
        "oso_dossier_write_json_fd: file descriptors are not a Java concept; use save_json",
        "oso_dossier_parse_fd: file descriptors are not a Java concept; use the push parser",
        "oso_attachment_decode_fd: file descriptors are not a Java concept; use decode_to",
        "oso_attachment_open_fd: file descriptors are not a Java concept; use open_buffer",
        "oso_attachment_extract_fd: file descriptors are not a Java concept; use extract_to",
        "oso_attachments_scan_fd: file descriptors are not a Java concept; use scan_file",
        "oso_dossier_write_html: takes a C FILE*; use oso_dossier_to_html/save_html",
        "oso_dossier_write_html_fd: file descriptors are not a Java concept; use save_html",
        "oso_chain_check_fd: file descriptors are not a Java concept; use checkMessageFile",
    };

    /** {@code size_t}. */
    final class SizeT extends IntegerType {
        private static final long serialVersionUID = 1L;

        public SizeT() {
            this(0);
        }

        public SizeT(long value) {
            super(Native.SIZE_T_SIZE, value, true);
        }
    }

    /** {@code size_t *}. */
    final class SizeTByReference extends ByReference {
        public SizeTByReference() {
            super(Native.SIZE_T_SIZE);
        }

        public long getValue() {
            return Native.SIZE_T_SIZE == 8 ? getPointer().getLong(0) : getPointer().getInt(0) & 0xffffffffL;
        }
    }

    /** {@code oso_attachment_fn} (parse.h). */
    interface AttachmentFn extends Callback {
        String C_NAME = "oso_attachment_fn";

        int invoke(Pointer ctx, Pointer document, Pointer data, SizeT length, int done);
    }

    /** {@code oso_attachment_sink} (attachments.h). */
    interface AttachmentSink extends Callback {
        String C_NAME = "oso_attachment_sink";

        int invoke(Pointer ctx, Pointer data, SizeT length);
    }

    /** {@code oso_attachment_visit_fn} (attachments.h). */
    interface AttachmentVisitFn extends Callback {
        String C_NAME = "oso_attachment_visit_fn";

        int invoke(Pointer ctx, Pointer document, Pointer attachment);
    }

    /** {@code oso_parse_options} (parse.h). */
    @Structure.FieldOrder({"version", "max_depth", "max_nodes", "max_text_bytes",
                           "max_input_bytes", "attachment_fn", "attachment_ctx"})
    class ParseOptions extends Structure {
        static final String C_NAME = "oso_parse_options";
        static final int VERSION = 1;
        public int version;
        public int max_depth;
        public long max_nodes;
        public long max_text_bytes;
        public long max_input_bytes;
        public AttachmentFn attachment_fn;
        public Pointer attachment_ctx;
    }

    /** {@code oso_attachment_options} (attachments.h). */
    @Structure.FieldOrder({"version", "max_entries", "max_entry_size", "max_total_size",
                           "max_ratio"})
    class AttachmentOptions extends Structure {
        static final String C_NAME = "oso_attachment_options";
        static final int VERSION = 1;
        public int version;
        public SizeT max_entries;
        public long max_entry_size;
        public long max_total_size;
        public int max_ratio;

        /** Passed by pointer inside another struct. */
        public static class ByReference extends AttachmentOptions implements Structure.ByReference {
        }
    }

    /** {@code oso_validate_options} (validate.h). */
    @Structure.FieldOrder({"version", "profile", "codelists", "rules", "strict", "attachments"})
    class ValidateOptions extends Structure {
        static final String C_NAME = "oso_validate_options";
        static final int VERSION = 1;
        public int version;
        public int profile;
        public Pointer codelists;
        public int rules;
        public int strict;
        public AttachmentOptions.ByReference attachments;

        /** {@code oso_validate_options *} inside another struct. */
        public static class ByReference extends ValidateOptions implements Structure.ByReference {
        }
    }

    /** {@code oso_diff_options} (diff.h). */
    @Structure.FieldOrder({"version", "report_moves"})
    class DiffOptions extends Structure {
        static final String C_NAME = "oso_diff_options";
        static final int VERSION = 1;
        public int version;
        public int report_moves;
    }

    /** {@code oso_anonymize_options} (anonymize.h). */
    @Structure.FieldOrder({"version", "seed", "key", "key_length", "validate_options"})
    class AnonymizeOptions extends Structure {
        static final String C_NAME = "oso_anonymize_options";
        static final int VERSION = 1;
        public int version;
        public long seed;
        public Pointer key;
        public SizeT key_length;
        public ValidateOptions.ByReference validate_options;
    }

    /** {@code oso_chain_check_options} (chain.h). */
    @Structure.FieldOrder({"version", "expect", "max_bytes", "max_depth"})
    class ChainCheckOptions extends Structure {
        static final String C_NAME = "oso_chain_check_options";
        static final int VERSION = 1;
        public int version;
        public int expect;
        public SizeT max_bytes;
        public int max_depth;
    }

    /** {@code oso_chain_identity} (chain_write.h). */
    @Structure.FieldOrder({"label", "id"})
    class ChainIdentity extends Structure {
        static final String C_NAME = "oso_chain_identity";
        public String label;
        public String id;

        /** {@code oso_chain_identity *} inside another struct (the first of an array). */
        public static class ByReference extends ChainIdentity implements Structure.ByReference {
        }
    }

    /** {@code oso_chain_school} (chain_write.h). */
    @Structure.FieldOrder({"instellingscode", "vestigingscode", "onderwijsaanbiedercode",
                           "onderwijslocatiecode", "administratienr"})
    class ChainSchool extends Structure {
        static final String C_NAME = "oso_chain_school";
        public String instellingscode;
        public String vestigingscode;
        public String onderwijsaanbiedercode;
        public String onderwijslocatiecode;
        public String administratienr;

        /** {@code oso_chain_school *} inside another struct. */
        public static class ByReference extends ChainSchool implements Structure.ByReference {
        }
    }

    /** {@code oso_chain_group} (chain_write.h). */
    @Structure.FieldOrder({"id", "omschrijving", "jaargroep"})
    class ChainGroup extends Structure {
        static final String C_NAME = "oso_chain_group";
        public String id;
        public String omschrijving;
        public String jaargroep;

        /** {@code oso_chain_group *} inside another struct (the first of an array). */
        public static class ByReference extends ChainGroup implements Structure.ByReference {
        }
    }

    /** {@code oso_chain_participant} (chain_write.h). */
    @Structure.FieldOrder({"identities", "identity_count", "achternaam", "voorvoegsel",
                           "roepnaam", "groep", "jaargroep", "voorletters", "geboortedatum",
                           "geslacht"})
    class ChainParticipant extends Structure {
        static final String C_NAME = "oso_chain_participant";
        public ChainIdentity.ByReference identities;
        public SizeT identity_count;
        public String achternaam;
        public String voorvoegsel;
        public String roepnaam;
        public String groep;
        public String jaargroep;
        public String voorletters;
        public String geboortedatum;
        public int geslacht;

        /** {@code oso_chain_participant *} inside another struct (the first of an array). */
        public static class ByReference extends ChainParticipant implements Structure.ByReference {
        }
    }

    /** {@code oso_chain_deelnemerslijst} (chain_write.h). */
    @Structure.FieldOrder({"version", "datumtijd", "auteur", "schooljaar", "school", "groups",
                           "group_count", "participants", "participant_count"})
    class ChainDeelnemerslijst extends Structure {
        static final String C_NAME = "oso_chain_deelnemerslijst";
        static final int VERSION = 1;
        public int version;
        public String datumtijd;
        public String auteur;
        public String schooljaar;
        public ChainSchool.ByReference school;
        public ChainGroup.ByReference groups;
        public SizeT group_count;
        public ChainParticipant.ByReference participants;
        public SizeT participant_count;
    }

    /** {@code oso_chain_advice} (chain_write.h). */
    @Structure.FieldOrder({"identities", "identity_count", "advies"})
    class ChainAdvice extends Structure {
        static final String C_NAME = "oso_chain_advice";
        public ChainIdentity.ByReference identities;
        public SizeT identity_count;
        public String advies;

        /** {@code oso_chain_advice *} inside another struct (the first of an array). */
        public static class ByReference extends ChainAdvice implements Structure.ByReference {
        }
    }

    /** {@code oso_chain_schooladviezenlijst} (chain_write.h). */
    @Structure.FieldOrder({"version", "datumtijd", "auteur", "schooljaar", "school", "advices",
                           "advice_count"})
    class ChainSchooladviezenlijst extends Structure {
        static final String C_NAME = "oso_chain_schooladviezenlijst";
        static final int VERSION = 1;
        public int version;
        public String datumtijd;
        public String auteur;
        public String schooljaar;
        public ChainSchool.ByReference school;
        public ChainAdvice.ByReference advices;
        public SizeT advice_count;
    }

    /** {@code oso_chain_score} (chain_write.h). */
    @Structure.FieldOrder({"soort", "id", "toetseenheid", "waarde"})
    class ChainScore extends Structure {
        static final String C_NAME = "oso_chain_score";
        public String soort;
        public String id;
        public String toetseenheid;
        public String waarde;

        /** {@code oso_chain_score *} inside another struct (the first of an array). */
        public static class ByReference extends ChainScore implements Structure.ByReference {
        }
    }

    /** {@code oso_chain_result} (chain_write.h). */
    @Structure.FieldOrder({"soort", "toetseenheid", "waarde"})
    class ChainResult extends Structure {
        static final String C_NAME = "oso_chain_result";
        public String soort;
        public String toetseenheid;
        public String waarde;

        /** {@code oso_chain_result *} inside another struct (the first of an array). */
        public static class ByReference extends ChainResult implements Structure.ByReference {
        }
    }

    /** {@code oso_chain_test_part} (chain_write.h); {@code parts} is the level below. */
    @Structure.FieldOrder({"id", "omschrijving", "parts", "part_count"})
    class ChainTestPart extends Structure {
        static final String C_NAME = "oso_chain_test_part";
        public String id;
        public String omschrijving;
        public ChainTestPart.ByReference parts;
        public SizeT part_count;

        /** {@code oso_chain_test_part *} inside another struct (the first of an array). */
        public static class ByReference extends ChainTestPart implements Structure.ByReference {
        }
    }

    /** {@code oso_chain_leerlingresultaat} (chain_write.h). */
    @Structure.FieldOrder({"version", "datumtijd", "auteur", "schooljaar", "id", "identities",
                           "identity_count", "result_versie", "result_datumtijd",
                           "toetsdefinitie", "afname_id", "afnametijdstip", "scores_id",
                           "scores", "score_count", "aanvullendeinfo", "results",
                           "result_count", "toets_id", "toets_naam", "toets_versie",
                           "toets_url", "toets_omschrijving", "parts", "part_count"})
    class ChainLeerlingresultaat extends Structure {
        static final String C_NAME = "oso_chain_leerlingresultaat";
        static final int VERSION = 1;
        public int version;
        public String datumtijd;
        public String auteur;
        public String schooljaar;
        public String id;
        public ChainIdentity.ByReference identities;
        public SizeT identity_count;
        public String result_versie;
        public String result_datumtijd;
        public String toetsdefinitie;
        public String afname_id;
        public String afnametijdstip;
        public String scores_id;
        public ChainScore.ByReference scores;
        public SizeT score_count;
        public String aanvullendeinfo;
        public ChainResult.ByReference results;
        public SizeT result_count;
        public String toets_id;
        public String toets_naam;
        public String toets_versie;
        public String toets_url;
        public String toets_omschrijving;
        public ChainTestPart.ByReference parts;
        public SizeT part_count;
    }

    /** {@code oso_write_options} (write.h). */
    @Structure.FieldOrder({"version", "compact", "omit_attachment_content"})
    class WriteOptions extends Structure {
        static final String C_NAME = "oso_write_options";
        static final int VERSION = 1;
        public int version;
        public int compact;
        public int omit_attachment_content;
    }

    /** {@code oso_render_options} (render.h). */
    @Structure.FieldOrder({"version", "lang", "findings", "attachments", "attachment_dir",
                           "attachment_href", "release", "fragment", "attachment_limits",
                           "codelists"})
    class RenderOptions extends Structure {
        static final String C_NAME = "oso_render_options";
        static final int VERSION = 1;
        public int version;
        public int lang;
        public Pointer findings;
        public int attachments;
        public String attachment_dir;
        public String attachment_href;
        public Pointer release;
        public int fragment;
        public AttachmentOptions.ByReference attachment_limits;
        public Pointer codelists;
    }

    /** {@code oso_doorstroomtoets} (doorstroomtoets.h). */
    @Structure.FieldOrder({"version", "toetssoort", "toetsniveau", "toetsomschrijving",
                           "datum_afname", "has_standaardscore", "standaardscore",
                           "toets_advies", "lezen", "taalverzorging", "rekenen", "rapport_pdf",
                           "rapport_pdf_length", "rapport_filename"})
    class DoorstroomtoetsStruct extends Structure {
        static final String C_NAME = "oso_doorstroomtoets";
        static final int VERSION = 1;
        public int version;
        public String toetssoort;
        public String toetsniveau;
        public String toetsomschrijving;
        public String datum_afname;
        public int has_standaardscore;
        public int standaardscore;
        public String toets_advies;
        public int lezen;
        public int taalverzorging;
        public int rekenen;
        public Pointer rapport_pdf;
        public SizeT rapport_pdf_length;
        public String rapport_filename;
    }

    // common.h
    String oso_strerror(int status);
    String oso_error_last();
    int oso_error_last_status();
    void oso_error_clear();
    void oso_free(Pointer memory);
    String oso_version();

    // dossier.h
    int oso_dossier_new(PointerByReference dossier);
    void oso_dossier_free(Pointer dossier);
    int oso_dossier_clone(PointerByReference copy, Pointer dossier);
    Pointer oso_dossier_root(Pointer dossier);
    int oso_dossier_find(PointerByReference node, Pointer dossier, String path);
    String oso_dossier_get(Pointer dossier, String path);
    int oso_dossier_set(PointerByReference node, Pointer dossier, String path, String text);
    String oso_node_name(Pointer node);
    Pointer oso_node_parent(Pointer node);
    Pointer oso_node_child(Pointer node, String name);
    Pointer oso_node_child_at(Pointer node, SizeT index);
    SizeT oso_node_child_count(Pointer node);
    Pointer oso_node_next(Pointer node);
    Pointer oso_node_next_same(Pointer node);
    Pointer oso_node_text(Pointer node);
    SizeT oso_node_text_length(Pointer node);
    String oso_node_attribute(Pointer node, String name);
    String oso_node_schema_type(Pointer node);
    NativeLong oso_node_line(Pointer node);
    NativeLong oso_node_column(Pointer node);
    SizeT oso_node_position(Pointer node);
    int oso_node_path(PointerByReference path, Pointer node);
    int oso_node_add(PointerByReference child, Pointer parent, String name, String text);
    int oso_node_set_text(Pointer node, String text);
    int oso_node_set_attribute(Pointer node, String name, String value);
    int oso_node_remove(Pointer node);

    // parse.h
    int oso_parse_options_init(ParseOptions options, int version);
    int oso_parser_new(PointerByReference parser, ParseOptions options);
    int oso_parser_feed(Pointer parser, byte[] data, SizeT length);
    int oso_parser_finish(Pointer parser, PointerByReference dossier, PointerByReference report);
    void oso_parser_free(Pointer parser);
    int oso_dossier_parse_buffer(PointerByReference dossier, PointerByReference report,
                                 byte[] data, SizeT length, ParseOptions options);
    int oso_dossier_parse_file(PointerByReference dossier, PointerByReference report,
                               String path, ParseOptions options);

    // report.h
    SizeT oso_report_count(Pointer report);
    Pointer oso_report_at(Pointer report, SizeT index);
    SizeT oso_report_error_count(Pointer report);
    SizeT oso_report_warning_count(Pointer report);

    SizeT oso_report_omitted_count(Pointer report);
    int oso_report_valid(Pointer report);
    String oso_report_profile(Pointer report);
    void oso_report_free(Pointer report);
    String oso_diagnostic_rule(Pointer diagnostic);
    int oso_diagnostic_severity(Pointer diagnostic);
    String oso_diagnostic_path(Pointer diagnostic);
    NativeLong oso_diagnostic_line(Pointer diagnostic);
    NativeLong oso_diagnostic_column(Pointer diagnostic);
    String oso_diagnostic_message(Pointer diagnostic, int lang);
    String oso_severity_name(int severity);

    // chain.h (MessageCheckResult.java, Chain.java)
    int oso_chain_check_options_init(ChainCheckOptions options, int version);
    int oso_chain_check_buffer(PointerByReference report, IntByReference type, byte[] data,
                               SizeT length, ChainCheckOptions options);
    int oso_chain_check_file(PointerByReference report, IntByReference type, String path,
                             ChainCheckOptions options);
    String oso_chain_message_type_name(int type);
    int oso_chain_message_type_from_name(IntByReference type, String name);
    int oso_chain_message_operation(int type, PointerByReference method, PointerByReference path);
    int oso_chain_check_routing(PointerByReference report, String path, String eduTo,
                                String eduFrom);

    // chain_write.h (Chain.java)
    int oso_chain_write_deelnemerslijst(PointerByReference json, SizeTByReference length,
                                        PointerByReference report, ChainDeelnemerslijst message);
    int oso_chain_write_schooladviezenlijst(PointerByReference json, SizeTByReference length,
                                            PointerByReference report,
                                            ChainSchooladviezenlijst message);
    int oso_chain_write_leerlingresultaat(PointerByReference json, SizeTByReference length,
                                          PointerByReference report,
                                          ChainLeerlingresultaat message);
    int oso_chain_write_ontvangstmelding(PointerByReference json, SizeTByReference length,
                                         String melding);

    // chain_bridge.h
    int oso_chain_schooladvies_for_code(PointerByReference value, IntByReference coarser,
                                        String code);
    int oso_chain_advice_from_dossier(ChainAdvice advice, ChainIdentity identity, Pointer dossier);
    int oso_dossier_import_leerlingresultaat(Pointer dossier, PointerByReference report,
                                             byte[] json, SizeT length, byte[] rapportPdf,
                                             SizeT rapportPdfLength);

    // validate.h
    int oso_validate_options_init(ValidateOptions options, int version);
    int oso_validate(PointerByReference report, Pointer dossier, ValidateOptions options);
    int oso_validate_file(PointerByReference report, String path, ValidateOptions options,
                          ParseOptions parseOptions);
    int oso_validate_buffer(PointerByReference report, byte[] data, SizeT length,
                            ValidateOptions options, ParseOptions parseOptions);

    // write.h
    int oso_write_options_init(WriteOptions options, int version);
    int oso_dossier_to_xml(PointerByReference xml, SizeTByReference length, Pointer dossier,
                           WriteOptions options);
    int oso_dossier_save_xml(Pointer dossier, String path, WriteOptions options);
    int oso_dossier_to_json(PointerByReference json, SizeTByReference length, Pointer dossier,
                            WriteOptions options);
    int oso_dossier_save_json(Pointer dossier, String path, WriteOptions options);

    // render.h
    int oso_render_options_init(RenderOptions options, int version);
    int oso_dossier_to_html(PointerByReference html, SizeTByReference length, Pointer dossier,
                            RenderOptions options);
    int oso_dossier_save_html(Pointer dossier, String path, RenderOptions options);

    // release.h
    int oso_release_new(PointerByReference release);
    int oso_release_preset(PointerByReference release, String name);
    SizeT oso_release_preset_count();
    String oso_release_preset_name(SizeT index);
    void oso_release_free(Pointer release);
    int oso_release_set(Pointer release, String category, int value);
    int oso_release_parse(Pointer release, String spec);
    int oso_release_get(Pointer release, String category);
    String oso_release_value_name(int value);
    String oso_release_category_field(int category);
    int oso_dossier_redact(PointerByReference redacted, PointerByReference report,
                           Pointer dossier, Pointer release, ValidateOptions validateOptions);

    // diff.h (Diff.java)
    int oso_diff_options_init(DiffOptions options, int version);
    int oso_dossier_diff(PointerByReference diff, Pointer oldDossier, Pointer newDossier,
                         DiffOptions options);
    void oso_diff_free(Pointer diff);
    SizeT oso_diff_count(Pointer diff);
    int oso_diff_kind(Pointer diff, SizeT index);
    String oso_change_kind_name(int kind);
    String oso_diff_name(Pointer diff, SizeT index);
    int oso_diff_is_attribute(Pointer diff, SizeT index);
    String oso_diff_old_path(Pointer diff, SizeT index);
    String oso_diff_new_path(Pointer diff, SizeT index);
    String oso_diff_old_value(Pointer diff, SizeT index);
    String oso_diff_new_value(Pointer diff, SizeT index);
    int oso_diff_category(Pointer diff, SizeT index);
    int oso_diff_is_release(Pointer diff, SizeT index);
    int oso_diff_format_text(PointerByReference text, SizeTByReference length, Pointer diff,
                             int format);

    // anonymize.h (Anonymizer.java)
    int oso_anonymize_options_init(AnonymizeOptions options, int version);
    int oso_dossier_anonymize(PointerByReference anonymized, Pointer dossier,
                              AnonymizeOptions options);

    // doorstroomtoets.h
    int oso_doorstroomtoets_init(DoorstroomtoetsStruct result, int version);
    int oso_dossier_set_doorstroomtoets(Pointer dossier, DoorstroomtoetsStruct result);

    // attachments.h
    int oso_attachment_options_init(AttachmentOptions options, int version);
    Pointer oso_attachment_next(Pointer dossier, Pointer after);
    SizeT oso_attachment_count(Pointer dossier);
    String oso_attachment_filename(Pointer document);
    String oso_attachment_description(Pointer document);
    int oso_attachment_category(Pointer document);
    int oso_attachment_decode(PointerByReference zip, SizeTByReference length, Pointer document);
    int oso_attachment_decode_to(Pointer document, AttachmentSink sink, Pointer ctx);
    int oso_attachment_open(PointerByReference attachment, Pointer document,
                            AttachmentOptions options);
    int oso_attachment_open_buffer(PointerByReference attachment, Pointer zip, SizeT length,
                                   AttachmentOptions options);
    void oso_attachment_free(Pointer attachment);
    SizeT oso_attachment_entry_count(Pointer attachment);
    String oso_attachment_entry_name(Pointer attachment, SizeT index);
    SizeT oso_attachment_entry_name_length(Pointer attachment, SizeT index); // since 1.1
    long oso_attachment_entry_size(Pointer attachment, SizeT index);
    long oso_attachment_entry_compressed_size(Pointer attachment, SizeT index);
    int oso_attachment_entry_is_dir(Pointer attachment, SizeT index);
    int oso_attachment_entry_name_safe(Pointer attachment, SizeT index);
    int oso_attachment_find(Pointer attachment, String name, SizeTByReference index);
    int oso_attachment_extract(PointerByReference data, SizeTByReference length,
                               Pointer attachment, SizeT index);
    int oso_attachment_extract_to(Pointer attachment, SizeT index, AttachmentSink sink,
                                  Pointer ctx);
    int oso_attachment_verify(PointerByReference report, Pointer document,
                              AttachmentOptions options);
    int oso_attachments_verify(PointerByReference report, Pointer dossier,
                               AttachmentOptions options);
    int oso_attachments_scan_file(PointerByReference dossier, PointerByReference report,
                                  String path, AttachmentOptions options,
                                  ParseOptions parseOptions, int verify,
                                  AttachmentVisitFn visit, Pointer ctx);
    int oso_attachments_verify_file(PointerByReference report, String path,
                                    AttachmentOptions options, ParseOptions parseOptions);
    int oso_attachment_set(Pointer document, String filename, String description, byte[] data,
                           SizeT length);
    int oso_attachment_set_file(Pointer document, String path, String filename,
                                String description);
    int oso_attachment_add(PointerByReference document, Pointer parent, String filename,
                           String description, byte[] data, SizeT length);
    int oso_attachment_add_file(PointerByReference document, Pointer parent, String path,
                                String filename, String description);

    // codelists.h
    int oso_codelists_new(PointerByReference out);
    void oso_codelists_free(Pointer lists);
    int oso_codelists_load_dir(Pointer lists, String dir);
    int oso_codelists_load_file(Pointer lists, String path);
    int oso_codelists_load_buffer(Pointer lists, String name, byte[] data, SizeT size);
    int oso_codelists_error_location(Pointer lists, PointerByReference file,
                                     SizeTByReference line);
    Pointer oso_codelists_get(Pointer lists, int id);
    SizeT oso_codelists_count(Pointer lists);
    Pointer oso_codelists_at(Pointer lists, SizeT index);
    int oso_codelist_parse_key(String text, IntByReference id);
    String oso_codelist_external_key(int id);
    int oso_codelist_rule_id(int id, byte[] buf, SizeT size);
    int oso_codelist_id(Pointer list);
    String oso_codelist_key(Pointer list);
    int oso_codelist_number(Pointer list);
    int oso_codelist_is_external(Pointer list);
    String oso_codelist_rule(Pointer list);
    String oso_codelist_name(Pointer list);
    String oso_codelist_version(Pointer list);
    String oso_codelist_source(Pointer list);
    String oso_codelist_origin(Pointer list);
    SizeT oso_codelist_size(Pointer list);
    int oso_codelist_contains(Pointer list, byte[] code, SizeT len);
    int oso_codelist_lookup(Pointer list, byte[] code, SizeT len, PointerByReference meaning,
                            IntByReference flags);
    int oso_codelist_entry(Pointer list, SizeT index, PointerByReference code,
                           PointerByReference meaning, IntByReference flags);
}
