package io.clusterstream.trainer.method;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.TrainingReport;
import io.clusterstream.trainer.fit.FitInput;
import io.clusterstream.trainer.train.TrainingObjective;
import java.io.IOException;
import java.util.Map;

/** A contrastive method's model while it trains, and how its trained model is served. */
public interface LearnedMethod extends TrainingObjective {

    /** The serving graph and the head over its output. */
    record Serving(ModelProto encoder, int embeddingDim, ClusteringHead head) {}

    /**
     * Exports the trained model for serving (after training). May add what it measured to {@code report}, e.g. MiCE's
     * posterior ACC.
     */
    Serving serving(FitInput input, Preprocessor preprocessor, TrainingReport.Builder report) throws IOException;

    /** Method-specific hyper-parameters for the training report. */
    Map<String, String> hyperparameters();
}
