package nl.oso;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** {@code enum oso_rule_group} (validate.h): groups of rules; structure (XSD) always runs. */
public enum RuleGroup {
    /** {@code CL<n>}: codelist membership. */
    CODELISTS(1 << 0),
    /** {@code OG.*}: general business rules. */
    GENERAL(1 << 1),
    /** {@code OS.cat*}: category release check. */
    CATEGORIES(1 << 2),
    /** {@code OVa.*}, {@code OVb.*}, {@code PaO.*}: profile rules. */
    PROFILE(1 << 3),
    /** {@code ATT.*}: decode and check every attachment. */
    ATTACHMENTS(1 << 4),
    /** {@code DT.*}: doorstroomtoets results (opt-in). */
    DOORSTROOMTOETS(1 << 5);

    private final int bit;

    RuleGroup(int bit) {
        this.bit = bit;
    }

    /** The C bit. */
    public int bit() {
        return bit;
    }

    /** The groups of the official validation ({@code OSO_RULES_OFFICIAL}). */
    public static Set<RuleGroup> official() {
        return EnumSet.of(CODELISTS, GENERAL, CATEGORIES, PROFILE);
    }

    static int mask(Set<RuleGroup> groups) {
        int mask = 0;
        for (RuleGroup g : groups) {
            mask |= g.bit;
        }
        return mask;
    }

    /** The group called {@code name} ("codelists", "attachments", ...). */
    public static RuleGroup parse(String name) {
        for (RuleGroup g : values()) {
            if (g.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return g;
            }
        }
        throw new OsoException(Status.INVALID_ARG, "unknown rule group '" + name + "'");
    }
}
