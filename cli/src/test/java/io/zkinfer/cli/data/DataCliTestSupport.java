package io.zkinfer.cli.data;

import io.zkinfer.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the CLI capturing stdout and stderr; finds test-vectors/. */
final class DataCliTestSupport {
    private DataCliTestSupport() {}

    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true));
        System.setErr(new PrintStream(e, true));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        Run r = new Run(code, o.toString(), e.toString());
        System.out.println("$ zkinfer " + String.join(" ", args) + "  -> exit " + code + "\n" + r.all());
        return r;
    }

    static Path testVectors() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("test-vectors/data"))) {
                return p.resolve("test-vectors");
            }
        }
        throw new IllegalStateException("test-vectors not found");
    }
}
