package io.clusterstream.trainer.method;

import io.clusterstream.trainer.nn.ResNetEncoder;
import io.clusterstream.trainer.nn.Stem;
import java.util.Locale;

/**
 * The ResNet every learned method trains: depth (18 or 34), a width multiplier on the channel counts (1.0 = the
 * papers' 64…512) and the stem. The CPU defaults are scaled down (ResNet-18 at width 0.25); the papers use ResNet-34
 * at width 1.0.
 */
public record Backbone(int depth, double width, Stem stem) {

    public ResNetEncoder build(int channels) {
        return ResNetEncoder.builder().depth(depth).width(width).stem(stem).inputChannels(channels).build();
    }

    /** e.g. {@code resnet18-cifar-w0.25}; checkpoints and warm starts only load into the same name. */
    public String describe(int channels) {
        return String.format(Locale.ROOT, "resnet%d-%s-w%s-c%d", depth, stem.name().toLowerCase(Locale.ROOT),
                stripZeros(width), channels);
    }

    private static String stripZeros(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
