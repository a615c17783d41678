package nl.oso;

import com.sun.jna.Memory;
import com.sun.jna.ptr.PointerByReference;

/**
 * Anonymised copies of dossiers ({@code oso_dossier_anonymize}, doc/anonymize.md): every
 * personal value replaced by a realistic fake of the same kind; the copy gets the validation
 * verdict of the original. A mutable builder:
 * {@code new Anonymizer().seed(42).anonymize(dossier)}.
 */
public final class Anonymizer {
    private long seed;
    private byte[] key;
    private ValidationOptions validation = new ValidationOptions();

    /** The seed (default 0): the same dossier and seed give the same copy. */
    public Anonymizer seed(long value) {
        seed = value;
        return this;
    }

    /**
     * A secret key (e.g. a key file's bytes): the same original value gets the same fake in
     * every dossier anonymised with it; the seed is then not used. Null: none.
     */
    public Anonymizer key(byte[] value) {
        key = value == null ? null : value.clone();
        return this;
    }

    /** The validation whose verdict the copy must keep (default: the official rules). */
    public Anonymizer validation(ValidationOptions value) {
        validation = value;
        return this;
    }

    /**
     * A copy of {@code dossier} with every personal value replaced.
     *
     * @throws OsoException STATE when no copy keeps the original's verdict
     */
    public Dossier anonymize(Dossier dossier) {
        OsoLibrary lib = Native.lib();
        OsoLibrary.AnonymizeOptions o = new OsoLibrary.AnonymizeOptions();
        Native.check(lib.oso_anonymize_options_init(o, OsoLibrary.AnonymizeOptions.VERSION),
                "anonymize options");
        o.seed = seed;
        Memory keyMemory = null;
        if (key != null && key.length > 0) {
            keyMemory = new Memory(key.length);
            keyMemory.write(0, key, 0, key.length);
            o.key = keyMemory;
            o.key_length = new OsoLibrary.SizeT(key.length);
        }
        OsoLibrary.ValidateOptions v = validation.struct();
        OsoLibrary.ValidateOptions.ByReference ref = new OsoLibrary.ValidateOptions.ByReference();
        ref.version = v.version;
        ref.profile = v.profile;
        ref.codelists = v.codelists;
        ref.rules = v.rules;
        ref.strict = v.strict;
        ref.attachments = v.attachments;
        o.validate_options = ref;
        PointerByReference out = new PointerByReference();
        int status = lib.oso_dossier_anonymize(out, dossier.handle(), o);
        Native.check(status, "anonymize");
        if (keyMemory != null) {
            keyMemory.close();
        }
        return Dossier.adopt(out.getValue());
    }
}
