package nl.oso;

/**
 * Limits for parsing ({@code oso_parse_options}); unset limits keep the library's safe
 * defaults. A mutable builder: {@code new ParseLimits().maxDepth(32)}.
 */
public final class ParseLimits {
    private Integer maxDepth;
    private Long maxNodes;
    private Long maxTextBytes;
    private Long maxInputBytes;

    /** Maximum element nesting (default 64). */
    public ParseLimits maxDepth(int value) {
        maxDepth = requireNonNegative(value, "maxDepth").intValue();
        return this;
    }

    /** Maximum number of nodes (default 5,000,000). */
    public ParseLimits maxNodes(long value) {
        maxNodes = requireNonNegative(value, "maxNodes");
        return this;
    }

    /** Maximum bytes of one text value (default 64 MiB). */
    public ParseLimits maxTextBytes(long value) {
        maxTextBytes = requireNonNegative(value, "maxTextBytes");
        return this;
    }

    /** Maximum bytes of input (default 1 GiB). */
    public ParseLimits maxInputBytes(long value) {
        maxInputBytes = requireNonNegative(value, "maxInputBytes");
        return this;
    }

    private static Long requireNonNegative(long value, String what) {
        if (value < 0) {
            throw new OsoException(Status.INVALID_ARG, what + " must not be negative");
        }
        return value;
    }

    static OsoLibrary.ParseOptions struct(ParseLimits limits) {
        if (limits == null) {
            return null;
        }
        OsoLibrary.ParseOptions o = new OsoLibrary.ParseOptions();
        Native.check(Native.lib().oso_parse_options_init(o, OsoLibrary.ParseOptions.VERSION),
                "parse options");
        if (limits.maxDepth != null) {
            o.max_depth = limits.maxDepth;
        }
        if (limits.maxNodes != null) {
            o.max_nodes = limits.maxNodes;
        }
        if (limits.maxTextBytes != null) {
            o.max_text_bytes = limits.maxTextBytes;
        }
        if (limits.maxInputBytes != null) {
            o.max_input_bytes = limits.maxInputBytes;
        }
        return o;
    }
}
