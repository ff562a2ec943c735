package io.clusterstream.stream.control;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the catalog knows about one cluster, identified by model id and stable cluster key.
 *
 * @param modelId              the model lineage
 * @param clusterKey           the cluster's stable key
 * @param tag                  the tag of the latest assignment to the cluster; "" when untagged
 * @param modelVersion         the newest model version the cluster was seen in
 * @param clusterId            the cluster's index in that version
 * @param count                assignments to the cluster by that version
 * @param recentShare          the cluster's proportion in the latest drift window of that version; NaN before any
 * @param lastDriftWindowEndMs end of that drift window; {@link #NO_DRIFT_WINDOW} before any
 * @param alert                whether that drift window alerted
 */
public record CatalogEntry(String modelId, String clusterKey, String tag, long modelVersion, int clusterId, long count,
        double recentShare, long lastDriftWindowEndMs, boolean alert) {

    /** {@link #lastDriftWindowEndMs} of a cluster without drift window. */
    public static final long NO_DRIFT_WINDOW = Long.MIN_VALUE;

    private static final int FORMAT = 1;

    /** A cluster first seen in {@code modelVersion}, with no assignments and no drift window yet. */
    static CatalogEntry fresh(String modelId, String clusterKey, String tag, long modelVersion, int clusterId) {
        return new CatalogEntry(modelId, clusterKey, tag, modelVersion, clusterId, 0, Double.NaN, NO_DRIFT_WINDOW,
                false);
    }

    /** Whether a drift window has been seen for the current version. */
    public boolean hasDriftWindow() {
        return lastDriftWindowEndMs != NO_DRIFT_WINDOW;
    }

    /** This entry as a JSON object; absent share and window end are {@code null}, an absent tag too. */
    public String toJson() {
        return new Json.ObjectWriter()
                .field("model_id", modelId)
                .field("cluster_key", clusterKey)
                .field("tag", tag.isEmpty() ? null : tag)
                .field("model_version", modelVersion)
                .field("cluster_id", clusterId)
                .field("count", count)
                .field("recent_share", Double.isNaN(recentShare) ? null : recentShare)
                .field("last_drift_window_end_ms", hasDriftWindow() ? lastDriftWindowEndMs : null)
                .field("alert", alert)
                .toString();
    }

    /** The catalog store's serde: a small versioned binary layout. */
    static Serde<CatalogEntry> serde() {
        return Serdes.serdeFrom((topic, entry) -> entry == null ? null : entry.toBytes(),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }

    private byte[] toBytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(FORMAT);
            out.writeUTF(modelId);
            out.writeUTF(clusterKey);
            out.writeUTF(tag);
            out.writeLong(modelVersion);
            out.writeInt(clusterId);
            out.writeLong(count);
            out.writeDouble(recentShare);
            out.writeLong(lastDriftWindowEndMs);
            out.writeBoolean(alert);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static CatalogEntry fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new SerializationException("unknown catalog entry format " + format);
            }
            return new CatalogEntry(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong(), in.readInt(),
                    in.readLong(), in.readDouble(), in.readLong(), in.readBoolean());
        } catch (IOException e) {
            throw new SerializationException("corrupt catalog entry", e);
        }
    }
}
