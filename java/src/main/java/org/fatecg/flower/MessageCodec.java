package org.fatecg.flower;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.fatecg.flower.proto.FleetProtos;
import org.fatecg.io.Json;

/**
 * A message's content as Flower's object tree, both ways: Message -> RecordDict -> records -> (Arrays ->
 * ArrayChunks). Bodies: RecordDict and ArrayRecord are JSON {name: child id}; an Array is JSON
 * {"dtype", "shape", "stype": "numpy.ndarray", "arraychunk_ids"} over chunks that are slices of its NPY
 * bytes (at most 5 MiB each); Config and Metric records are their protobuf messages; the Message body is
 * the Message proto with an empty message_id and no content.
 */
public final class MessageCodec {
    /** Flower's default (and largest written) ArrayChunk: 5 MiB. */
    public static final int CHUNK_BYTES = 5 * 1024 * 1024;

    private MessageCodec() {}

    /** Objects by id in push order (children before parents) and the tree of the root. */
    public record Encoded(String rootId, FleetProtos.ObjectTree tree, Map<String, byte[]> objects) {}

    /** The object tree of a reply (content) or of an error reply (content null). */
    public static Encoded encodeMessage(FleetProtos.Metadata metadata, Records content, FleetProtos.Error error) {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        FleetProtos.Message.Builder body = FleetProtos.Message.newBuilder()
                .setMetadata(metadata.toBuilder().setMessageId(""));
        List<FleetProtos.ObjectTree> kids = new ArrayList<>();
        List<String> childIds = new ArrayList<>();
        if (error != null) body.setError(error);
        else {
            FleetProtos.ObjectTree rd = encodeRecords(content, objects);
            kids.add(rd);
            childIds.add(rd.getObjectId());
        }
        byte[] msg = FlowerObjects.content("Message", childIds, body.build().toByteArray());
        String id = put(objects, msg);
        return new Encoded(
                id,
                FleetProtos.ObjectTree.newBuilder()
                        .setObjectId(id)
                        .addAllChildren(kids)
                        .build(),
                objects);
    }

    static FleetProtos.ObjectTree encodeRecords(Records content, Map<String, byte[]> objects) {
        List<FleetProtos.ObjectTree> kids = new ArrayList<>();
        Map<String, String> ids = new LinkedHashMap<>();
        for (Map.Entry<String, Records.Record> e : content.items().entrySet()) {
            FleetProtos.ObjectTree t = encodeRecord(e.getValue(), objects);
            ids.put(e.getKey(), t.getObjectId());
            if (kids.stream().noneMatch(k -> k.getObjectId().equals(t.getObjectId()))) kids.add(t);
        }
        return node("RecordDict", jsonIds(ids), kids, objects);
    }

    private static FleetProtos.ObjectTree encodeRecord(Records.Record r, Map<String, byte[]> objects) {
        if (r instanceof Records.ArrayRecord a) {
            List<FleetProtos.ObjectTree> kids = new ArrayList<>();
            Map<String, String> ids = new LinkedHashMap<>();
            for (Map.Entry<String, Npy.Array> e : a.arrays().entrySet()) {
                FleetProtos.ObjectTree t = encodeArray(e.getValue(), objects);
                ids.put(e.getKey(), t.getObjectId());
                if (kids.stream().noneMatch(k -> k.getObjectId().equals(t.getObjectId()))) kids.add(t);
            }
            return node("ArrayRecord", jsonIds(ids), kids, objects);
        }
        if (r instanceof Records.MetricRecord m)
            return node("MetricRecord", ScalarCodec.metrics(m.values()).toByteArray(), List.of(), objects);
        Records.ConfigRecord c = (Records.ConfigRecord) r;
        return node("ConfigRecord", ScalarCodec.config(c.values()).toByteArray(), List.of(), objects);
    }

    private static FleetProtos.ObjectTree encodeArray(Npy.Array a, Map<String, byte[]> objects) {
        byte[] npy = Npy.write(a);
        List<FleetProtos.ObjectTree> kids = new ArrayList<>();
        List<String> distinct = new ArrayList<>();
        StringBuilder index = new StringBuilder();
        for (int from = 0; from < npy.length || from == 0; from += CHUNK_BYTES) {
            byte[] slice = java.util.Arrays.copyOfRange(npy, from, Math.min(npy.length, from + CHUNK_BYTES));
            FleetProtos.ObjectTree t = node("ArrayChunk", slice, List.of(), objects);
            int at = distinct.indexOf(t.getObjectId());
            if (at < 0) {
                at = distinct.size();
                distinct.add(t.getObjectId());
                kids.add(t);
            }
            index.append(index.length() == 0 ? "" : ", ").append(at);
            if (from + CHUNK_BYTES >= npy.length) break;
        }
        StringBuilder shape = new StringBuilder();
        for (int d : a.shape()) shape.append(shape.length() == 0 ? "" : ", ").append(d);
        String json = "{\"dtype\": " + FlowerObjects.pyJsonString(a.dtype()) + ", \"shape\": [" + shape
                + "], \"stype\": \"numpy.ndarray\", \"arraychunk_ids\": [" + index + "]}";
        return node("Array", json.getBytes(StandardCharsets.UTF_8), kids, objects);
    }

    private static FleetProtos.ObjectTree node(
            String type, byte[] body, List<FleetProtos.ObjectTree> kids, Map<String, byte[]> objects) {
        List<String> ids = new ArrayList<>();
        for (FleetProtos.ObjectTree k : kids) ids.add(k.getObjectId());
        String id = put(objects, FlowerObjects.content(type, ids, body));
        return FleetProtos.ObjectTree.newBuilder()
                .setObjectId(id)
                .addAllChildren(kids)
                .build();
    }

    private static String put(Map<String, byte[]> objects, byte[] content) {
        String id = FlowerObjects.id(content);
        objects.putIfAbsent(id, content);
        return id;
    }

    private static byte[] jsonIds(Map<String, String> ids) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : ids.entrySet())
            sb.append(sb.length() == 1 ? "" : ", ")
                    .append(FlowerObjects.pyJsonString(e.getKey()))
                    .append(": \"")
                    .append(e.getValue())
                    .append('"');
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Every id of a tree, children before parents (the order to fetch or push them in). */
    public static List<String> postOrder(FleetProtos.ObjectTree tree) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        postOrder(tree, out, 0);
        return new ArrayList<>(out);
    }

    private static void postOrder(FleetProtos.ObjectTree t, LinkedHashSet<String> out, int depth) {
        if (depth > 8) throw new IllegalArgumentException("object tree deeper than a Flower message can be");
        if (!FlowerObjects.isId(t.getObjectId()))
            throw new IllegalArgumentException("object tree names '" + t.getObjectId() + "', not a 64-digit hex id");
        for (FleetProtos.ObjectTree c : t.getChildrenList()) postOrder(c, out, depth + 1);
        out.add(t.getObjectId());
    }

    /**
     * The content of a pulled message from its objects (by id, each already checked against its
     * SHA-256). Everything is checked: types in their places, children as the heads name them, JSON and
     * protobuf bodies, NPY headers against the Array JSON.
     *
     * @throws IllegalArgumentException naming the object and what is wrong with it
     */
    public static Records decodeMessage(String messageId, Map<String, byte[]> objects) {
        FlowerObjects.Parsed m = parsed(messageId, objects, "Message");
        if (m.children().size() != 1)
            throw new IllegalArgumentException(
                    "Message object has " + m.children().size() + " children, expected one RecordDict");
        FlowerObjects.Parsed rd = parsed(m.children().get(0), objects, "RecordDict");
        Map<String, Records.Record> items = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : idMap(rd, "RecordDict").entrySet()) {
            FlowerObjects.Parsed r = parsed(e.getValue(), objects, null);
            items.put(e.getKey(), decodeRecord(e.getKey(), r, objects));
        }
        return new Records(items);
    }

    private static Records.Record decodeRecord(String name, FlowerObjects.Parsed r, Map<String, byte[]> objects) {
        try {
            switch (r.type()) {
                case "ArrayRecord": {
                    Map<String, Npy.Array> arrays = new LinkedHashMap<>();
                    for (Map.Entry<String, String> e :
                            idMap(r, "ArrayRecord '" + name + "'").entrySet())
                        arrays.put(
                                e.getKey(),
                                decodeArray(name + "." + e.getKey(), parsed(e.getValue(), objects, "Array"), objects));
                    return new Records.ArrayRecord(arrays);
                }
                case "ConfigRecord":
                    return new Records.ConfigRecord(ScalarCodec.values(FleetProtos.ConfigRecord.parseFrom(r.body())));
                case "MetricRecord":
                    return new Records.MetricRecord(ScalarCodec.values(FleetProtos.MetricRecord.parseFrom(r.body())));
                default:
                    throw new IllegalArgumentException(
                            "record '" + name + "' is a " + r.type() + " object, not a record");
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(
                    "record '" + name + "' (" + r.type() + ") is not valid protobuf: " + e.getMessage());
        }
    }

    private static Npy.Array decodeArray(String name, FlowerObjects.Parsed a, Map<String, byte[]> objects) {
        Object json = parseJson(a.body(), "Array '" + name + "'");
        if (!(json instanceof Map<?, ?> m))
            throw new IllegalArgumentException("Array '" + name + "' body is not a JSON object");
        if (!"numpy.ndarray".equals(m.get("stype")))
            throw new IllegalArgumentException(
                    "Array '" + name + "' has stype " + m.get("stype") + ", only numpy.ndarray is read");
        if (!(m.get("dtype") instanceof String dtype))
            throw new IllegalArgumentException("Array '" + name + "' has no dtype");
        int[] shape = ints(m.get("shape"), "Array '" + name + "' shape");
        int[] chunkIdx = ints(m.get("arraychunk_ids"), "Array '" + name + "' arraychunk_ids");
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        for (int i : chunkIdx) {
            if (i >= a.children().size())
                throw new IllegalArgumentException("Array '" + name + "' names chunk " + i + " of "
                        + a.children().size());
            npy.writeBytes(parsed(a.children().get(i), objects, "ArrayChunk").body());
        }
        try {
            return Npy.read(npy.toByteArray(), dtype, shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Array '" + name + "': " + e.getMessage());
        }
    }

    private static FlowerObjects.Parsed parsed(String id, Map<String, byte[]> objects, String type) {
        byte[] c = objects.get(id);
        if (c == null)
            throw new IllegalArgumentException("object " + id + " is named but was not in the message's tree");
        FlowerObjects.Parsed p = FlowerObjects.parse(c);
        if (type != null && !p.type().equals(type))
            throw new IllegalArgumentException("object " + id + " is a " + p.type() + ", expected a " + type);
        return p;
    }

    private static Map<String, String> idMap(FlowerObjects.Parsed p, String what) {
        Object json = parseJson(p.body(), what);
        if (!(json instanceof Map<?, ?> m)) throw new IllegalArgumentException(what + " body is not a JSON object");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String id) || !p.children().contains(id))
                throw new IllegalArgumentException(
                        what + " item '" + e.getKey() + "' names " + e.getValue() + ", not one of its children");
            out.put((String) e.getKey(), id);
        }
        return out;
    }

    private static Object parseJson(byte[] body, String what) {
        try {
            return Json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " body is not JSON: " + e.getMessage());
        }
    }

    private static int[] ints(Object o, String what) {
        if (!(o instanceof List<?> l)) throw new IllegalArgumentException(what + " is not a list");
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE)
                throw new IllegalArgumentException(what + " holds " + l.get(i) + ", not a non-negative int");
            out[i] = (int) (long) v;
        }
        return out;
    }

    static ByteString bytes(byte[] b) {
        return ByteString.copyFrom(b);
    }
}
