package io.clusterstream.trainer.publish;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** S3 clients for AWS and for S3-compatible stores (MinIO, Ceph, s3proxy). */
public final class S3Clients {

    /**
     * @param endpointOrNull an S3-compatible endpoint such as {@code http://minio:9000}; null for AWS
     * @param pathStyle      address buckets as {@code endpoint/bucket} (MinIO and most self-hosted stores need it)
     */
    public static S3Client create(URI endpointOrNull, String region, boolean pathStyle, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .forcePathStyle(pathStyle)
                // the SDK's default flexible checksums (since 2.30) are refused by several S3-compatible stores
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create());
        if (endpointOrNull != null) {
            builder.endpointOverride(endpointOrNull);
        }
        return builder.build();
    }

    private S3Clients() {}
}
