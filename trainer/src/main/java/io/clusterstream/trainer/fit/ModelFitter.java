package io.clusterstream.trainer.fit;

import java.io.IOException;

/**
 * Fits one clustering algorithm on a sample of images and returns a servable snapshot of the requested model version
 * (not yet aligned to its parent nor published). {@code trainer train} and the refit service both fit through this.
 */
public interface ModelFitter {

    /** The algorithm's name as written in reports and on the command line. */
    String name();

    FittedModel fit(FitInput input) throws IOException;
}
