package nl.oso;

import java.util.EnumSet;
import java.util.Set;

/**
 * What {@link Dossier#validate(ValidationOptions)} checks, and the language of the messages.
 * A mutable builder: {@code new ValidationOptions().profile(Profile.OV).strict(true)}.
 */
public final class ValidationOptions {
    private Profile profile = Profile.AUTO;
    private Codelists codelists;
    private boolean attachments;
    private boolean strict;
    private Set<RuleGroup> rules = RuleGroup.official();
    private Lang lang = Lang.NL;
    private AttachmentLimits attachmentLimits;

    /** The defaults: profile auto, embedded codelists, the official rule groups, Dutch. */
    public ValidationOptions() {
    }

    /** Which profile rules apply (default {@link Profile#AUTO}). */
    public ValidationOptions profile(Profile value) {
        profile = value;
        return this;
    }

    /** Lists to check codes against (default: the embedded lists); not closed by this. */
    public ValidationOptions codelists(Codelists value) {
        codelists = value;
        return this;
    }

    /** Also decode and check every attachment ({@code ATT.*}). */
    public ValidationOptions attachments(boolean value) {
        attachments = value;
        return this;
    }

    /** Limits for checking attachments (default: the safe defaults). */
    public ValidationOptions attachmentLimits(AttachmentLimits value) {
        attachmentLimits = value;
        return this;
    }

    /** Turn stricter-than-official warnings into errors. */
    public ValidationOptions strict(boolean value) {
        strict = value;
        return this;
    }

    /** Exactly these rule groups (structure always runs). */
    public ValidationOptions rules(Set<RuleGroup> value) {
        rules = value.isEmpty() ? EnumSet.noneOf(RuleGroup.class) : EnumSet.copyOf(value);
        return this;
    }

    /** Changes to the official groups, as {@code oso validate --rules}: "+doorstroomtoets,-profile". */
    public ValidationOptions rules(String spec) {
        Set<RuleGroup> groups = RuleGroup.official();
        for (String item : spec.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            boolean remove = s.startsWith("-");
            if (s.startsWith("+") || s.startsWith("-")) {
                s = s.substring(1);
            }
            RuleGroup g = RuleGroup.parse(s);
            if (remove) {
                groups.remove(g);
            } else {
                groups.add(g);
            }
        }
        rules = groups;
        return this;
    }

    /** Language of the messages (default {@link Lang#NL}). */
    public ValidationOptions lang(Lang value) {
        lang = value;
        return this;
    }

    Lang lang() {
        return lang;
    }

    /** The C struct; the Codelists must stay open during the call. */
    OsoLibrary.ValidateOptions struct() {
        OsoLibrary.ValidateOptions o = new OsoLibrary.ValidateOptions();
        Native.check(Native.lib().oso_validate_options_init(o, OsoLibrary.ValidateOptions.VERSION),
                "validate options");
        o.profile = profile.code();
        o.codelists = codelists == null ? null : codelists.handle();
        o.rules = RuleGroup.mask(rules) | (attachments ? RuleGroup.ATTACHMENTS.bit() : 0);
        o.strict = strict ? 1 : 0;
        o.attachments = AttachmentLimits.reference(attachmentLimits);
        return o;
    }
}
