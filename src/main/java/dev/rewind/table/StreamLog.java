package dev.rewind.table;

import java.util.Arrays;

import dev.rewind.model.KeyEncoding;

/**
 * DynamoDB Streams records: every change of an item of a stream-enabled table, written in the same atomic batch as
 * the change, kept 24 hours.
 *
 * <p>On-disk format (do not change without a migration), in space {@link #SPACE} of the table's store:
 * partition = the hour of the commit (as {@link History#partition}); clustering = commit timestamp (8 bytes
 * big-endian) ‖ index of the item within its commit (2 bytes), so records read in commit order and a transaction's
 * records stay together; value = flags (bit 0 old image present, bit 1 new image present, bit 2 deleted by the
 * time-to-live service) ‖ varint-length item partition ‖ varint-length item clustering ‖ [varint-length old image]
 * ‖ [varint-length new image] (images in the stored item format).
 */
public final class StreamLog {
    public static final int SPACE = dev.rewind.storage.TableStore.FIRST_LOG_SPACE + 1;
    public static final long RETENTION_MILLIS = 24 * 3_600_000L;

    private StreamLog() {
    }

    public static byte[] clustering(long timestamp, int index) {
        byte[] c = new byte[10];
        for (int i = 0; i < 8; i++) {
            c[i] = (byte) (timestamp >>> (56 - 8 * i));
        }
        c[8] = (byte) (index >>> 8);
        c[9] = (byte) index;
        return c;
    }

    public static byte[] value(byte[] partition, byte[] clustering, byte[] oldImage, byte[] newImage,
            boolean byTimeToLive) {
        KeyEncoding.Writer w = new KeyEncoding.Writer(32 + (oldImage == null ? 0 : oldImage.length)
                + (newImage == null ? 0 : newImage.length));
        w.write((byte) ((oldImage != null ? 1 : 0) | (newImage != null ? 2 : 0) | (byTimeToLive ? 4 : 0)));
        w.writeVarInt(partition.length);
        w.write(partition);
        w.writeVarInt(clustering.length);
        w.write(clustering);
        if (oldImage != null) {
            w.writeVarInt(oldImage.length);
            w.write(oldImage);
        }
        if (newImage != null) {
            w.writeVarInt(newImage.length);
            w.write(newImage);
        }
        return w.toByteArray();
    }

    /** A decoded stream record. */
    public record Record(long timestamp, int index, byte[] itemPartition, byte[] itemClustering, byte[] oldImage,
            byte[] newImage, boolean byTimeToLive) {

        public static Record decode(byte[] clustering, byte[] value) {
            long ts = 0;
            for (int i = 0; i < 8; i++) {
                ts = (ts << 8) | (clustering[i] & 0xFF);
            }
            int index = ((clustering[8] & 0xFF) << 8) | (clustering[9] & 0xFF);
            int[] pos = {1};
            byte[] p = bytes(value, pos);
            byte[] c = bytes(value, pos);
            byte[] old = (value[0] & 1) != 0 ? bytes(value, pos) : null;
            byte[] fresh = (value[0] & 2) != 0 ? bytes(value, pos) : null;
            return new Record(ts, index, p, c, old, fresh, (value[0] & 4) != 0);
        }

        private static byte[] bytes(byte[] data, int[] pos) {
            int n = 0;
            int shift = 0;
            while (true) {
                byte b = data[pos[0]++];
                n |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
            }
            byte[] out = Arrays.copyOfRange(data, pos[0], pos[0] + n);
            pos[0] += n;
            return out;
        }

        public String eventName() {
            if (oldImage == null) {
                return "INSERT";
            }
            return newImage == null ? "REMOVE" : "MODIFY";
        }

        /** DynamoDB Streams' sequence number: increasing digits, unique per record. */
        public String sequenceNumber() {
            return sequenceNumber(timestamp, index);
        }

        public static String sequenceNumber(long timestamp, int index) {
            return String.format("%021d%05d", timestamp, index);
        }
    }
}
