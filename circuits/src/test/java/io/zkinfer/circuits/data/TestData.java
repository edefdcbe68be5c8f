package io.zkinfer.circuits.data;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The example data under test-vectors/data, committed with fixed salts so tests are repeatable. */
final class TestData {

    static final Path DIR = locate();

    private TestData() {
    }

    private static Path locate() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("test-vectors/data");
            if (Files.isDirectory(d)) {
                return d;
            }
        }
        throw new IllegalStateException("test-vectors/data not found above " + Path.of("").toAbsolutePath());
    }

    static Schema patientSchema() {
        return Schema.read(DIR.resolve("patients.schema.json"));
    }

    static Schema applicantSchema() {
        return Schema.read(DIR.resolve("applicants.schema.json"));
    }

    static CommittedDataset patients() {
        return committed(Dataset.readCsv(DIR.resolve("patients.csv"), patientSchema()));
    }

    static CommittedDataset applicants() {
        return committed(Dataset.readCsv(DIR.resolve("applicants.csv"), applicantSchema()));
    }

    static CommittedDataset committed(Dataset d) {
        List<BigInteger> salts = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            salts.add(BigInteger.valueOf(1_000_003L * (i + 1)).pow(5)); // fixed, distinct, fine for tests only
        }
        return DataCommitter.commit(d, salts);
    }
}
