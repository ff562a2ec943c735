package io.clusterstream.trainer.augment;

/** Rotates the hue of every pixel of a 3-channel view through RGB → HSV → RGB. */
final class HueShift {

    private HueShift() {}

    /** {@code shift} is a fraction of the colour wheel in [-0.5, 0.5]. */
    static void apply(ViewCanvas canvas, float shift) {
        float[] data = canvas.data();
        int plane = canvas.plane();
        for (int r = canvas.offset(), end = r + plane; r < end; r++) {
            int g = r + plane;
            int b = g + plane;
            float red = data[r];
            float green = data[g];
            float blue = data[b];
            float max = Math.max(red, Math.max(green, blue));
            float min = Math.min(red, Math.min(green, blue));
            float chroma = max - min;
            if (chroma == 0f) {
                continue; // grey: no hue to rotate
            }
            float hue;
            if (max == red) {
                hue = (green - blue) / chroma;
            } else if (max == green) {
                hue = 2f + (blue - red) / chroma;
            } else {
                hue = 4f + (red - green) / chroma;
            }
            hue = hue / 6f + shift;
            hue -= (float) Math.floor(hue);
            float saturation = chroma / max;
            toRgb(hue, saturation, max, data, r, g, b);
        }
    }

    private static void toRgb(float hue, float saturation, float value, float[] data, int r, int g, int b) {
        float sector = hue * 6f;
        int index = ((int) Math.floor(sector)) % 6;
        float fraction = sector - (float) Math.floor(sector);
        float p = ColorJitter.clamp(value * (1f - saturation));
        float q = ColorJitter.clamp(value * (1f - saturation * fraction));
        float t = ColorJitter.clamp(value * (1f - saturation * (1f - fraction)));
        float red;
        float green;
        float blue;
        switch (index) {
            case 0 -> { red = value; green = t; blue = p; }
            case 1 -> { red = q; green = value; blue = p; }
            case 2 -> { red = p; green = value; blue = t; }
            case 3 -> { red = p; green = q; blue = value; }
            case 4 -> { red = t; green = p; blue = value; }
            default -> { red = value; green = p; blue = q; }
        }
        data[r] = red;
        data[g] = green;
        data[b] = blue;
    }
}
