package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetupProvenanceTest {
    static final String H32 = "ab".repeat(32);
    static final byte[] VK = "a verifying key".getBytes(StandardCharsets.UTF_8);
    /** The PLONK test SRS of prover-java; its hashes were computed with coreutils b2sum and sha256sum. */
    static final Path POT9 = Path.of("../prover-java/src/test/resources/srs/pot9_test.ptau");

    static Map<String, Long> stats() {
        Map<String, Long> s = new LinkedHashMap<>();
        s.put("constraints", 1234L);
        s.put("publicWires", 3L);
        return s;
    }

    static SetupProvenance ceremony() {
        var ptau = new SetupProvenance.Ptau("pot12_final.ptau", 12, "cd".repeat(64), "ef".repeat(32));
        var c = new SetupProvenance.Ceremony(List.of(new SetupProvenance.Contribution(1, "11".repeat(64)),
                new SetupProvenance.Contribution(2, "22".repeat(64)),
                new SetupProvenance.Contribution(3, "33".repeat(64))), "0123", "44".repeat(32));
        return SetupProvenance.ceremony(H32, VK, false, ptau, c, stats());
    }

    @Test
    void roundTripsEveryKindAndSummarisesIt() throws Exception {
        SetupProvenance dev = SetupProvenance.development(ProofSystem.GROTH16, H32, VK, true, stats());
        assertThat(SetupProvenance.parse(dev.toJson().getBytes(StandardCharsets.UTF_8))).isEqualTo(dev);
        assertThat(dev.summary()).isEqualTo("DEVELOPMENT \u2014 anyone who ran it can forge proofs");

        SetupProvenance cer = ceremony();
        assertThat(SetupProvenance.parse(cer.toJson().getBytes(StandardCharsets.UTF_8))).isEqualTo(cer);
        assertThat(cer.summary()).isEqualTo("ceremony, 3 contributions, transcript 4444444444444444, "
                + "ptau blake2b cdcdcdcdcdcdcdcd");

        SetupProvenance srs = SetupProvenance.srs(H32, VK, false, SetupProvenance.Ptau.of(POT9), stats());
        assertThat(SetupProvenance.parse(srs.toJson().getBytes(StandardCharsets.UTF_8))).isEqualTo(srs);
        assertThat(srs.summary()).startsWith("srs, ptau blake2b 6e207488c735f58d");
    }

    @Test
    void hashesAPtauFileAsItsCeremonyPublishesIt() throws Exception {
        SetupProvenance.Ptau p = SetupProvenance.Ptau.of(POT9);
        assertThat(p.power()).isEqualTo(9);
        assertThat(p.file()).isEqualTo("pot9_test.ptau");
        assertThat(p.blake2b512()).isEqualTo("6e207488c735f58dae20fe92a5132623eba1f04c9b647245d2d1ab5d9225e488"
                + "e543228f8c65e91ada950a199eda83c5999354fc8d4c3130f3798d35f6ac7756");
        assertThat(p.sha256()).isEqualTo("0cc0c2ad17f34ef48c8116199ec73e6577ec461a16fe085d5c9260d4a19d4bef");
    }

    @Test
    void refusesAFileThatIsNotAPtau(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.ptau");
        Files.write(f, "not a ptau file at all".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SetupProvenance.Ptau.of(f)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("not a snarkjs .ptau file");
        byte[] truncated = Files.readAllBytes(POT9);
        Files.write(f, java.util.Arrays.copyOf(truncated, 40));
        assertThatThrownBy(() -> SetupProvenance.Ptau.of(f)).isInstanceOf(MalformedInputException.class);
    }

    @Test
    void isBoundToItsVerifyingKey() throws Exception {
        SetupProvenance r = ceremony();
        assertThat(r.requireKey(VK)).isSameAs(r);
        byte[] other = VK.clone();
        other[0] ^= 1;
        assertThatThrownBy(() -> r.requireKey(other)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("belongs to other keys");
    }

    @Test
    void oldRecordWithoutFormatAsksForANewSetup() {
        String old = "{\"backend\":\"groth16\",\"circuitHash\":\"" + H32 + "\",\"setup\":\"development\"}";
        assertThatThrownBy(() -> SetupProvenance.parse(old.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("re-run zkinfer setup");
    }

    @Test
    void refusesWhatItDoesNotKnow() throws Exception {
        String good = ceremony().toJson();
        for (String[] edit : new String[][] {
                {"\"kind\" : \"ceremony\"", "\"kind\" : \"trusted\"", "kind \"trusted\""},
                {"zkinfer-setup/1", "zkinfer-setup/2", "zkinfer-setup/2"},
                {"\"backend\" : \"groth16\"", "\"backend\" : \"marlin\"", "marlin"},
                {"\"commitmentFree\" : false", "\"commitmentFree\" : false, \"trusted\" : true", "unknown field"},
                {"\"commitmentFree\" : false", "\"commitmentFree\" : \"no\"", "commitmentFree"},
                {"\"index\" : 2", "\"index\" : 3", "index 3"},
                {"\"power\" : 12", "\"power\" : 12.5", "power"},
                {"\"kind\" : \"ceremony\"", "\"kind\" : \"development\"", "no ptau or ceremony"},
                {"\"backend\" : \"groth16\"", "\"backend\" : \"plonk\"", "Groth16 only"},
                {"\"verifyingKeySha256\" : \"", "\"verifyingKeySha256\" : \"AB", "lower-case hex"},
                {"\"format\"", "\"format\" : \"zkinfer-setup/1\", \"format\"", "not valid JSON"},
        }) {
            assertThat(good).contains(edit[0]);
            String bad = good.replaceFirst(java.util.regex.Pattern.quote(edit[0]),
                    java.util.regex.Matcher.quoteReplacement(edit[1]));
            assertThatThrownBy(() -> SetupProvenance.parse(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(edit[1]).isInstanceOf(MalformedInputException.class).hasMessageContaining(edit[2]);
        }
    }

    @Test
    void srsIsPlonkAndCeremonyIsGroth16() {
        var ptau = new SetupProvenance.Ptau("p.ptau", 9, "cd".repeat(64), "ef".repeat(32));
        assertThatThrownBy(() -> new SetupProvenance(ProofSystem.GROTH16, SetupProvenance.Kind.SRS, H32, H32, false,
                Optional.of(ptau), Optional.empty(), Map.of())).hasMessageContaining("PLONK only");
    }
}
