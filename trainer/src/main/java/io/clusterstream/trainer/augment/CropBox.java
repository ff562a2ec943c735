package io.clusterstream.trainer.augment;

/** A rectangle of a source image: columns {@code x .. x + width - 1}, rows {@code y .. y + height - 1}. */
public record CropBox(int x, int y, int width, int height) {

    public CropBox {
        if (x < 0 || y < 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("not a crop box: " + x + "," + y + " " + width + "x" + height);
        }
    }

    /** The box's area divided by the area of a {@code sourceWidth x sourceHeight} image. */
    public double areaFraction(int sourceWidth, int sourceHeight) {
        return (double) width * height / ((double) sourceWidth * sourceHeight);
    }
}
