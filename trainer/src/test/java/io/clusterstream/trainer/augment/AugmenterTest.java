package io.clusterstream.trainer.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.image.ImageOps;
import io.clusterstream.core.image.PixelImage;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.schemas.v1.Preprocessing;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AugmenterTest {

    private static final List<Function<Preprocessing, AugmentationPolicy>> PRESETS = List.of(
            AugmentationPolicy::mice, AugmentationPolicy::cc, AugmentationPolicy::simclr,
            AugmentationPolicy::mixem, AugmentationPolicy::tcc);

    @Test
    void identityPolicyEqualsServingPreprocessing() {
        LabeledImages images = CifarFixture.load();
        Preprocessor serving = new Preprocessor(StandardPreprocessing.CIFAR10);
        Augmenter augmenter = new Augmenter(AugmentationPolicy.identity(StandardPreprocessing.CIFAR10));
        float[] view = new float[augmenter.tensorSize()];
        for (int i = 0; i < images.size(); i++) {
            augmenter.augment(images, i, new SplittableRandom(i), view, 0);
            assertArrayEquals(serving.toTensor(images.image(i)), view, "image " + i);
        }
    }

    @Test
    void identityPolicyEqualsServingPreprocessingForGreyResizedImages() {
        Preprocessor serving = new Preprocessor(StandardPreprocessing.FASHION_MNIST);
        Augmenter augmenter = new Augmenter(AugmentationPolicy.identity(StandardPreprocessing.FASHION_MNIST));
        float[] view = new float[augmenter.tensorSize()];
        for (int i = 0; i < 50; i++) {
            PixelImage grey = ImageOps.toGrey(CifarFixture.image(i)); // 32x32 grey, resized to 28x28
            augmenter.augment(grey, new SplittableRandom(i), view, 0);
            assertArrayEquals(serving.toTensor(grey), view, "image " + i);
        }
    }

    @Test
    void everyPresetIsDeterministicInItsSeedAndDiffersBetweenSeeds() {
        for (Function<Preprocessing, AugmentationPolicy> preset : PRESETS) {
            Augmenter augmenter = new Augmenter(preset.apply(StandardPreprocessing.CIFAR10));
            PixelImage image = CifarFixture.image(7);
            float[] first = view(augmenter, image, 42);
            assertArrayEquals(first, view(augmenter, image, 42));
            assertFalse(Arrays.equals(first, view(augmenter, image, 43)));
        }
    }

    @Test
    void presetsProduceFiniteValuesInsideTheNormalisedRange() {
        for (Function<Preprocessing, AugmentationPolicy> preset : PRESETS) {
            AugmentationPolicy policy = preset.apply(StandardPreprocessing.CIFAR10);
            Augmenter augmenter = new Augmenter(policy);
            Preprocessing output = policy.output();
            int plane = 32 * 32;
            for (int i = 0; i < 40; i++) {
                float[] view = view(augmenter, CifarFixture.image(i), i);
                for (int c = 0; c < 3; c++) {
                    float low = (0f - output.getMean(c)) / output.getStd(c) - 1e-5f;
                    float high = (1f - output.getMean(c)) / output.getStd(c) + 1e-5f;
                    for (int p = c * plane; p < (c + 1) * plane; p++) {
                        assertTrue(view[p] >= low && view[p] <= high, policy + " value " + view[p]);
                    }
                }
            }
        }
    }

    @Test
    void unnormalisedMethodsServeWithMeanZeroAndStdOne() {
        Preprocessing serving = AugmentationPolicy.cc(StandardPreprocessing.CIFAR10).servingPreprocessing();
        assertEquals(List.of(0f, 0f, 0f), serving.getMeanList());
        assertEquals(List.of(1f, 1f, 1f), serving.getStdList());
        assertEquals(StandardPreprocessing.CIFAR10, AugmentationPolicy.mice(StandardPreprocessing.CIFAR10).output());
    }

    @Test
    void fashionMnistViewsHaveTheServingLayout() {
        LabeledImages grey = greyFixture();
        for (Function<Preprocessing, AugmentationPolicy> preset : PRESETS) {
            Augmenter augmenter = new Augmenter(preset.apply(StandardPreprocessing.FASHION_MNIST));
            assertEquals(28 * 28, augmenter.tensorSize());
            float[] view = new float[28 * 28];
            augmenter.augment(grey, 3, new SplittableRandom(5), view, 0);
            for (float value : view) {
                assertTrue(Float.isFinite(value));
            }
        }
    }

    @Test
    void viewsLandInTheirSliceOnly() {
        Augmenter augmenter = new Augmenter(AugmentationPolicy.mixem(StandardPreprocessing.CIFAR10));
        float[] target = new float[3 * augmenter.tensorSize()];
        Arrays.fill(target, -99f);
        augmenter.augment(CifarFixture.image(0), new SplittableRandom(1), target, augmenter.tensorSize());
        assertEquals(-99f, target[augmenter.tensorSize() - 1]);
        assertEquals(-99f, target[2 * augmenter.tensorSize()]);
        assertArrayEquals(view(augmenter, CifarFixture.image(0), 1),
                Arrays.copyOfRange(target, augmenter.tensorSize(), 2 * augmenter.tensorSize()));
    }

    static float[] view(Augmenter augmenter, PixelImage image, long seed) {
        float[] view = new float[augmenter.tensorSize()];
        augmenter.augment(image, new SplittableRandom(seed), view, 0);
        return view;
    }

    /** The CIFAR fixture as 28x28 grey images, shaped like Fashion-MNIST. */
    static LabeledImages greyFixture() {
        LabeledImages cifar = CifarFixture.load();
        int count = 20;
        byte[] pixels = new byte[count * 28 * 28];
        for (int i = 0; i < count; i++) {
            PixelImage grey = ImageOps.resize(ImageOps.toGrey(cifar.image(i)), 28, 28);
            System.arraycopy(grey.pixels(), 0, pixels, i * 28 * 28, 28 * 28);
        }
        return new LabeledImages(28, 28, 1, pixels, Arrays.copyOf(cifar.labels(), count), cifar.classNames());
    }
}
