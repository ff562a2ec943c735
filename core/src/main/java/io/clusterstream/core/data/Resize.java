package io.clusterstream.core.data;

/**
 * Bilinear resizing of CHW byte images, kept local to the data package for {@link ImageFolderReader}.
 * TODO: switch to core.image.ImageOps once it lands, so training and serving resize images the same way.
 */
final class Resize {

    private Resize() {
    }

    /**
     * Resizes each channel plane with bilinear interpolation, sampling at pixel centres. It does not low-pass filter
     * first, so strong downscaling aliases; good enough for bringing folder images to a model's input size.
     */
    static byte[] bilinear(byte[] source, int channels, int sourceHeight, int sourceWidth, int height, int width) {
        if (sourceHeight == height && sourceWidth == width) {
            return source;
        }
        byte[] target = new byte[channels * height * width];
        float scaleY = (float) sourceHeight / height;
        float scaleX = (float) sourceWidth / width;
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        float[] fx = new float[width];
        for (int x = 0; x < width; x++) {
            float sx = Math.max(0f, (x + 0.5f) * scaleX - 0.5f);
            x0[x] = Math.min((int) sx, sourceWidth - 1);
            x1[x] = Math.min(x0[x] + 1, sourceWidth - 1);
            fx[x] = sx - x0[x];
        }
        for (int c = 0; c < channels; c++) {
            int sourcePlane = c * sourceHeight * sourceWidth;
            int targetPlane = c * height * width;
            for (int y = 0; y < height; y++) {
                float sy = Math.max(0f, (y + 0.5f) * scaleY - 0.5f);
                int y0 = Math.min((int) sy, sourceHeight - 1);
                int y1 = Math.min(y0 + 1, sourceHeight - 1);
                float fy = sy - y0;
                int row0 = sourcePlane + y0 * sourceWidth;
                int row1 = sourcePlane + y1 * sourceWidth;
                for (int x = 0; x < width; x++) {
                    float top = lerp(source[row0 + x0[x]] & 0xFF, source[row0 + x1[x]] & 0xFF, fx[x]);
                    float bottom = lerp(source[row1 + x0[x]] & 0xFF, source[row1 + x1[x]] & 0xFF, fx[x]);
                    target[targetPlane + y * width + x] = (byte) Math.round(lerp(top, bottom, fy));
                }
            }
        }
        return target;
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }
}
