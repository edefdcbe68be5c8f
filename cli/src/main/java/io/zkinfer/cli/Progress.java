package io.zkinfer.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Shows long operations (setup, prove, calibration) on the terminal: a ticking elapsed-time line while a step runs
 * when stderr is a terminal, and one "step ... time" line when it is done either way.
 */
public final class Progress {
    private final PrintStream out;
    private final boolean interactive;

    public Progress(PrintStream out) {
        this.out = out;
        this.interactive = System.console() != null && System.getenv("ZKINFER_NO_PROGRESS") == null;
    }

    /** Runs {@code work}, showing {@code label} with a live timer, and returns its result. */
    public <T> T step(String label, Callable<T> work) throws Exception {
        long start = System.nanoTime();
        Thread ticker = null;
        if (interactive) {
            ticker = Thread.ofVirtual().start(() -> {
                String[] spin = {"|", "/", "-", "\\"};
                for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                    out.printf("\r  %s %-28s %s", spin[i % 4], label, format(System.nanoTime() - start));
                    out.flush();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        try {
            T result = work.call();
            finish(ticker, "\u2713", label, start);
            return result;
        } catch (Exception | Error e) {
            finish(ticker, "\u2717", label, start);
            throw e;
        }
    }

    private void finish(Thread ticker, String mark, String label, long start) throws InterruptedException {
        if (ticker != null) {
            ticker.interrupt();
            ticker.join();
            out.print("\r");
        }
        out.printf("  %s %-28s %s%n", mark, label, format(System.nanoTime() - start));
        out.flush();
    }

    static String format(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        if (d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
