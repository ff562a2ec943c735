package io.clusterstream.core.alignment;

/**
 * When a child cluster counts as the continuation of its Hungarian-matched parent cluster, and so inherits the
 * parent's key. Both conditions must hold for the matched count m (sample images the child and the parent share):
 * <ul>
 *   <li>{@code m / |child| >= minOverlap}: most of the child comes from that parent, and</li>
 *   <li>{@code m >= minShareOfParent * |parent|}: the child took a real part of the parent, not a sliver.</li>
 * </ul>
 *
 * @param minOverlap       in [0, 1]; default 0.5
 * @param minShareOfParent in [0, 1]; default 0.3
 */
public record AlignmentPolicy(double minOverlap, double minShareOfParent) {

    public static final double DEFAULT_MIN_OVERLAP = 0.5;
    public static final double DEFAULT_MIN_SHARE_OF_PARENT = 0.3;

    /** minOverlap 0.5, minShareOfParent 0.3. */
    public static final AlignmentPolicy DEFAULTS = new AlignmentPolicy(DEFAULT_MIN_OVERLAP, DEFAULT_MIN_SHARE_OF_PARENT);

    public AlignmentPolicy {
        requireFraction("minOverlap", minOverlap);
        requireFraction("minShareOfParent", minShareOfParent);
    }

    public static AlignmentPolicy defaults() {
        return DEFAULTS;
    }

    public AlignmentPolicy withMinOverlap(double value) {
        return new AlignmentPolicy(value, minShareOfParent);
    }

    public AlignmentPolicy withMinShareOfParent(double value) {
        return new AlignmentPolicy(minOverlap, value);
    }

    private static void requireFraction(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }
}
