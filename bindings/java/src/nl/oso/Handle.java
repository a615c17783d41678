package nl.oso;

import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.util.function.Consumer;

/**
 * Owns one C object: frees it exactly once, on {@link #close()} or, as a fallback, when the
 * Java object that owns the handle becomes unreachable (a {@link Cleaner} action).
 */
final class Handle implements AutoCloseable {
    private static final class Free implements Runnable {
        private final Consumer<Pointer> free;
        private Pointer ptr;

        Free(Pointer ptr, Consumer<Pointer> free) {
            this.ptr = ptr;
            this.free = free;
        }

        @Override
        public synchronized void run() {
            Pointer p = ptr;
            ptr = null;
            if (p != null) {
                free.accept(p);
            }
        }
    }

    private final String what;
    private final Free free;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean closed;

    /** Registers {@code ptr} of {@code owner}, freed with {@code free}. */
    Handle(Object owner, String what, Pointer ptr, Consumer<Pointer> free) {
        this.what = what;
        this.free = new Free(ptr, free);
        this.cleanable = Native.CLEANER.register(owner, this.free);
    }

    /** The pointer; throws {@link OsoException} (STATE) after close. */
    Pointer get() {
        if (closed) {
            throw new OsoException(Status.STATE, what + " is closed");
        }
        return free.ptr;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        cleanable.clean();
    }
}
