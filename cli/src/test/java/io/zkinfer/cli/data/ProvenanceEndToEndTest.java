package io.zkinfer.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkinfer.circuits.data.CommittedDataset;
import io.zkinfer.circuits.data.DataStatement;
import io.zkinfer.circuits.data.Dataset;
import io.zkinfer.circuits.data.DatasetCommitment;
import io.zkinfer.circuits.data.FieldType;
import io.zkinfer.circuits.data.PolicyProver;
import io.zkinfer.circuits.data.SaltFile;
import io.zkinfer.circuits.data.Schema;
import io.zkinfer.circuits.data.sign.EdDsa;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.Witness;
import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.quant.CompileSettings;
import io.zkinfer.circuits.quant.CompiledModel;
import io.zkinfer.circuits.quant.ModelCompiler;
import io.zkinfer.circuits.quant.ModelVisibility;
import io.zkinfer.circuits.quant.Visibility;
import io.zkinfer.cli.ExitCodes;
import io.zkinfer.prover.Backend;
import io.zkinfer.prover.CompileOptions;
import io.zkinfer.prover.CompiledCircuit;
import io.zkinfer.prover.KeyPair;
import io.zkinfer.prover.Proof;
import io.zkinfer.prover.ProofTarget;
import io.zkinfer.prover.SetupOptions;
import io.zkinfer.prover.ZkProver;
import io.zkinfer.verifier.Verifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.zkinfer.cli.data.DataCliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/examples/provenance.md as a test: the breast-cancer model's prediction for patient row 3 of a committed dataset
 * whose records a hospital signed. Three Groth16 proofs, each verified by the pure-Java verifier:
 * <ol>
 *   <li>inference (model compiled with input visibility {@code committed}): outputs the prediction and
 *       {@code commit:X = Poseidon2(salt, round(x·2^scale)...)};</li>
 *   <li>provenance ({@code zkinfer data prove --row 3 --input-columns ... --input-scale S --input-salt ...}):
 *       public {@code dataset_commitment}, outputs {@code row_commitment}, {@code input_commitment};</li>
 *   <li>signed record ({@code PolicyProver.proveSigned}): public issuer key and {@code record_commitment}.</li>
 * </ol>
 * The links: input_commitment = commit:X, row_commitment = record_commitment, dataset_commitment = the public D.
 */
class ProvenanceEndToEndTest {

    private static final int ROW = 3;          // 1-based, as on the command line
    private static final int SCALE = 10;       // the model's input scale (fixed: no calibration search needed)

    @TempDir
    Path dir;

    @Test
    void inferenceAndProvenanceProofsVerifyAndShareTheInputCommitment() throws Exception {
        Path tv = DataCliTestSupport.testVectors();
        Path csv = tv.resolve("data/breast_cancer.csv");
        Path schemaFile = tv.resolve("data/breast_cancer.schema.json");
        Path commitment = dir.resolve("bc.commitment.json");
        Path salts = dir.resolve("bc.commitment.salts.PRIVATE.json");

        // 1. the hospital commits the dataset (CLI) and signs each record commitment (Java API)
        assertThat(run("data", "commit", csv.toString(), "--schema", schemaFile.toString(), "-o",
                commitment.toString()).exit()).isEqualTo(ExitCodes.OK);
        Schema schema = Schema.read(schemaFile);
        CommittedDataset cd = CommittedDataset.open(Dataset.readCsv(csv, schema),
                SaltFile.parse(Files.readString(salts)), DatasetCommitment.parse(Files.readString(commitment)));
        EdDsa.PrivateKey hospital = EdDsa.generate(new SecureRandom());
        List<BigInteger> record = cd.data().row(ROW - 1);
        EdDsa.Signature signature = PolicyProver.sign(hospital, schema, record, cd.salt(ROW - 1));

        // 2. the model, compiled with a committed input
        JsonNode vectors = new ObjectMapper().readTree(tv.resolve("models/breast_cancer_logreg.json").toFile());
        List<Map<String, Tensor>> calibration = new ArrayList<>();
        for (JsonNode r : vectors.get("calibration")) {
            calibration.add(Map.of("X", tensor(toDoubles(r))));
        }
        CompiledModel model = ModelCompiler.compile(tv.resolve("models/breast_cancer_logreg.onnx"),
                CompileSettings.defaults(calibration).withScale(SCALE)
                        .withVisibility(new ModelVisibility(Visibility.COMMITTED, Visibility.PUBLIC, Visibility.PUBLIC)));
        assertThat(model.quantized().inputs().get(0).scale()).isEqualTo(SCALE);

        // the model input is the row's 30 feature columns, in the model's order (the schema lists them so)
        List<String> features = schema.fields().stream().map(Schema.Field::name)
                .filter(n -> !n.equals("patient_id")).toList();
        assertThat(features).hasSize(30);
        double[] x = new double[30];
        for (int j = 0; j < 30; j++) {
            int col = schema.require(features.get(j));
            FieldType.DecimalType t = (FieldType.DecimalType) schema.fields().get(col).type();
            x[j] = new BigDecimal(record.get(col), t.scale()).doubleValue();
        }
        BigInteger inputSalt = new BigInteger(250, new SecureRandom());
        CompiledModel.ModelWitness inference = model.witness(Map.of("X", tensor(x)), Map.of("X", inputSalt));
        BigInteger modelCommitment = inference.commitments().get("X");

        // 3. provenance proof with the CLI, same salt and the model's scale
        Path proof = dir.resolve("provenance.json");
        Path vk = dir.resolve("provenance.vk");
        DataCliTestSupport.Run p = run("data", "prove", "--data", csv.toString(), "--schema", schemaFile.toString(),
                "--commitment", commitment.toString(), "--salts", salts.toString(), "--row", String.valueOf(ROW),
                "--input-columns", String.join(",", features), "--input-scale", String.valueOf(SCALE),
                "--input-salt", inputSalt.toString(), "-o", proof.toString(), "--vk-out", vk.toString());
        assertThat(p.exit()).isEqualTo(ExitCodes.OK);
        DataProofFile pf = DataProofFile.parse(Files.readString(proof), "provenance.json");
        assertThat(pf.publicValues().get("input_commitment")).isEqualTo(modelCommitment);
        assertThat(pf.publicValues().get("row_commitment")).isEqualTo(cd.rowCommitment(ROW - 1));
        DataCliTestSupport.Run v = run("data", "verify", proof.toString(), "--commitment", commitment.toString(),
                "--vk", vk.toString(), "--input-commitment", modelCommitment.toString());
        assertThat(v.exit()).isEqualTo(ExitCodes.OK);

        // 4. inference proof (Groth16), verified in pure Java
        Witness w = inference.witness();
        assertThat(proveAndVerify(model.circuit(), w)).isTrue();
        int commitIndex = model.circuit().publicInputs().size() + outputIndex(model.circuit(), "commit:X");
        assertThat(w.publicValues().get(commitIndex)).isEqualTo(pf.publicValues().get("input_commitment"));
        BigInteger label = w.signedOutputs().entrySet().stream().filter(e -> e.getKey().startsWith("out:label"))
                .findFirst().orElseThrow().getValue();
        assertThat(label.longValue()).isEqualTo(vectors.get("outputs").get("label").get(ROW - 1).get(0).asLong());

        // 5. the hospital's signature on that record (hidden), against the same record commitment
        DataStatement signed = PolicyProver.proveSigned(schema, Optional.empty(), record, cd.salt(ROW - 1),
                hospital.publicKey(), signature);
        Witness sw = signed.witness();
        assertThat(proveAndVerify(signed.circuit(), sw)).isTrue();
        assertThat(sw.publicValues()).containsExactly(hospital.publicKey().a().x(), hospital.publicKey().a().y(),
                pf.publicValues().get("row_commitment"));

        // the same model run on another patient commits differently: the link is specific to row 3
        double[] other = x.clone();
        other[0] += 0.01;
        assertThat(model.witness(Map.of("X", tensor(other)), Map.of("X", inputSalt)).commitments().get("X"))
                .isNotEqualTo(modelCommitment);
        assertThat(run("data", "verify", proof.toString(), "--commitment", commitment.toString(), "--vk",
                vk.toString(), "--input-commitment", model.witness(Map.of("X", tensor(other)),
                        Map.of("X", inputSalt)).commitments().get("X").toString()).exit()).isEqualTo(ExitCodes.INVALID);
    }

    private static boolean proveAndVerify(Circuit c, Witness w) {
        try (CompiledCircuit cc = ZkProver.compile(c, Backend.GROTH16, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.development())) {
            Proof proof = cc.prove(keys.provingKey(), w, ProofTarget.NATIVE);
            return Verifier.verify(keys.verifyingKey().toBytes(), proof.toBytes(), w.publicValues()).isValid();
        }
    }

    private static int outputIndex(Circuit c, String name) {
        for (int i = 0; i < c.outputs().size(); i++) {
            if (c.outputs().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no output " + name);
    }

    private static double[] toDoubles(JsonNode row) {
        JsonNode r = row.get(0).isArray() ? row.get(0) : row;
        double[] d = new double[r.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.get(i).asDouble();
        }
        return d;
    }

    private static Tensor tensor(double[] v) {
        return new Tensor(new int[]{1, v.length}, v, ElemType.FLOAT);
    }
}
