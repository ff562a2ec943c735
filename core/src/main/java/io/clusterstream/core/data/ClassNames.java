package io.clusterstream.core.data;

import java.util.List;

/** Class names of the known data sets, indexed by label id. */
public final class ClassNames {

    /** CIFAR-10 classes, label ids 0..9. */
    public static final List<String> CIFAR10 = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    /** Fashion-MNIST classes, label ids 0..9. */
    public static final List<String> FASHION_MNIST = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private ClassNames() {
    }
}
