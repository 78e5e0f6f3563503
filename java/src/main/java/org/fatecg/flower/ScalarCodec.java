package org.fatecg.flower;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fatecg.flower.proto.FleetProtos;
import org.fatecg.flower.proto.FleetProtos.ConfigRecordValue;
import org.fatecg.flower.proto.FleetProtos.MetricRecordValue;

/**
 * Config and metric values to and from Flower's protobuf records: float -> double, int -> sint64 (zigzag;
 * uint64 only read), bool, str, bytes, and lists of each (double_list, sint_list, ...).
 */
final class ScalarCodec {
    private ScalarCodec() {}

    static FleetProtos.MetricRecord metrics(Map<String, Object> values) {
        FleetProtos.MetricRecord.Builder b = FleetProtos.MetricRecord.newBuilder();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            MetricRecordValue.Builder v = MetricRecordValue.newBuilder();
            Object o = e.getValue();
            if (o instanceof Double d) v.setDouble(d);
            else if (o instanceof Long l) v.setSint64(l);
            else if (o instanceof double[] ds)
                v.setDoubleList(FleetProtos.DoubleList.newBuilder()
                        .addAllVals(java.util.Arrays.stream(ds).boxed().toList()));
            else if (o instanceof long[] ls)
                v.setSintList(FleetProtos.SintList.newBuilder()
                        .addAllVals(java.util.Arrays.stream(ls).boxed().toList()));
            else throw new IllegalArgumentException("metric '" + e.getKey() + "': unsupported value " + o);
            b.addItems(FleetProtos.MetricRecord.Item.newBuilder()
                    .setKey(e.getKey())
                    .setValue(v));
        }
        return b.build();
    }

    static FleetProtos.ConfigRecord config(Map<String, Object> values) {
        FleetProtos.ConfigRecord.Builder b = FleetProtos.ConfigRecord.newBuilder();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            ConfigRecordValue.Builder v = ConfigRecordValue.newBuilder();
            Object o = e.getValue();
            if (o instanceof Double d) v.setDouble(d);
            else if (o instanceof Long l) v.setSint64(l);
            else if (o instanceof Boolean z) v.setBool(z);
            else if (o instanceof String s) v.setString(s);
            else if (o instanceof byte[] bs) v.setBytes(MessageCodec.bytes(bs));
            else if (o instanceof double[] ds)
                v.setDoubleList(FleetProtos.DoubleList.newBuilder()
                        .addAllVals(java.util.Arrays.stream(ds).boxed().toList()));
            else if (o instanceof long[] ls)
                v.setSintList(FleetProtos.SintList.newBuilder()
                        .addAllVals(java.util.Arrays.stream(ls).boxed().toList()));
            else throw new IllegalArgumentException("config '" + e.getKey() + "': unsupported value " + o);
            b.addItems(FleetProtos.ConfigRecord.Item.newBuilder()
                    .setKey(e.getKey())
                    .setValue(v));
        }
        return b.build();
    }

    static Map<String, Object> values(FleetProtos.MetricRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FleetProtos.MetricRecord.Item it : r.getItemsList()) {
            MetricRecordValue v = it.getValue();
            switch (v.getValueCase()) {
                case DOUBLE:
                    out.put(it.getKey(), v.getDouble());
                    break;
                case SINT64:
                    out.put(it.getKey(), v.getSint64());
                    break;
                case UINT64:
                    out.put(it.getKey(), v.getUint64());
                    break;
                case DOUBLE_LIST:
                    out.put(
                            it.getKey(),
                            v.getDoubleList().getValsList().stream()
                                    .mapToDouble(Double::doubleValue)
                                    .toArray());
                    break;
                case SINT_LIST:
                    out.put(
                            it.getKey(),
                            v.getSintList().getValsList().stream()
                                    .mapToLong(Long::longValue)
                                    .toArray());
                    break;
                case UINT_LIST:
                    out.put(
                            it.getKey(),
                            v.getUintList().getValsList().stream()
                                    .mapToLong(Long::longValue)
                                    .toArray());
                    break;
                default:
                    throw new IllegalArgumentException("metric '" + it.getKey() + "' has no value");
            }
        }
        return out;
    }

    static Map<String, Object> values(FleetProtos.ConfigRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FleetProtos.ConfigRecord.Item it : r.getItemsList()) {
            ConfigRecordValue v = it.getValue();
            switch (v.getValueCase()) {
                case DOUBLE:
                    out.put(it.getKey(), v.getDouble());
                    break;
                case SINT64:
                    out.put(it.getKey(), v.getSint64());
                    break;
                case UINT64:
                    out.put(it.getKey(), v.getUint64());
                    break;
                case BOOL:
                    out.put(it.getKey(), v.getBool());
                    break;
                case STRING:
                    out.put(it.getKey(), v.getString());
                    break;
                case BYTES:
                    out.put(it.getKey(), v.getBytes().toByteArray());
                    break;
                case DOUBLE_LIST:
                    out.put(
                            it.getKey(),
                            v.getDoubleList().getValsList().stream()
                                    .mapToDouble(Double::doubleValue)
                                    .toArray());
                    break;
                case SINT_LIST:
                    out.put(
                            it.getKey(),
                            v.getSintList().getValsList().stream()
                                    .mapToLong(Long::longValue)
                                    .toArray());
                    break;
                case UINT_LIST:
                    out.put(
                            it.getKey(),
                            v.getUintList().getValsList().stream()
                                    .mapToLong(Long::longValue)
                                    .toArray());
                    break;
                case BOOL_LIST: {
                    boolean[] z = new boolean[v.getBoolList().getValsCount()];
                    for (int i = 0; i < z.length; i++) z[i] = v.getBoolList().getVals(i);
                    out.put(it.getKey(), z);
                    break;
                }
                case STRING_LIST:
                    out.put(it.getKey(), v.getStringList().getValsList().toArray(new String[0]));
                    break;
                case BYTES_LIST:
                    out.put(
                            it.getKey(),
                            v.getBytesList().getValsList().stream()
                                    .map(com.google.protobuf.ByteString::toByteArray)
                                    .toArray(byte[][]::new));
                    break;
                default:
                    throw new IllegalArgumentException("config '" + it.getKey() + "' has no value");
            }
        }
        return out;
    }
}
