package io.clusterstream.local;

import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.schemas.v1.DriftReport;
import io.clusterstream.schemas.v1.RefitRequest;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the local mode's outputs show so far: assignments per model version (and the cluster keys they carried), the
 * newest drift window, alerts, refit requests, announced snapshots, and when each first happened (wall-clock ms of
 * this process receiving it). Fed by {@link LiveSummary}; thread-safe.
 */
public final class ServiceTimeline {

    private final Map<Long, Long> assignmentsByVersion = new TreeMap<>();
    private final Map<Long, Set<String>> keysByVersion = new TreeMap<>();
    private final Map<Long, Long> firstAssignmentMs = new TreeMap<>();
    private final Map<Long, Long> announcedMs = new TreeMap<>();
    private final Map<Long, SnapshotManifest> announced = new TreeMap<>();
    private final List<RefitRequest> refitRequests = new ArrayList<>();
    private DriftReport latestDrift;
    private long driftWindows;
    private long alerts;
    private Long firstAlertMs;
    private final List<Long> alertMs = new ArrayList<>();
    private Long firstRequestMs;

    synchronized void onAssignment(ClusterAssignment assignment, long nowMs) {
        long version = assignment.getModel().getVersion();
        assignmentsByVersion.merge(version, 1L, Long::sum);
        keysByVersion.computeIfAbsent(version, v -> new TreeSet<>()).add(assignment.getClusterKey());
        firstAssignmentMs.putIfAbsent(version, nowMs);
    }

    synchronized void onDrift(DriftReport report, long nowMs) {
        latestDrift = report;
        driftWindows++;
        if (report.getAlert()) {
            alerts++;
            alertMs.add(nowMs);
            if (firstAlertMs == null) {
                firstAlertMs = nowMs;
            }
        }
    }

    synchronized void onRefitRequest(RefitRequest request, long nowMs) {
        refitRequests.add(request);
        if (firstRequestMs == null) {
            firstRequestMs = nowMs;
        }
    }

    synchronized void onSnapshot(SnapshotManifest manifest, long nowMs) {
        long version = manifest.getModel().getVersion();
        announced.put(version, manifest);
        announcedMs.putIfAbsent(version, nowMs);
    }

    public synchronized long assignments(long version) {
        return assignmentsByVersion.getOrDefault(version, 0L);
    }

    public synchronized long assignments() {
        return assignmentsByVersion.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Cluster keys seen on the assignments of a version. */
    public synchronized Set<String> keys(long version) {
        return Set.copyOf(keysByVersion.getOrDefault(version, Set.of()));
    }

    public synchronized long alerts() {
        return alerts;
    }

    public synchronized List<RefitRequest> refitRequests() {
        return List.copyOf(refitRequests);
    }

    /** Announced manifests by version. */
    public synchronized Map<Long, SnapshotManifest> announced() {
        return Map.copyOf(announced);
    }

    /** The highest version assignments were seen for, or 0. */
    public synchronized long servingVersion() {
        return assignmentsByVersion.isEmpty() ? 0 : ((TreeMap<Long, Long>) assignmentsByVersion).lastKey();
    }

    public synchronized OptionalLong firstAlertMs() {
        return firstAlertMs == null ? OptionalLong.empty() : OptionalLong.of(firstAlertMs);
    }

    /** When the first alert at or after {@code ms} arrived. */
    public synchronized OptionalLong firstAlertAtOrAfter(long ms) {
        return alertMs.stream().mapToLong(Long::longValue).filter(t -> t >= ms).findFirst();
    }

    public synchronized OptionalLong firstRequestMs() {
        return firstRequestMs == null ? OptionalLong.empty() : OptionalLong.of(firstRequestMs);
    }

    public synchronized OptionalLong announcedMs(long version) {
        Long ms = announcedMs.get(version);
        return ms == null ? OptionalLong.empty() : OptionalLong.of(ms);
    }

    public synchronized OptionalLong firstAssignmentMs(long version) {
        Long ms = firstAssignmentMs.get(version);
        return ms == null ? OptionalLong.empty() : OptionalLong.of(ms);
    }

    /** One console line: assignments per version, the newest drift window, alerts, requests and snapshots. */
    public synchronized String summaryLine() {
        StringBuilder line = new StringBuilder();
        line.append("assignments ").append(assignments());
        assignmentsByVersion.forEach((version, count) -> line.append(" v").append(version).append('=').append(count));
        if (latestDrift != null) {
            line.append(String.format(Locale.ROOT, " | drift v%d n=%d JS %.3f PSI %.2f novelty %.2f%s",
                    latestDrift.getModel().getVersion(), latestDrift.getCount(),
                    latestDrift.getStatistics().getJsDivergence(), latestDrift.getStatistics().getPsi(),
                    latestDrift.getStatistics().getNoveltyRate(), latestDrift.getAlert() ? " ALERT" : ""));
        } else {
            line.append(" | drift: no window yet");
        }
        line.append(" | alerts ").append(alerts).append(" | refit requests ").append(refitRequests.size());
        line.append(" | snapshots announced ").append(announced.keySet());
        return line.toString();
    }

    /** Counts of what happened, as drift windows seen. */
    public synchronized long driftWindows() {
        return driftWindows;
    }
}
