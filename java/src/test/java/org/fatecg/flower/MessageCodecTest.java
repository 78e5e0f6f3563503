package org.fatecg.flower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.flower.proto.FleetProtos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object encoding against bytes and ids that Flower 1.26.1 itself made (the rig's refvectors.sh), and
 * against hand-derived values from Flower's wire format.
 */
class MessageCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    /** A MetricRecord {"num-examples": 10, "train-loss": 1.0} by hand: items (1), key (1), value (2): sint64 (2) zigzag 20, double (1) LE. */
    @Test
    void metricRecordBytesAndIdByHand() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("num-examples", 10L);
        m.put("train-loss", 1.0);
        byte[] body = ScalarCodec.metrics(m).toByteArray();
        String expected = "0a12" + "0a0c" + HEX.formatHex("num-examples".getBytes(StandardCharsets.US_ASCII))
                + "12021014" + "0a17" + "0a0a" + HEX.formatHex("train-loss".getBytes(StandardCharsets.US_ASCII))
                + "1209" + "09000000000000f03f";
        assertEquals(expected, HEX.formatHex(body));
        byte[] content = FlowerObjects.content("MetricRecord", List.of(), body);
        assertEquals("MetricRecord  45\0", new String(content, 0, 17, StandardCharsets.US_ASCII));
        // id from Flower's docs of this object (FLEET section 4 example, made by flwr)
        assertEquals("15246d1411e3da89d611bb77294cbfd11f51ac76f46e4bbd8726b3316f60f850", FlowerObjects.id(content));
    }

    /** NPY 1.0 of float32 (2, 3): header padded so that 10 + 118 = 128 bytes, then C-order LE values. */
    @Test
    void npyHeaderPaddedToSixtyFour() {
        byte[] npy = Npy.write(Npy.Array.ofFloats(new int[] {2, 3}, new float[] {0.5f, -1, 2, 0, 0.25f, 3}));
        assertEquals(128 + 24, npy.length);
        assertEquals(118, npy[8] & 0xff);
        assertEquals(
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                new String(npy, 10, 59, StandardCharsets.US_ASCII));
        assertEquals('\n', npy[127]);
        assertEquals("0000003f000080bf00000040000000000000803e00004040", HEX.formatHex(npy, 128, npy.length));
        Npy.Array back = Npy.read(npy, "float32", new int[] {2, 3});
        assertArrayEquals(new float[] {0.5f, -1, 2, 0, 0.25f, 3}, back.floats());
        assertThrows(IllegalArgumentException.class, () -> Npy.read(npy, "float64", null));
        assertThrows(IllegalArgumentException.class, () -> Npy.read(npy, "float32", new int[] {3, 2}));
        assertThrows(
                IllegalArgumentException.class,
                () -> Npy.read(java.util.Arrays.copyOf(npy, npy.length - 1), null, null));
    }

    /** 1,500,000 float32 = 6,000,128 NPY bytes: chunks of 5,242,880 and 757,248 bytes, arraychunk_ids [0, 1]. */
    @Test
    void largeArraysAreChunkedAtFiveMiB() {
        float[] v = new float[1_500_000];
        for (int i = 0; i < v.length; i++) v[i] = i;
        Records rd = new Records(Map.of(
                "a", new Records.ArrayRecord(Map.of("big", Npy.Array.ofFloats(new int[] {v.length}, v)))));
        Map<String, byte[]> objs = new LinkedHashMap<>();
        FleetProtos.ObjectTree t = MessageCodec.encodeRecords(rd, objs);
        FleetProtos.ObjectTree array = t.getChildren(0).getChildren(0);
        assertEquals(2, array.getChildrenCount());
        assertEquals(
                5_242_880 + "ArrayChunk  5242880\0".length(),
                objs.get(array.getChildren(0).getObjectId()).length);
        assertEquals(
                757_248 + "ArrayChunk  757248\0".length(),
                objs.get(array.getChildren(1).getObjectId()).length);
        assertTrue(new String(objs.get(array.getObjectId()), StandardCharsets.US_ASCII)
                .endsWith("\"arraychunk_ids\": [0, 1]}"));
    }

    /** Flower's own instruction decodes; its reply, re-encoded from the decoded content, has Flower's ids byte for byte. */
    @Test
    void matchesFlowerReferenceVectors(@TempDir Path work) throws Exception {
        FlowerRig.assumeAvailable(work);
        Map<String, Object> v = new FlowerRig(work).refVectors();
        assertEquals("1.26.1", v.get("flwr"));
        Map<String, Object> ins = map(v.get("instruction")), rep = map(v.get("reply"));
        Map<String, byte[]> insObjects = objects(ins), repObjects = objects(rep);

        Records got = MessageCodec.decodeMessage((String) ins.get("message_id"), insObjects);
        Records.ArrayRecord arrays = got.get("arrays", Records.ArrayRecord.class);
        assertEquals(List.of("w", "b"), List.copyOf(arrays.arrays().keySet()));
        assertEquals("float32", arrays.arrays().get("w").dtype());
        assertArrayEquals(new int[] {2, 3}, arrays.arrays().get("w").shape());
        assertEquals("float64", arrays.arrays().get("b").dtype());
        Map<String, Object> cfg = got.get("config", Records.ConfigRecord.class).values();
        assertEquals(0.05, cfg.get("lr"));
        assertEquals(1L, cfg.get("local-epochs"));
        assertEquals("sgd", cfg.get("optimizer"));
        assertEquals(Boolean.TRUE, cfg.get("shuffle"));

        FleetProtos.Message pulled =
                FleetProtos.Message.parseFrom(HEX.parseHex((String) ins.get("pull_message_proto_hex")));
        assertEquals(ins.get("message_id"), pulled.getMetadata().getMessageId());
        assertEquals(987654321L, pulled.getMetadata().getRunId());

        // the reply: decode Flower's objects, encode again with the pushed metadata, compare every id
        Records replyContent = MessageCodec.decodeMessage((String) rep.get("message_id"), repObjects);
        FleetProtos.Message pushed =
                FleetProtos.Message.parseFrom(HEX.parseHex((String) rep.get("push_message_proto_hex")));
        MessageCodec.Encoded enc = MessageCodec.encodeMessage(pushed.getMetadata(), replyContent, null);
        assertEquals(rep.get("message_id"), enc.rootId());
        assertEquals(repObjects.keySet(), enc.objects().keySet());
        for (String id : enc.objects().keySet())
            assertArrayEquals(repObjects.get(id), enc.objects().get(id), id);

        // NPY bytes as numpy.save writes them
        Map<String, Object> npy = map(v.get("npy"));
        Npy.Array w = arrays.arrays().get("w");
        assertEquals(npy.get("float32 [2,3]"), HEX.formatHex(Npy.write(w)));
        // the reference signature verifies with the reference key
        Map<String, Object> sig = map(v.get("signature"));
        java.security.PublicKey pub = java.security.KeyFactory.getInstance("EC")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(java.util.Base64.getMimeDecoder()
                        .decode(((String) sig.get("public_key_spki_pem")).replaceAll("-----[A-Z ]+-----", ""))));
        assertEquals(
                sig.get("public_key_spki_pem"), new String(NodeKeys.pem(pub.getEncoded()), StandardCharsets.US_ASCII));
        java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
        s.initVerify(pub);
        s.update(((String) sig.get("timestamp")).getBytes(StandardCharsets.US_ASCII));
        assertTrue(s.verify(HEX.parseHex((String) sig.get("signature_der_hex"))));
    }

    @Test
    void tamperedObjectsAreRefusedWithTheReason() {
        Records rd = new Records(Map.of("m", new Records.MetricRecord(Map.of("x", 1.0))));
        MessageCodec.Encoded enc = MessageCodec.encodeMessage(
                FleetProtos.Metadata.newBuilder().setRunId(1).build(), rd, null);
        Map<String, byte[]> objs = new LinkedHashMap<>(enc.objects());
        String rdId = enc.tree().getChildren(0).getObjectId();
        objs.put(
                rdId,
                FlowerObjects.content("RecordDict", List.of(), "{\"m\": \"nope\"}".getBytes(StandardCharsets.UTF_8)));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MessageCodec.decodeMessage(enc.rootId(), objs));
        assertTrue(e.getMessage().contains("not one of its children"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> FlowerObjects.parse("Bogus  0\0".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(
                IllegalArgumentException.class,
                () -> FlowerObjects.parse("ArrayChunk  5\0abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static Map<String, byte[]> objects(Map<String, Object> msg) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Object o : (List<?>) msg.get("objects")) {
            Map<String, Object> m = map(o);
            byte[] c = HEX.parseHex((String) m.get("content_hex"));
            assertEquals(m.get("id"), FlowerObjects.id(c), "Flower's id is the SHA-256 of the content");
            out.put((String) m.get("id"), c);
        }
        return out;
    }
}
