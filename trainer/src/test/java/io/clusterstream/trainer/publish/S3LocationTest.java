package io.clusterstream.trainer.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class S3LocationTest {

    @Test
    void parsesBucketAndPrefixWithoutSurroundingSlashes() {
        assertEquals(new S3Location("clusterstream", "snapshots/prod"), S3Location.parse("s3://clusterstream/snapshots/prod/"));
        assertEquals(new S3Location("b", ""), S3Location.parse("s3://b"));
        assertEquals("s3://b", S3Location.parse("s3://b/").toString());
        assertEquals("s3://b/p", S3Location.parse("s3://b/p").toString());
    }

    @Test
    void rejectsWhatIsNotABucketLocation() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> S3Location.parse("/tmp/store")).getMessage()
                .contains("expected s3://bucket[/prefix]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3:///prefix")).getMessage()
                .contains("no bucket"));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://b:9000/p"));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://b/p?versionId=1"));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://b/a b"));
    }
}
