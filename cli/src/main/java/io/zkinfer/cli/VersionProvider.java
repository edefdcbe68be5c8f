package io.zkinfer.cli;

import io.zkinfer.prover.NativeInfo;
import io.zkinfer.prover.ZkProver;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code zkinfer --version}: our version and the versions of the native prover (gnark, Go) actually loaded. */
final class VersionProvider implements CommandLine.IVersionProvider {

    static String zkinferVersion() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown": a version line is not worth failing for
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        String java = "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")";
        try {
            NativeInfo n = ZkProver.nativeInfo();
            return new String[] {
                    "zkinfer " + zkinferVersion(),
                    "prover-native: gnark " + n.gnark() + ", " + n.go() + ", curve " + n.curve(),
                    java};
        } catch (RuntimeException e) {
            return new String[] {"zkinfer " + zkinferVersion(), "prover-native: not loadable: " + e.getMessage(), java};
        }
    }
}
