package io.clusterstream.core.data;

import io.clusterstream.schemas.v1.Preprocessing;

/** The usual input size and normalisation of each data set (shared/algorithms.md). */
public final class StandardPreprocessing {

    /** 32x32 RGB with CIFAR-10's channel means and standard deviations, as MiCE normalises. */
    public static final Preprocessing CIFAR10 = Preprocessing.newBuilder()
            .setHeight(32).setWidth(32).setChannels(3)
            .addMean(0.4914f).addMean(0.4822f).addMean(0.4465f)
            .addStd(0.2470f).addStd(0.2435f).addStd(0.2616f)
            .build();

    /** 28x28 grey with Fashion-MNIST's mean and standard deviation. */
    public static final Preprocessing FASHION_MNIST = Preprocessing.newBuilder()
            .setHeight(28).setWidth(28).setChannels(1)
            .addMean(0.2860f)
            .addStd(0.3530f)
            .build();

    private StandardPreprocessing() {}
}
