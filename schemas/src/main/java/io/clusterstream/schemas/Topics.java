package io.clusterstream.schemas;

import java.util.List;

/**
 * Default Kafka topic names of clusterstream, defined here and nowhere else. Every component takes its topic
 * names as configuration with these as defaults.
 *
 * <table>
 *   <caption>Topics, their record key and value</caption>
 *   <tr><th>topic</th><th>key</th><th>value</th><th>cleanup</th></tr>
 *   <tr><td>{@value #IMAGES}</td><td>event id or source</td><td>{@code ImageEvent}, or a raw PNG/JPEG/GIF/BMP file</td><td>delete</td></tr>
 *   <tr><td>{@value #ASSIGNMENTS}</td><td>event id</td><td>{@code ClusterAssignment}</td><td>delete</td></tr>
 *   <tr><td>{@value #DRIFT}</td><td>model id</td><td>{@code DriftReport}</td><td>delete</td></tr>
 *   <tr><td>{@value #SNAPSHOTS}</td><td>model id</td><td>{@code SnapshotManifest}</td><td>compact</td></tr>
 *   <tr><td>{@value #DEAD_LETTERS}</td><td>original key</td><td>original value, see {@link DeadLetterHeaders}</td><td>delete</td></tr>
 *   <tr><td>{@value #TAGS}</td><td>{@code <model id>/<cluster key>}</td><td>{@code ClusterTag}</td><td>compact</td></tr>
 *   <tr><td>{@value #REFIT_REQUESTS}</td><td>model id</td><td>{@code RefitRequest}</td><td>delete</td></tr>
 *   <tr><td>{@value #TAGGED}</td><td>event id</td><td>{@code ClusterAssignment} with its tag</td><td>delete</td></tr>
 * </table>
 */
public final class Topics {
    public static final String IMAGES = "clusterstream.images";
    public static final String ASSIGNMENTS = "clusterstream.assignments";
    public static final String DRIFT = "clusterstream.drift";
    public static final String SNAPSHOTS = "clusterstream.snapshots";
    public static final String DEAD_LETTERS = "clusterstream.dlq";
    public static final String TAGS = "clusterstream.tags";
    public static final String REFIT_REQUESTS = "clusterstream.refit-requests";
    public static final String TAGGED = "clusterstream.tagged";

    /** Topics whose latest record per key is the state, so they are log-compacted. */
    public static final List<String> COMPACTED = List.of(SNAPSHOTS, TAGS);

    public static final List<String> ALL =
            List.of(IMAGES, ASSIGNMENTS, DRIFT, SNAPSHOTS, DEAD_LETTERS, TAGS, REFIT_REQUESTS, TAGGED);

    private Topics() {}
}
