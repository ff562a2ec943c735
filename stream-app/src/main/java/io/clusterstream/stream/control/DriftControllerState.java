package io.clusterstream.stream.control;

import io.clusterstream.schemas.v1.DriftReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the drift controller remembers about one model id: the newest version seen, the end of the current
 * cooldown, and per drift source (empty = all sources) the run of consecutive alerting windows with the newest of
 * them as evidence. Mutable; the controller reads it from its store, changes it and writes it back.
 */
final class DriftControllerState {

    /** Cooldown end when no request was made yet. */
    static final long NO_COOLDOWN = Long.MIN_VALUE;

    private static final int FORMAT = 1;

    long latestVersion;
    long cooldownUntilMs = NO_COOLDOWN;
    final Map<String, Streak> streaks = new LinkedHashMap<>();

    /** The run of one drift source, for the latest version. */
    static final class Streak {
        long lastWindowEndMs = Long.MIN_VALUE;
        int consecutiveAlerts;
        final List<DriftReport> evidence = new ArrayList<>();

        /** Counts one newer window; keeps the newest {@code maxEvidence} alerting windows of the run. */
        void add(DriftReport report, int maxEvidence) {
            lastWindowEndMs = report.getWindowEndMs();
            if (report.getAlert()) {
                consecutiveAlerts++;
                evidence.add(report);
                while (evidence.size() > maxEvidence) {
                    evidence.remove(0);
                }
            } else {
                consecutiveAlerts = 0;
                evidence.clear();
            }
        }
    }

    Streak streak(String source) {
        return streaks.computeIfAbsent(source, s -> new Streak());
    }

    /** The store's serde: a small versioned binary layout with the evidence as embedded protobuf. */
    static Serde<DriftControllerState> serde() {
        return Serdes.serdeFrom((topic, state) -> state == null ? null : state.toBytes(),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }

    byte[] toBytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(FORMAT);
            out.writeLong(latestVersion);
            out.writeLong(cooldownUntilMs);
            out.writeInt(streaks.size());
            for (Map.Entry<String, Streak> entry : streaks.entrySet()) {
                Streak streak = entry.getValue();
                out.writeUTF(entry.getKey());
                out.writeLong(streak.lastWindowEndMs);
                out.writeInt(streak.consecutiveAlerts);
                out.writeInt(streak.evidence.size());
                for (DriftReport report : streak.evidence) {
                    byte[] bytes = report.toByteArray();
                    out.writeInt(bytes.length);
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    static DriftControllerState fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new SerializationException("unknown drift controller state format " + format);
            }
            DriftControllerState state = new DriftControllerState();
            state.latestVersion = in.readLong();
            state.cooldownUntilMs = in.readLong();
            int sources = in.readInt();
            for (int i = 0; i < sources; i++) {
                Streak streak = state.streak(in.readUTF());
                streak.lastWindowEndMs = in.readLong();
                streak.consecutiveAlerts = in.readInt();
                int reports = in.readInt();
                for (int r = 0; r < reports; r++) {
                    byte[] report = new byte[in.readInt()];
                    in.readFully(report);
                    streak.evidence.add(DriftReport.parseFrom(report));
                }
            }
            return state;
        } catch (IOException e) {
            throw new SerializationException("corrupt drift controller state", e);
        }
    }
}
