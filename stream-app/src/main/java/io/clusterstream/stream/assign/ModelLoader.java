package io.clusterstream.stream.assign;

import io.clusterstream.core.serving.ServingModel;
import java.io.Serializable;
import java.util.OptionalLong;

/** Turns a snapshot version into a ready serving model, usually off the task thread. */
public interface ModelLoader extends Serializable {

    /** The newest version of {@code modelId} the store holds, if any. */
    OptionalLong latestVersion(String modelId) throws Exception;

    /**
     * @throws Exception when the snapshot is missing, fails verification (checksum, dimensions, non-finite values),
     *                   or cannot be loaded by ONNX Runtime; the caller keeps serving its current model
     */
    ServingModel load(String modelId, long version) throws Exception;
}
