package io.clusterstream.trainer.publish;

import java.net.URI;
import java.net.URISyntaxException;

/** A bucket and key prefix named as {@code s3://bucket[/prefix]}. */
public record S3Location(String bucket, String prefix) {

    /** @throws IllegalArgumentException naming what is wrong with {@code uri} */
    public static S3Location parse(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + uri + " (" + e.getReason() + ")");
        }
        if (!"s3".equals(parsed.getScheme())) {
            throw new IllegalArgumentException("expected s3://bucket[/prefix], got " + uri);
        }
        String bucket = parsed.getHost();
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket in " + uri + " (expected s3://bucket[/prefix])");
        }
        if (parsed.getQuery() != null || parsed.getFragment() != null || parsed.getUserInfo() != null || parsed.getPort() != -1) {
            throw new IllegalArgumentException("s3://bucket[/prefix] takes no port, user, query or fragment: " + uri);
        }
        String path = parsed.getPath() == null ? "" : parsed.getPath().replaceAll("^/+|/+$", "");
        return new S3Location(bucket, path);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
