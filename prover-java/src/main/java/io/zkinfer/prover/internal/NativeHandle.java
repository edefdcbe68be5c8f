package io.zkinfer.prover.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.Cleaner;

/**
 * Owns one Go handle. Calls take a {@link Lease} for their duration; {@link #close()} marks the handle closed and the
 * last lease out releases it on the Go side. So a handle closed while another thread is proving with it is released
 * only after that proof, and a closed handle never reaches native code ({@link IllegalStateException} instead).
 * A {@link Cleaner} releases handles their owners forgot to close.
 */
public final class NativeHandle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NativeHandle.class);
    private static final Cleaner CLEANER = Cleaner.create(
            Thread.ofPlatform().daemon().name("zkinfer-native-cleaner").factory());

    private final State state;
    private final Cleaner.Cleanable cleanable;

    /**
     * @param owner the Java object whose reachability decides when the Cleaner runs
     * @param what  what the handle is, for messages ("proving key")
     */
    public NativeHandle(Object owner, long handle, String what) {
        if (handle == 0) {
            throw new IllegalArgumentException("0 is not a valid native handle");
        }
        this.state = new State(handle, what);
        this.cleanable = CLEANER.register(owner, state);
    }

    /** Pins the handle for one native call; throws {@link IllegalStateException} if it was closed. */
    public Lease lease() {
        return state.acquire();
    }

    public boolean isClosed() {
        return state.isClosed();
    }

    @Override
    public void close() {
        cleanable.clean(); // runs State.run() at most once
    }

    /** A pinned handle; close it when the native call returns. */
    public static final class Lease implements AutoCloseable {
        private final State state;
        private boolean open = true;

        private Lease(State state) {
            this.state = state;
        }

        public long id() {
            return state.handle;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                state.releaseLease();
            }
        }
    }

    // Must not refer to the owner, or the Cleaner could never run.
    private static final class State implements Runnable {
        private final long handle;
        private final String what;
        private int leases;
        private boolean closed;
        private boolean released;

        State(long handle, String what) {
            this.handle = handle;
            this.what = what;
        }

        synchronized Lease acquire() {
            if (closed) {
                throw new IllegalStateException("this " + what + " has been closed");
            }
            leases++;
            return new Lease(this);
        }

        synchronized boolean isClosed() {
            return closed;
        }

        void releaseLease() {
            boolean free;
            synchronized (this) {
                leases--;
                free = closed && leases == 0 && !released;
                if (free) {
                    released = true;
                }
            }
            if (free) {
                NativeApi.release(handle);
            }
        }

        @Override
        public void run() {
            boolean free;
            synchronized (this) {
                closed = true;
                free = leases == 0 && !released;
                if (free) {
                    released = true;
                }
            }
            if (free) {
                LOG.trace("releasing native {} {}", what, handle);
                NativeApi.release(handle);
            }
        }
    }
}
