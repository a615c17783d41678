package nl.oso;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.OutputStream;

/** A C sink writing to an OutputStream; an IOException stops the C call and is rethrown. */
final class Sink implements OsoLibrary.AttachmentSink {
    private final OutputStream out;
    private IOException error;

    Sink(OutputStream out) {
        this.out = out;
    }

    @Override
    public int invoke(Pointer ctx, Pointer data, OsoLibrary.SizeT length) {
        try {
            long n = length.longValue();
            if (n > 0) {
                out.write(data.getByteArray(0, Math.toIntExact(n)));
            }
            return Status.OK.code();
        } catch (IOException e) {
            error = e;
            return Status.IO.code();
        } catch (RuntimeException e) {
            error = new IOException(e);
            return Status.IO.code();
        }
    }

    void finish(int status, String context) throws IOException {
        if (error != null) {
            throw error;
        }
        Native.check(status, context);
    }
}
