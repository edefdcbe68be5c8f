package io.zkinfer.verifier;

import io.zkinfer.verifier.bn254.Fr;
import io.zkinfer.verifier.bn254.G1Affine;
import io.zkinfer.verifier.bn254.G2Affine;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Real verifying keys from the test vectors, taken apart into their gnark fields so that a test can make exactly one
 * field degenerate and write the key back (gnark's raw, uncompressed encoding; a container re-sealed with a correct
 * checksum). Everything else about the key stays what gnark wrote.
 */
final class KeyFixtures {
    private KeyFixtures() {}

    static byte[] vkContainer(String vector) {
        return Vectors.bytes(Vectors.gnark(vector).resolve("vk.zkinfer"));
    }

    static int headerEnd(byte[] container) {
        return 12 + ByteBuffer.wrap(container, 8, 4).getInt();
    }

    static byte[] payload(byte[] container) {
        return Arrays.copyOfRange(container, headerEnd(container), container.length);
    }

    static String headerJson(byte[] container) {
        return new String(container, 12, headerEnd(container) - 12, StandardCharsets.UTF_8);
    }

    /** A container with the given header JSON and payload, the payload checksum recomputed. */
    static byte[] container(String headerJson, byte[] payload) {
        String sum = HexFormat.of().formatHex(HashToField.sha256().digest(payload));
        String h = headerJson.replaceAll("\"payloadSha256\":\"[0-9a-f]{64}\"", "\"payloadSha256\":\"" + sum + "\"")
                .replaceAll("\"payloadBytes\":\\d+", "\"payloadBytes\":" + payload.length);
        byte[] hb = h.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(12 + hb.length + payload.length).put("ZKINFER\0".getBytes(StandardCharsets.US_ASCII))
                .putInt(hb.length).put(hb).put(payload).array();
    }

    /** The container with its payload replaced (header kept, checksum recomputed). */
    static byte[] reseal(byte[] container, byte[] payload) {
        return container(headerJson(container), payload);
    }

    static final class Out {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();

        Out u32(long v) {
            b.writeBytes(ByteBuffer.allocate(4).putInt((int) v).array());
            return this;
        }

        Out u64(long v) {
            b.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
            return this;
        }

        Out g1(G1Affine p) {
            b.writeBytes(p.toRawBytes());
            return this;
        }

        Out g2(G2Affine p) {
            b.writeBytes(p.toRawBytes());
            return this;
        }

        Out fr(BigInteger v) {
            b.writeBytes(Fr.toBytes(v));
            return this;
        }

        Out raw(byte[] bytes) {
            b.writeBytes(bytes);
            return this;
        }

        byte[] bytes() {
            return b.toByteArray();
        }
    }

    /** gnark's Groth16 VerifyingKey fields (backend/groth16/bn254), mutable. */
    static final class Groth16Key {
        G1Affine alpha, g1Beta, g1Delta;
        G2Affine beta, gamma, delta;
        G1Affine[] k;
        long[][] committed;
        G2Affine[] g, gSigmaNeg;

        static Groth16Key of(String vector) throws MalformedInputException {
            ByteReader r = new ByteReader(payload(vkContainer(vector)), 0, "fixture");
            Groth16Key key = new Groth16Key();
            key.alpha = r.g1("");
            key.g1Beta = r.g1("");
            key.beta = r.g2("");
            key.gamma = r.g2("");
            key.g1Delta = r.g1("");
            key.delta = r.g2("");
            key.k = r.g1Slice("");
            key.committed = new long[r.length("", 4)][];
            for (int i = 0; i < key.committed.length; i++) {
                key.committed[i] = new long[r.length("", 8)];
                for (int j = 0; j < key.committed[i].length; j++) {
                    key.committed[i][j] = r.u64("");
                }
            }
            int n = r.length("", 128);
            key.g = new G2Affine[n];
            key.gSigmaNeg = new G2Affine[n];
            for (int i = 0; i < n; i++) {
                key.g[i] = r.g2("");
                key.gSigmaNeg[i] = r.g2("");
            }
            r.end();
            return key;
        }

        byte[] encode() {
            Out o = new Out().g1(alpha).g1(g1Beta).g2(beta).g2(gamma).g1(g1Delta).g2(delta).u32(k.length);
            for (G1Affine p : k) {
                o.g1(p);
            }
            o.u32(committed.length);
            for (long[] c : committed) {
                o.u32(c.length);
                for (long v : c) {
                    o.u64(v);
                }
            }
            o.u32(g.length);
            for (int i = 0; i < g.length; i++) {
                o.g2(g[i]).g2(gSigmaNeg[i]);
            }
            return o.bytes();
        }

        /** This key in the vector's container (header kept, checksum recomputed). */
        byte[] container(String vector) {
            return reseal(vkContainer(vector), encode());
        }
    }

    /** gnark's PLONK VerifyingKey fields (backend/plonk/bn254, versioned layout), mutable. */
    static final class PlonkKey {
        long size, nbPublic;
        BigInteger sizeInv, generator, cosetShift;
        G1Affine[] s, q, qcp;
        G1Affine kzgG1;
        G2Affine[] kzgG2;
        byte[] kzgLines;
        long[] cci;

        static PlonkKey of(String vector) throws MalformedInputException {
            byte[] payload = payload(vkContainer(vector));
            ByteReader r = new ByteReader(payload, 0, "fixture");
            PlonkKey key = new PlonkKey();
            if (r.u64("") != 0 || r.u64("") != 1) {
                throw new IllegalStateException("the vectors use gnark's versioned PLONK key layout");
            }
            key.size = r.u64("");
            key.sizeInv = r.fr("");
            key.generator = r.fr("");
            key.nbPublic = r.u64("");
            key.cosetShift = r.fr("");
            key.s = new G1Affine[] {r.g1(""), r.g1(""), r.g1("")};
            key.q = new G1Affine[] {r.g1(""), r.g1(""), r.g1(""), r.g1(""), r.g1("")};
            key.qcp = r.g1Slice("");
            key.kzgG1 = r.g1("");
            key.kzgG2 = new G2Affine[] {r.g2(""), r.g2("")};
            int linesStart = payload.length - r.remaining();
            int linesBytes = 2 * 2 * 66 * 2 * 2 * 32;
            key.kzgLines = Arrays.copyOfRange(payload, linesStart, linesStart + linesBytes);
            r.skip(linesBytes, "");
            key.cci = new long[r.length("", 8)];
            for (int i = 0; i < key.cci.length; i++) {
                key.cci[i] = r.u64("");
            }
            r.end();
            return key;
        }

        /** Sets the domain size with a consistent SizeInv. */
        void size(long n) {
            size = n;
            sizeInv = Fr.inverse(BigInteger.valueOf(n));
        }

        byte[] encode() {
            Out o = new Out().u64(0).u64(1).u64(size).fr(sizeInv).fr(generator).u64(nbPublic).fr(cosetShift);
            for (G1Affine p : s) {
                o.g1(p);
            }
            for (G1Affine p : q) {
                o.g1(p);
            }
            o.u32(qcp.length);
            for (G1Affine p : qcp) {
                o.g1(p);
            }
            o.g1(kzgG1).g2(kzgG2[0]).g2(kzgG2[1]).raw(kzgLines).u32(cci.length);
            for (long c : cci) {
                o.u64(c);
            }
            return o.bytes();
        }

        byte[] container(String vector) {
            return reseal(vkContainer(vector), encode());
        }
    }
}
