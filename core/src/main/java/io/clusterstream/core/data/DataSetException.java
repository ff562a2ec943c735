package io.clusterstream.core.data;

/**
 * A data set file is missing, unreadable or not in the expected format. The message names the file and what is wrong.
 */
public final class DataSetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message names the file and the problem */
    public DataSetException(String message) {
        super(message);
    }

    /**
     * @param message names the file and the problem
     * @param cause   the underlying I/O or decoding failure
     */
    public DataSetException(String message, Throwable cause) {
        super(message, cause);
    }
}
