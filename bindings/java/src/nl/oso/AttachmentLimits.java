package nl.oso;

/**
 * Limits for reading attachments ({@code oso_attachment_options}): ZIP bombs, huge entries.
 * Unset limits keep the library's safe defaults; 0 disables a limit. A mutable builder.
 */
public final class AttachmentLimits {
    private Long maxEntries;
    private Long maxEntrySize;
    private Long maxTotalSize;
    private Integer maxRatio;

    /** Entries per ZIP (default 1000). */
    public AttachmentLimits maxEntries(long value) {
        maxEntries = check(value, "maxEntries");
        return this;
    }

    /** Uncompressed bytes per entry (default 256 MiB). */
    public AttachmentLimits maxEntrySize(long value) {
        maxEntrySize = check(value, "maxEntrySize");
        return this;
    }

    /** Uncompressed bytes per ZIP (default 1 GiB). */
    public AttachmentLimits maxTotalSize(long value) {
        maxTotalSize = check(value, "maxTotalSize");
        return this;
    }

    /** Uncompressed/compressed ratio of an entry larger than 1 MiB (default 200). */
    public AttachmentLimits maxRatio(int value) {
        maxRatio = check(value, "maxRatio").intValue();
        return this;
    }

    private static Long check(long value, String what) {
        if (value < 0) {
            throw new OsoException(Status.INVALID_ARG, what + " must not be negative");
        }
        return value;
    }

    private void fill(OsoLibrary.AttachmentOptions o) {
        Native.check(Native.lib().oso_attachment_options_init(o, OsoLibrary.AttachmentOptions.VERSION),
                "attachment options");
        if (maxEntries != null) {
            o.max_entries = new OsoLibrary.SizeT(maxEntries);
        }
        if (maxEntrySize != null) {
            o.max_entry_size = maxEntrySize;
        }
        if (maxTotalSize != null) {
            o.max_total_size = maxTotalSize;
        }
        if (maxRatio != null) {
            o.max_ratio = maxRatio;
        }
    }

    static OsoLibrary.AttachmentOptions struct(AttachmentLimits limits) {
        if (limits == null) {
            return null;
        }
        OsoLibrary.AttachmentOptions o = new OsoLibrary.AttachmentOptions();
        limits.fill(o);
        return o;
    }

    static OsoLibrary.AttachmentOptions.ByReference reference(AttachmentLimits limits) {
        if (limits == null) {
            return null;
        }
        OsoLibrary.AttachmentOptions.ByReference o = new OsoLibrary.AttachmentOptions.ByReference();
        limits.fill(o);
        return o;
    }
}
