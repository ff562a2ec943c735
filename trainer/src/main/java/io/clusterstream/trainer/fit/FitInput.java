package io.clusterstream.trainer.fit;

import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.schemas.v1.Preprocessing;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a fit works on.
 *
 * @param images        the training sample; labels, where known, only feed the training report
 * @param preprocessing how serving turns an image into the encoder's input tensor
 * @param model         the model version the fitted snapshot will be
 * @param warmStart     the lineage's newest snapshot, whose training weights a learned method may start from
 * @param workDir       a folder for checkpoints, kept between runs so an interrupted fit can resume
 */
public record FitInput(LabeledImages images, Preprocessing preprocessing, ModelRef model, Optional<Snapshot> warmStart,
        Path workDir) {

    public FitInput {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(warmStart, "warmStart");
        Objects.requireNonNull(workDir, "workDir");
    }
}
