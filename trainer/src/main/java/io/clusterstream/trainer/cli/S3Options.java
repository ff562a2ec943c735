package io.clusterstream.trainer.cli;

import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.trainer.publish.S3Clients;
import io.clusterstream.trainer.publish.S3Location;
import io.clusterstream.trainer.publish.S3SnapshotMirror;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** Where published snapshots are uploaded for the stream job, besides the local store. */
final class S3Options {

    @Option(names = "--upload-to", paramLabel = "s3://BUCKET[/PREFIX]",
            description = "Also upload every published version to this S3 bucket (the stream job's --snapshot-store), "
                    + "and continue the lineage found there when the local store is behind it. Credentials come from "
                    + "the AWS default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, instance role).")
    String uploadTo;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3-compatible endpoint, e.g. http://minio:9000 (default: AWS).")
    URI endpoint;

    @Option(names = "--s3-region", defaultValue = "us-east-1", description = "(default: ${DEFAULT-VALUE})")
    String region;

    @Option(names = "--s3-path-style", description = "Address buckets as <endpoint>/<bucket>, as MinIO needs.")
    boolean pathStyle;

    /** Empty unless {@code --upload-to} was given; the caller closes the client. */
    Optional<Upload> upload(FileSnapshotStore local) {
        if (uploadTo == null) {
            if (endpoint != null || pathStyle) {
                throw new IllegalArgumentException("--s3-endpoint and --s3-path-style need --upload-to");
            }
            return Optional.empty();
        }
        S3Location location = S3Location.parse(uploadTo);
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
            throw new IllegalArgumentException("--s3-endpoint must be an absolute URL such as http://minio:9000, not " + endpoint);
        }
        S3Client s3 = S3Clients.create(endpoint, region, pathStyle, DefaultCredentialsProvider.builder().build());
        return Optional.of(new Upload(s3, new S3SnapshotMirror(s3, location, local)));
    }

    /** The client and the mirror using it. */
    record Upload(S3Client client, S3SnapshotMirror mirror) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }
}
