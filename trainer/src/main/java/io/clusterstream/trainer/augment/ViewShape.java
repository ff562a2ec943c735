package io.clusterstream.trainer.augment;

import io.clusterstream.schemas.v1.Preprocessing;

/** The CHW shape of one view: {@code channels x height x width} floats. */
public record ViewShape(int channels, int height, int width) {

    static ViewShape of(Preprocessing output) {
        return new ViewShape(output.getChannels(), output.getHeight(), output.getWidth());
    }

    /** Floats per view. */
    public int tensorSize() {
        return channels * height * width;
    }
}
