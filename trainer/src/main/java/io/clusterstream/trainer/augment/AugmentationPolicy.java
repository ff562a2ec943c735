package io.clusterstream.trainer.augment;

import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.schemas.v1.Preprocessing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one view of a training image is made: an optional random resized crop of the source image, resized to
 * {@code output}'s size and channel count exactly as core's {@link Preprocessor} does, then {@code steps} in order on
 * the [0, 1] values, then normalisation with {@code output}'s mean and std. With no crop and no steps the view equals
 * {@code new Preprocessor(output).toTensor(image)} bit for bit.
 *
 * <p>{@code output} is therefore also the preprocessing a snapshot trained with this policy must carry, so serving
 * feeds the encoder what training fed it. Methods that train without Normalize (CC, SimCLR, TCC) get an
 * {@code output} with mean 0 and std 1: see {@link #servingPreprocessing()}.
 *
 * <p>For 1-channel output (Fashion-MNIST: 1x28x28, as {@code StandardPreprocessing.FASHION_MNIST} serves it) views
 * are 1-channel too; of the colour steps only brightness and contrast change them, since grayscale, saturation and
 * hue mean nothing for grey.
 *
 * @param output how views are sized, converted and normalised
 * @param crop   the random resized crop, or {@code null} to resize the whole image
 * @param steps  the random transformations after resizing, in order
 */
public record AugmentationPolicy(Preprocessing output, RandomResizedCrop crop, List<AugmentationStep> steps) {

    /** The colour-jitter strength CC uses for CIFAR (ColorJitter(0.8 s, 0.8 s, 0.8 s, 0.2 s)). */
    public static final double CC_CIFAR_STRENGTH = 0.5;

    public AugmentationPolicy {
        Objects.requireNonNull(output, "output");
        new Preprocessor(output); // validates size, channels, mean and std with serving's own rules
        steps = List.copyOf(steps);
    }

    /** No augmentation: exactly the serving preprocessing. */
    public static AugmentationPolicy identity(Preprocessing output) {
        return new AugmentationPolicy(output, null, List.of());
    }

    /**
     * MiCE: RandomResizedCrop(scale 0.2–1) → Grayscale p 0.2 → ColorJitter(0.4, 0.4, 0.4, 0.4) always → HFlip →
     * Normalize with {@code output}'s mean and std.
     */
    public static AugmentationPolicy mice(Preprocessing output) {
        return new AugmentationPolicy(output, RandomResizedCrop.ofScale(0.2, 1.0), List.of(
                new Grayscale(0.2),
                new ColorJitter(0.4, 0.4, 0.4, 0.4, 1.0),
                new HorizontalFlip(0.5)));
    }

    /** CC with the CIFAR strength s = {@value #CC_CIFAR_STRENGTH}; see {@link #cc(Preprocessing, double)}. */
    public static AugmentationPolicy cc(Preprocessing output) {
        return cc(output, CC_CIFAR_STRENGTH);
    }

    /**
     * CC: RandomResizedCrop(scale 0.08–1) → HFlip → ColorJitter(0.8 s, 0.8 s, 0.8 s, 0.2 s) p 0.8 → Grayscale p 0.2,
     * no Normalize: {@code output}'s mean and std are replaced by 0 and 1.
     */
    public static AugmentationPolicy cc(Preprocessing output, double strength) {
        return new AugmentationPolicy(unnormalised(output), RandomResizedCrop.ofScale(0.08, 1.0), List.of(
                new HorizontalFlip(0.5),
                new ColorJitter(0.8 * strength, 0.8 * strength, 0.8 * strength, 0.2 * strength, 0.8),
                new Grayscale(0.2)));
    }

    /** SimCLR (+ k-means) trains with CC's augmentation. */
    public static AugmentationPolicy simclr(Preprocessing output) {
        return cc(output);
    }

    /** TCC trains with CC's augmentation. */
    public static AugmentationPolicy tcc(Preprocessing output) {
        return cc(output);
    }

    /**
     * MIX'EM: RandomResizedCrop(scale 0.08–1) → HFlip → ColorJitter(0.8, 0.8, 0.8, 0.2) p 0.8 → Grayscale p 0.2 →
     * Gaussian blur p 0.5, σ ~ U[0.1, 2], kernel {@code int(0.1 · size)} made odd → Normalize with {@code output}'s
     * mean and std.
     */
    public static AugmentationPolicy mixem(Preprocessing output) {
        return new AugmentationPolicy(output, RandomResizedCrop.ofScale(0.08, 1.0), List.of(
                new HorizontalFlip(0.5),
                new ColorJitter(0.8, 0.8, 0.8, 0.2, 0.8),
                new Grayscale(0.2),
                new GaussianBlur(0.5, 0.1, 2.0, GaussianBlur.kernelFor(output.getHeight()))));
    }

    /** The preprocessing a snapshot trained with this policy must carry: {@link #output()}. */
    public Preprocessing servingPreprocessing() {
        return output;
    }

    /** Floats per view: {@code channels * height * width}. */
    public int tensorSize() {
        return output.getChannels() * output.getHeight() * output.getWidth();
    }

    /** This policy with another crop ({@code null}: none). */
    public AugmentationPolicy withCrop(RandomResizedCrop newCrop) {
        return new AugmentationPolicy(output, newCrop, steps);
    }

    /** This policy with {@code step} appended. */
    public AugmentationPolicy withStep(AugmentationStep step) {
        List<AugmentationStep> more = new ArrayList<>(steps);
        more.add(Objects.requireNonNull(step, "step"));
        return new AugmentationPolicy(output, crop, more);
    }

    /** {@code output} with mean 0 and std 1 for every channel: views stay in [0, 1]. */
    static Preprocessing unnormalised(Preprocessing output) {
        Preprocessing.Builder builder = output.toBuilder().clearMean().clearStd();
        for (int c = 0; c < output.getChannels(); c++) {
            builder.addMean(0f).addStd(1f);
        }
        return builder.build();
    }
}
