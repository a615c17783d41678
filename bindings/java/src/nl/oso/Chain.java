package nl.oso;

import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The doorstroomtoets chain (OpenAPI definition 1.1.0; chain.h, chain_write.h, chain_bridge.h):
 * write the Deelnemerslijst, Schooladviezenlijst, Leerlingresultaat and Ontvangstmelding from
 * typed data, map the dossier's school advice to a Schooladviezenlijst entry, look up a
 * message's operation and check the routing parameters.
 *
 * <p>Each writer fills in what the definition fixes ({@code versie}, {@code profiel}, the
 * single-valued labels) and checks the message before handing it out: a message the definition
 * rejects throws {@link OsoException} with status {@link Status#INVALID} and the check's
 * findings as its {@link OsoException#diagnostics() diagnostics}. Optional strings are left out
 * when null. Checking a received message: {@link MessageCheckResult#check}; importing a
 * Leerlingresultaat into a dossier: {@link Dossier#importLeerlingresultaat}.
 */
public final class Chain {
    private Chain() {
    }

    /**
     * A pupil's identity ({@code oso_chain_identity}).
     *
     * @param label "ECK-iD" or "LAS-key"
     * @param id the {@code onderwijsdeelnemerID}
     */
    public record Identity(String label, String id) {
    }

    /**
     * The school ({@code Deelnemersgroep}, {@code oso_chain_school}); every member is required.
     *
     * @param instellingscode e.g. the BRIN code "12AB"
     * @param vestigingscode e.g. "00"
     * @param onderwijsaanbiedercode the OnderwijsaanbiederID
     * @param onderwijslocatiecode the OnderwijslocatieID
     * @param administratienr the school's administration number
     */
    public record School(String instellingscode, String vestigingscode,
                         String onderwijsaanbiedercode, String onderwijslocatiecode,
                         String administratienr) {
    }

    /**
     * A stamgroep of a Deelnemerslijst ({@code oso_chain_group}).
     *
     * @param id 1-256 characters; participants name their group by it
     * @param omschrijving at most 64 characters
     * @param jaargroep "7", "8", "C" or "S"
     */
    public record Group(String id, String omschrijving, String jaargroep) {
    }

    /**
     * A pupil of a Deelnemerslijst ({@code oso_chain_participant}).
     *
     * @param identities 1 or 2, the ECK-iD first when present
     * @param achternaam at most 70 characters
     * @param voorvoegsel at most 10 characters; null: none
     * @param roepnaam at most 64 characters
     * @param groep the {@link Group#id()} of the pupil's stamgroep
     * @param jaargroep "7" or "8"
     * @param voorletters at most 6 characters
     * @param geboortedatum YYYY-MM-DD
     * @param geslacht 1, 2 or 9 ({@code Geslachttype_enum})
     */
    public record Participant(List<Identity> identities, String achternaam, String voorvoegsel,
                              String roepnaam, String groep, String jaargroep, String voorletters,
                              String geboortedatum, int geslacht) {
        /** Copies the list. */
        public Participant {
            identities = List.copyOf(identities);
        }
    }

    /**
     * A Deelnemerslijst ({@code POST /registreren}, {@code oso_chain_deelnemerslijst}).
     *
     * @param datumtijd when the list was made (RFC 3339 date-time)
     * @param auteur the person, application or organisation that made it
     * @param schooljaar e.g. "2025-2026"
     * @param school the school
     * @param groups the stamgroepen (at least 1)
     * @param participants the pupils (at least 1)
     */
    public record Deelnemerslijst(String datumtijd, String auteur, String schooljaar,
                                  School school, List<Group> groups,
                                  List<Participant> participants) {
        /** Copies the lists. */
        public Deelnemerslijst {
            groups = List.copyOf(groups);
            participants = List.copyOf(participants);
        }
    }

    /**
     * A voorlopig schooladvies ({@code AdviesEntry}, {@code oso_chain_advice}).
     *
     * @param identities 1 or 2
     * @param advies a {@code Schooladviestype_enum} value, e.g. "HAVO_TM_VWO"
     */
    public record Advice(List<Identity> identities, String advies) {
        /** Copies the list. */
        public Advice {
            identities = List.copyOf(identities);
        }
    }

    /**
     * A Schooladviezenlijst ({@code POST /registreren-schooladviezen},
     * {@code oso_chain_schooladviezenlijst}).
     *
     * @param datumtijd when the list was made (RFC 3339 date-time)
     * @param auteur the person, application or organisation that made it
     * @param schooljaar e.g. "2025-2026"
     * @param school the school
     * @param advices the pupils' advices (at least 1)
     */
    public record Schooladviezenlijst(String datumtijd, String auteur, String schooljaar,
                                      School school, List<Advice> advices) {
        /** Copies the list. */
        public Schooladviezenlijst {
            advices = List.copyOf(advices);
        }
    }

    /**
     * A score of a Leerlingresultaat ({@code oso_chain_score}).
     *
     * @param soort {@code Scoresoort_enum}: "Toetsscore", "Detailscore", ...
     * @param id id of the score
     * @param toetseenheid the test part the score is about; null: none
     * @param waarde the score as text, e.g. "212"
     */
    public record Score(String soort, String id, String toetseenheid, String waarde) {
    }

    /**
     * A result of a Leerlingresultaat ({@code oso_chain_result}).
     *
     * @param soort {@code Resultaatsoort_enum}: "Toetsadvies", "Referentieniveau",
     *        "Percentielscore"
     * @param toetseenheid e.g. "REKENEN", "LEZEN", "TAALVERZORGING"; null: none
     * @param waarde the result as text (an advice, a level, a percentile)
     */
    public record Result(String soort, String toetseenheid, String waarde) {
    }

    /**
     * A test part ({@code oso_chain_test_part}): an Onderdeel, its Domeinen in {@code parts},
     * their Subdomeinen in theirs (the writer sets the label from the level; nothing lies below
     * a Subdomein).
     *
     * @param id the code of its level's enumeration, e.g. "REKENEN"
     * @param omschrijving null: none
     * @param parts the level below
     */
    public record TestPart(String id, String omschrijving, List<TestPart> parts) {
        /** Copies the list. */
        public TestPart {
            parts = List.copyOf(parts);
        }

        /** A part with nothing below it. */
        public TestPart(String id, String omschrijving) {
            this(id, omschrijving, List.of());
        }
    }

    /**
     * A Leerlingresultaat ({@code POST /leerlingresultaat}, {@code oso_chain_leerlingresultaat}).
     * A mutable builder, as the message has many optional members; required: datumtijd,
     * auteur, schooljaar, id, identities, resultVersie, toetsdefinitie, afname, results, toets.
     */
    public static final class Leerlingresultaat {
        private String datumtijd;
        private String auteur;
        private String schooljaar;
        private String id;
        private List<Identity> identities = List.of();
        private String resultVersie;
        private String resultDatumtijd;
        private String toetsdefinitie;
        private String afnameId;
        private String afnametijdstip;
        private String scoresId;
        private List<Score> scores = List.of();
        private String aanvullendeinfo;
        private List<Result> results = List.of();
        private String toetsId;
        private String toetsNaam;
        private String toetsVersie;
        private String toetsUrl;
        private String toetsOmschrijving;
        private List<TestPart> parts = List.of();

        /** When the result was made (RFC 3339 date-time). */
        public Leerlingresultaat datumtijd(String value) {
            datumtijd = value;
            return this;
        }

        /** The person, application or organisation that made it. */
        public Leerlingresultaat auteur(String value) {
            auteur = value;
            return this;
        }

        /** E.g. "2025-2026". */
        public Leerlingresultaat schooljaar(String value) {
            schooljaar = value;
            return this;
        }

        /** Id of the resultatenscores. */
        public Leerlingresultaat id(String value) {
            id = value;
            return this;
        }

        /** The pupil's identities (1 or 2). */
        public Leerlingresultaat identities(List<Identity> value) {
            identities = List.copyOf(value);
            return this;
        }

        /** The result's version, e.g. "Definitief". */
        public Leerlingresultaat resultVersie(String value) {
            resultVersie = value;
            return this;
        }

        /** When the result was made final (date-time; optional). */
        public Leerlingresultaat resultDatumtijd(String value) {
            resultDatumtijd = value;
            return this;
        }

        /** The test ({@code Toetssoort_enum}), e.g. "ROUTE_8". */
        public Leerlingresultaat toetsdefinitie(String value) {
            toetsdefinitie = value;
            return this;
        }

        /** The test taking: its id and when it was (date-time). */
        public Leerlingresultaat afname(String afnameIdValue, String tijdstip) {
            afnameId = afnameIdValue;
            afnametijdstip = tijdstip;
            return this;
        }

        /** The scores block (optional): its id and the scores. */
        public Leerlingresultaat scores(String scoresIdValue, List<Score> value) {
            scoresId = scoresIdValue;
            scores = List.copyOf(value);
            return this;
        }

        /** Additional information (optional), e.g. where the report can be fetched. */
        public Leerlingresultaat aanvullendeinfo(String value) {
            aanvullendeinfo = value;
            return this;
        }

        /** The results (at least 1). */
        public Leerlingresultaat results(List<Result> value) {
            results = List.copyOf(value);
            return this;
        }

        /** The test: its {@code Toetssoort_enum} id and name. */
        public Leerlingresultaat toets(String toetsIdValue, String naam) {
            toetsId = toetsIdValue;
            toetsNaam = naam;
            return this;
        }

        /** The test's version (optional). */
        public Leerlingresultaat toetsVersie(String value) {
            toetsVersie = value;
            return this;
        }

        /** The test's URL (optional). */
        public Leerlingresultaat toetsUrl(String value) {
            toetsUrl = value;
            return this;
        }

        /** The test's description (optional). */
        public Leerlingresultaat toetsOmschrijving(String value) {
            toetsOmschrijving = value;
            return this;
        }

        /** The test's Onderdelen (optional). */
        public Leerlingresultaat parts(List<TestPart> value) {
            parts = List.copyOf(value);
            return this;
        }
    }

    /**
     * A chain value for a VO advice code of the dossier.
     *
     * @param value the {@code Schooladviestype_enum} value, e.g. "VMBO_GL/TL"
     * @param coarser true when the value also stands for other codes of codelist 2
     */
    public record Schooladvies(String value, boolean coarser) {
    }

    /**
     * An operation of the definition.
     *
     * @param method "POST"
     * @param path e.g. "/registreren"
     */
    public record Operation(String method, String path) {
    }

    // --- writing ------------------------------------------------------------------------------

    /**
     * A contiguous C array of {@code items} whose first element goes into a struct's pointer
     * field; null (NULL) for no items.
     */
    private static <S extends Structure, V> S array(Supplier<S> first, List<V> items,
                                                    BiConsumer<S, V> fill) {
        if (items.isEmpty()) {
            return null;
        }
        S head = first.get();
        Structure[] all = head.toArray(items.size());
        for (int i = 0; i < all.length; i++) {
            @SuppressWarnings("unchecked")
            S element = (S) all[i];
            fill.accept(element, items.get(i));
            element.write();
        }
        return head; // it keeps the whole array reachable
    }

    private static OsoLibrary.ChainIdentity.ByReference identities(List<Identity> ids) {
        return array(OsoLibrary.ChainIdentity.ByReference::new, ids, (s, v) -> {
            s.label = Native.arg(v.label(), "label");
            s.id = Native.arg(v.id(), "id");
        });
    }

    private static OsoLibrary.ChainSchool.ByReference school(School school) {
        if (school == null) {
            return null; // the check reports the missing deelnemersgroep
        }
        OsoLibrary.ChainSchool.ByReference s = new OsoLibrary.ChainSchool.ByReference();
        s.instellingscode = Native.arg(school.instellingscode(), "instellingscode");
        s.vestigingscode = Native.arg(school.vestigingscode(), "vestigingscode");
        s.onderwijsaanbiedercode = Native.arg(school.onderwijsaanbiedercode(),
                "onderwijsaanbiedercode");
        s.onderwijslocatiecode = Native.arg(school.onderwijslocatiecode(), "onderwijslocatiecode");
        s.administratienr = Native.arg(school.administratienr(), "administratienr");
        return s;
    }

    private static OsoLibrary.ChainTestPart.ByReference testParts(List<TestPart> parts) {
        return array(OsoLibrary.ChainTestPart.ByReference::new, parts, (s, v) -> {
            s.id = Native.arg(v.id(), "id");
            s.omschrijving = Native.arg(v.omschrijving(), "omschrijving");
            s.parts = testParts(v.parts());
            s.part_count = new OsoLibrary.SizeT(v.parts().size());
        });
    }

    /** One of the C message writers: (json, length, report, message) to a status. */
    private interface Writer<M> {
        int write(PointerByReference json, OsoLibrary.SizeTByReference length,
                  PointerByReference report, M message);
    }

    /** Runs a writer: its result, or its refusal with the check's findings. */
    private static <M> byte[] run(Writer<M> writer, M message, Lang lang, String what) {
        PointerByReference json = new PointerByReference();
        OsoLibrary.SizeTByReference length = new OsoLibrary.SizeTByReference();
        PointerByReference report = new PointerByReference();
        int status = writer.write(json, length, report, message);
        ValidationResult findings = ValidationResult.take(report.getValue(), lang);
        if (status != Status.OK.code()) {
            throw Native.error(status, what, findings);
        }
        return Native.take(json, length.getValue());
    }

    /**
     * Writes a Deelnemerslijst as JSON (UTF-8, indented, a final newline).
     *
     * @param lang language of the findings when the message is refused
     * @throws OsoException INVALID (with the findings) when the definition rejects the message
     */
    public static byte[] write(Deelnemerslijst message, Lang lang) {
        OsoLibrary lib = Native.lib(); // loaded first: the structs take its string encoding
        OsoLibrary.ChainDeelnemerslijst m = new OsoLibrary.ChainDeelnemerslijst();
        m.version = OsoLibrary.ChainDeelnemerslijst.VERSION;
        m.datumtijd = Native.arg(message.datumtijd(), "datumtijd");
        m.auteur = Native.arg(message.auteur(), "auteur");
        m.schooljaar = Native.arg(message.schooljaar(), "schooljaar");
        m.school = school(message.school());
        m.groups = array(OsoLibrary.ChainGroup.ByReference::new, message.groups(), (s, v) -> {
            s.id = Native.arg(v.id(), "id");
            s.omschrijving = Native.arg(v.omschrijving(), "omschrijving");
            s.jaargroep = Native.arg(v.jaargroep(), "jaargroep");
        });
        m.group_count = new OsoLibrary.SizeT(message.groups().size());
        m.participants = array(OsoLibrary.ChainParticipant.ByReference::new,
                message.participants(), (s, v) -> {
                    s.identities = identities(v.identities());
                    s.identity_count = new OsoLibrary.SizeT(v.identities().size());
                    s.achternaam = Native.arg(v.achternaam(), "achternaam");
                    s.voorvoegsel = Native.arg(v.voorvoegsel(), "voorvoegsel");
                    s.roepnaam = Native.arg(v.roepnaam(), "roepnaam");
                    s.groep = Native.arg(v.groep(), "groep");
                    s.jaargroep = Native.arg(v.jaargroep(), "jaargroep");
                    s.voorletters = Native.arg(v.voorletters(), "voorletters");
                    s.geboortedatum = Native.arg(v.geboortedatum(), "geboortedatum");
                    s.geslacht = v.geslacht();
                });
        m.participant_count = new OsoLibrary.SizeT(message.participants().size());
        return run(lib::oso_chain_write_deelnemerslijst, m, lang, "Deelnemerslijst");
    }

    /**
     * Writes a Schooladviezenlijst as JSON (UTF-8, indented, a final newline).
     *
     * @param lang language of the findings when the message is refused
     * @throws OsoException INVALID (with the findings) when the definition rejects the message
     */
    public static byte[] write(Schooladviezenlijst message, Lang lang) {
        OsoLibrary lib = Native.lib(); // loaded first: the structs take its string encoding
        OsoLibrary.ChainSchooladviezenlijst m = new OsoLibrary.ChainSchooladviezenlijst();
        m.version = OsoLibrary.ChainSchooladviezenlijst.VERSION;
        m.datumtijd = Native.arg(message.datumtijd(), "datumtijd");
        m.auteur = Native.arg(message.auteur(), "auteur");
        m.schooljaar = Native.arg(message.schooljaar(), "schooljaar");
        m.school = school(message.school());
        m.advices = array(OsoLibrary.ChainAdvice.ByReference::new, message.advices(), (s, v) -> {
            s.identities = identities(v.identities());
            s.identity_count = new OsoLibrary.SizeT(v.identities().size());
            s.advies = Native.arg(v.advies(), "advies");
        });
        m.advice_count = new OsoLibrary.SizeT(message.advices().size());
        return run(lib::oso_chain_write_schooladviezenlijst, m, lang, "Schooladviezenlijst");
    }

    /**
     * Writes a Leerlingresultaat as JSON (UTF-8, indented, a final newline).
     *
     * @param lang language of the findings when the message is refused
     * @throws OsoException INVALID (with the findings) when the definition rejects the message;
     *         INVALID_ARG for test parts below a Subdomein
     */
    public static byte[] write(Leerlingresultaat message, Lang lang) {
        OsoLibrary lib = Native.lib(); // loaded first: the structs take its string encoding
        OsoLibrary.ChainLeerlingresultaat m = new OsoLibrary.ChainLeerlingresultaat();
        m.version = OsoLibrary.ChainLeerlingresultaat.VERSION;
        m.datumtijd = Native.arg(message.datumtijd, "datumtijd");
        m.auteur = Native.arg(message.auteur, "auteur");
        m.schooljaar = Native.arg(message.schooljaar, "schooljaar");
        m.id = Native.arg(message.id, "id");
        m.identities = identities(message.identities);
        m.identity_count = new OsoLibrary.SizeT(message.identities.size());
        m.result_versie = Native.arg(message.resultVersie, "resultVersie");
        m.result_datumtijd = Native.arg(message.resultDatumtijd, "resultDatumtijd");
        m.toetsdefinitie = Native.arg(message.toetsdefinitie, "toetsdefinitie");
        m.afname_id = Native.arg(message.afnameId, "afnameId");
        m.afnametijdstip = Native.arg(message.afnametijdstip, "afnametijdstip");
        m.scores_id = Native.arg(message.scoresId, "scoresId");
        m.scores = array(OsoLibrary.ChainScore.ByReference::new, message.scores, (s, v) -> {
            s.soort = Native.arg(v.soort(), "soort");
            s.id = Native.arg(v.id(), "id");
            s.toetseenheid = Native.arg(v.toetseenheid(), "toetseenheid");
            s.waarde = Native.arg(v.waarde(), "waarde");
        });
        m.score_count = new OsoLibrary.SizeT(message.scores.size());
        m.aanvullendeinfo = Native.arg(message.aanvullendeinfo, "aanvullendeinfo");
        m.results = array(OsoLibrary.ChainResult.ByReference::new, message.results, (s, v) -> {
            s.soort = Native.arg(v.soort(), "soort");
            s.toetseenheid = Native.arg(v.toetseenheid(), "toetseenheid");
            s.waarde = Native.arg(v.waarde(), "waarde");
        });
        m.result_count = new OsoLibrary.SizeT(message.results.size());
        m.toets_id = Native.arg(message.toetsId, "toetsId");
        m.toets_naam = Native.arg(message.toetsNaam, "toetsNaam");
        m.toets_versie = Native.arg(message.toetsVersie, "toetsVersie");
        m.toets_url = Native.arg(message.toetsUrl, "toetsUrl");
        m.toets_omschrijving = Native.arg(message.toetsOmschrijving, "toetsOmschrijving");
        m.parts = testParts(message.parts);
        m.part_count = new OsoLibrary.SizeT(message.parts.size());
        return run(lib::oso_chain_write_leerlingresultaat, m, lang, "Leerlingresultaat");
    }

    /** An Ontvangstmelding ({@code {"melding": ...}}) as JSON; null: an empty object. */
    public static byte[] writeOntvangstmelding(String melding) {
        PointerByReference json = new PointerByReference();
        OsoLibrary.SizeTByReference length = new OsoLibrary.SizeTByReference();
        Native.check(Native.lib().oso_chain_write_ontvangstmelding(json, length,
                Native.arg(melding, "melding")), "Ontvangstmelding");
        return Native.take(json, length.getValue());
    }

    // --- bridges and operations -----------------------------------------------------------

    /**
     * The chain's {@code Schooladviestype_enum} value for a VO advice code of the dossier
     * (codelist 2): {@code schooladviesForCode("40")} is ("VMBO_GL/TL", coarser).
     *
     * @throws OsoException NOT_FOUND for a code without a chain value
     */
    public static Schooladvies schooladviesForCode(String code) {
        PointerByReference value = new PointerByReference();
        IntByReference coarser = new IntByReference();
        Native.check(Native.lib().oso_chain_schooladvies_for_code(value, coarser,
                Native.arg(code, "code")), code);
        return new Schooladvies(Native.string(value.getValue()), coarser.getValue() != 0);
    }

    /**
     * The dossier pupil's school advice as a Schooladviezenlijst entry: the pupil's
     * {@code leerlingid} as "LAS-key", {@code overstapadvies/advies} mapped by
     * {@link #schooladviesForCode}.
     *
     * @throws OsoException NOT_FOUND when the dossier has no leerlingid or no advice, or the
     *         advice has no chain value
     */
    public static Advice adviceFromDossier(Dossier dossier) {
        OsoLibrary lib = Native.lib(); // loaded first: the structs take its string encoding
        OsoLibrary.ChainAdvice advice = new OsoLibrary.ChainAdvice();
        OsoLibrary.ChainIdentity identity = new OsoLibrary.ChainIdentity();
        Native.check(lib.oso_chain_advice_from_dossier(advice, identity, dossier.handle()),
                "schooladvies");
        // JNA copied the borrowed strings into the fields when the call returned.
        return new Advice(List.of(new Identity(identity.label, identity.id)), advice.advies);
    }

    /**
     * The operation whose request body a message type is:
     * {@code operation(DEELNEMERSLIJST)} is ("POST", "/registreren").
     *
     * @throws OsoException NOT_FOUND for the Ontvangstmelding (a response) and UNKNOWN
     */
    public static Operation operation(ChainMessageType type) {
        PointerByReference method = new PointerByReference();
        PointerByReference path = new PointerByReference();
        Native.check(Native.lib().oso_chain_message_operation(type.code(), method, path),
                type.name());
        return new Operation(Native.string(method.getValue()), Native.string(path.getValue()));
    }

    /**
     * Checks the routing parameters {@code edu-to} and {@code edu-from} of an operation against
     * the definition: {@code DTM.PARAM} errors (missing, or not matching the definition's
     * pattern), {@code DTM.PARAM_FORMAT} warnings (not 20 letters and digits); a finding's path
     * is the parameter's name.
     *
     * @param path "/registreren", "/registreren-schooladviezen", "/leerlingresultaat" or
     *        "/leerlingrapport/{rapportid}"
     * @param eduTo the value of {@code edu-to}; null: absent
     * @param eduFrom the value of {@code edu-from}; null: absent
     * @throws OsoException NOT_FOUND for a path the definition does not have
     */
    public static ValidationResult checkRouting(String path, String eduTo, String eduFrom,
                                                Lang lang) {
        PointerByReference report = new PointerByReference();
        Native.check(Native.lib().oso_chain_check_routing(report, Native.arg(path, "path"),
                Native.arg(eduTo, "eduTo"), Native.arg(eduFrom, "eduFrom")), path);
        return ValidationResult.take(report.getValue(), lang);
    }
}
