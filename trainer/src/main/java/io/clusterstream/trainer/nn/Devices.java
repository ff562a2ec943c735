package io.clusterstream.trainer.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where training runs: the first GPU when DJL's PyTorch engine sees one, else the CPU; or what {@code --device} says.
 *
 * <p>The build ships the CPU libtorch ({@code ai.djl.pytorch:pytorch-native-cpu}, classifier {@code linux-x86_64}).
 * For CUDA, replace that dependency with DJL's CUDA build of the same libtorch, {@code
 * ai.djl.pytorch:pytorch-native-cu<NNN>} (version 2.7.1, classifier {@code linux-x86_64}; DJL publishes one artifact
 * per CUDA version, so pick the one on Maven Central whose CUDA the machine's driver supports), and keep {@code
 * pytorch-jni}. With {@code -Dai.djl.offline=true} the native library must come from that jar or already be under
 * {@code ~/.djl.ai/pytorch}; nothing is downloaded at run time.
 * Only the CPU build is tested here.
 */
public final class Devices {

    /** The engine that trains. */
    public static final String ENGINE = "PyTorch";

    private static final Pattern GPU = Pattern.compile("gpu(?::(\\d{1,4}))?");

    private Devices() {}

    /** The first GPU when the PyTorch engine sees one, else the CPU. */
    public static Device training() {
        return gpuCount() > 0 ? Device.gpu(0) : Device.cpu();
    }

    /**
     * The device a {@code --device} value names: {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N}.
     * Does not check that the GPU exists; see {@link #select}.
     *
     * @throws IllegalArgumentException with the accepted forms when the value is none of them
     */
    public static Device parse(String value) {
        String normalized = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (normalized.equals("cpu")) {
            return Device.cpu();
        }
        Matcher gpu = GPU.matcher(normalized);
        if (gpu.matches()) {
            return Device.gpu(gpu.group(1) == null ? 0 : Integer.parseInt(gpu.group(1)));
        }
        throw new IllegalArgumentException("invalid device '" + value + "': expected cpu, gpu or gpu:N (N = 0, 1, …)");
    }

    /**
     * {@link #training()} when {@code override} is null or blank, else the parsed override.
     *
     * @throws IllegalArgumentException when the override is malformed or names a GPU this machine does not have
     */
    public static Device select(String override) {
        if (override == null || override.isBlank()) {
            return training();
        }
        Device device = parse(override);
        if (device.isGpu() && device.getDeviceId() >= gpuCount()) {
            throw new IllegalArgumentException("device '" + override + "' is not available: the PyTorch engine sees "
                    + gpuCount() + " GPU(s)" + (gpuCount() == 0 ? " (this build ships the CPU libtorch; see Devices)" : ""));
        }
        return device;
    }

    private static int gpuCount() {
        return Engine.getEngine(ENGINE).getGpuCount();
    }
}
