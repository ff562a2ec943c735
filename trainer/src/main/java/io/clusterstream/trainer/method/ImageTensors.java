package io.clusterstream.trainer.method;

import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.image.Preprocessor;

/** Un-augmented images as the serving preprocessing makes them, a batch at a time. */
public final class ImageTensors {

    public static final int BATCH = 256;

    /** CHW tensors of images [start, end) back to back. */
    public static float[] batch(LabeledImages images, Preprocessor preprocessor, int start, int end) {
        int size = preprocessor.tensorSize();
        float[] tensors = new float[(end - start) * size];
        for (int i = start; i < end; i++) {
            preprocessor.toTensor(images.image(i), tensors, (i - start) * size);
        }
        return tensors;
    }

    private ImageTensors() {}
}
