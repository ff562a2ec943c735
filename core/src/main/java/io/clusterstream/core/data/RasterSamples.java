package io.clusterstream.core.data;

import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.SampleModel;

/**
 * Copies one band of one raster row into a byte array as 8-bit samples. Byte rasters with a component layout (what
 * ImageIO produces for 8-bit PNG, JPEG and BMP) are read straight from the data buffer; anything else goes through
 * {@link Raster#getSamples}, scaled down to 8 bits.
 */
final class RasterSamples {

    private RasterSamples() {
    }

    /** Copies {@code raster.getWidth()} samples of {@code band} in raster row {@code row} to {@code destination}. */
    static void copyRow(Raster raster, int row, int band, byte[] destination, int offset) {
        int width = raster.getWidth();
        int x = raster.getMinX();
        int y = raster.getMinY() + row;
        SampleModel model = raster.getSampleModel();
        int bits = model.getSampleSize(band);
        if (model instanceof ComponentSampleModel component && raster.getDataBuffer() instanceof DataBufferByte buffer
                && bits == 8) {
            int bank = component.getBankIndices()[band];
            byte[] data = buffer.getData(bank);
            int index = buffer.getOffsets()[bank] + component.getOffset(
                    x - raster.getSampleModelTranslateX(), y - raster.getSampleModelTranslateY(), band);
            int stride = component.getPixelStride();
            for (int i = 0; i < width; i++, index += stride) {
                destination[offset + i] = data[index];
            }
            return;
        }
        int[] samples = raster.getSamples(x, y, width, 1, band, (int[]) null);
        int shift = Math.max(0, bits - 8);
        for (int i = 0; i < width; i++) {
            destination[offset + i] = (byte) (samples[i] >>> shift);
        }
    }
}
