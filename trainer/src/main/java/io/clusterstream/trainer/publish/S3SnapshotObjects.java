package io.clusterstream.trainer.publish;

import io.clusterstream.core.snapshot.SnapshotObjects;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A snapshot store in an S3 bucket under a key prefix, read with the AWS SDK. */
public final class S3SnapshotObjects implements SnapshotObjects {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3SnapshotObjects(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        String trimmed = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        this.prefix = trimmed.isEmpty() ? "" : trimmed + "/";
    }

    @Override
    public List<String> children(String directoryKey) throws IOException {
        String parent = prefix + directoryKey.replaceAll("/+$", "") + "/";
        List<String> names = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                    .bucket(bucket).prefix(parent).delimiter("/").build())) {
                for (CommonPrefix common : page.commonPrefixes()) {
                    names.add(common.prefix().substring(parent.length()).replaceAll("/+$", ""));
                }
                for (S3Object object : page.contents()) {
                    names.add(object.key().substring(parent.length()));
                }
            }
        } catch (S3Exception e) {
            throw new IOException("cannot list s3://" + bucket + "/" + parent + ": " + e.getMessage(), e);
        }
        return names;
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(prefix + key).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("cannot check " + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(prefix + key).build());
        } catch (S3Exception e) {
            throw new IOException("cannot read " + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix.replaceAll("/+$", "");
    }
}
