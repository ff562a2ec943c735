package io.clusterstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.util.JsonFormat;
import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.schemas.v1.ClusterAssignmentProto;
import io.clusterstream.schemas.v1.ControlProto;
import io.clusterstream.schemas.v1.DriftReportProto;
import io.clusterstream.schemas.v1.EncodedImage;
import io.clusterstream.schemas.v1.ImageEvent;
import io.clusterstream.schemas.v1.ImageEventProto;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.schemas.v1.ModelRefProto;
import io.clusterstream.schemas.v1.PixelLayout;
import io.clusterstream.schemas.v1.RawImage;
import io.clusterstream.schemas.v1.SnapshotManifestProto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireContractTest {

    private static final List<FileDescriptor> FILES = List.of(
            ImageEventProto.getDescriptor(),
            ModelRefProto.getDescriptor(),
            ClusterAssignmentProto.getDescriptor(),
            SnapshotManifestProto.getDescriptor(),
            DriftReportProto.getDescriptor(),
            ControlProto.getDescriptor());

    @Test
    void imageEventRoundTripsThroughBinaryAndJson() throws IOException {
        ImageEvent event = ImageEvent.newBuilder()
                .setEventId("e-1")
                .setEventTimeMs(1_700_000_000_000L)
                .setSource("camera-7")
                .setEncoded(EncodedImage.newBuilder()
                        .setData(ByteString.copyFrom(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
                        .setMediaType("image/png"))
                .putAttributes("site", "north")
                .setLabel(3)
                .build();

        assertEquals(event, ImageEvent.parseFrom(event.toByteArray()));

        ImageEvent.Builder fromJson = ImageEvent.newBuilder();
        JsonFormat.parser().merge(JsonFormat.printer().print(event), fromJson);
        assertEquals(event, fromJson.build());
    }

    @Test
    void labelIsOptionalSoZeroIsDistinguishableFromAbsent() {
        assertFalse(ImageEvent.newBuilder().build().hasLabel());
        assertTrue(ImageEvent.newBuilder().setLabel(0).build().hasLabel());
    }

    @Test
    void rawImageDefaultsToInterleavedLayout() {
        RawImage raw = RawImage.newBuilder().setWidth(2).setHeight(1).setChannels(1).build();
        assertEquals(PixelLayout.PIXEL_LAYOUT_INTERLEAVED, raw.getLayout());
    }

    @Test
    void anOlderReaderIgnoresFieldsAddedByANewerWriter() throws IOException {
        ClusterAssignment known = ClusterAssignment.newBuilder()
                .setEventId("e-9")
                .setModel(ModelRef.newBuilder().setModelId("cifar").setVersion(4))
                .setClusterId(2)
                .setConfidence(0.75f)
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        known.writeTo(out);
        out.writeString(999, "a field from the future");
        out.flush();

        ClusterAssignment parsed = ClusterAssignment.parseFrom(bytes.toByteArray());

        assertEquals(known.getEventId(), parsed.getEventId());
        assertEquals(known.getModel(), parsed.getModel());
        assertEquals(known.getConfidence(), parsed.getConfidence());
    }

    @Test
    void everyMessageAndFieldIsInPackageV1AndEveryEnumStartsWithADefaultValue() {
        List<String> problems = new ArrayList<>();
        for (FileDescriptor file : FILES) {
            if (!file.getPackage().equals("clusterstream.v1")) {
                problems.add(file.getName() + " is in package " + file.getPackage());
            }
            for (EnumDescriptor enumType : file.getEnumTypes()) {
                if (enumType.getValues().get(0).getNumber() != 0) {
                    problems.add(enumType.getFullName() + " does not start at 0");
                }
            }
            for (Descriptor message : file.getMessageTypes()) {
                for (FieldDescriptor field : message.getFields()) {
                    if (!field.getName().equals(field.getName().toLowerCase())) {
                        problems.add(field.getFullName() + " is not snake_case");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
