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

    /**
     * The serving graph, the head over its output and the artifacts the head names (file name to content), e.g.
     * MiCE's frozen queue.
     */
    record Serving(ModelProto encoder, int embeddingDim, ClusteringHead head, Map<String, byte[]> artifacts) {

        public Serving(ModelProto encoder, int embeddingDim, ClusteringHead head) {
            this(encoder, embeddingDim, head, Map.of());
        }
    }

    /**
     * Exports the trained model for serving (after training). May add what it measured to {@code report}, e.g. MiCE's
     * posterior ACC.
     */
    Serving serving(FitInput input, Preprocessor preprocessor, TrainingReport.Builder report) throws IOException;

    /** Method-specific hyper-parameters for the training report. */
    Map<String, String> hyperparameters();
}
