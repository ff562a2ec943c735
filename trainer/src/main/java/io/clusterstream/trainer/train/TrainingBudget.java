package io.clusterstream.trainer.train;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How much a fit may spend before it stops (after the epoch in which the limit is reached): wall-clock time, or the
 * trainer process's CPU time (all its threads: training, augmentation, GC). The CPU budget is the one to compare
 * methods by on a shared machine: other processes slow a run down but do not spend its budget.
 */
public record TrainingBudget(Duration limit, Clock clock) {

    public enum Clock {
        WALL, PROCESS_CPU
    }

    public TrainingBudget {
        if (limit == null || limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the training budget must be positive, got " + limit);
        }
    }

    public static TrainingBudget wall(Duration limit) {
        return new TrainingBudget(limit, Clock.WALL);
    }

    public static TrainingBudget processCpu(Duration limit) {
        return new TrainingBudget(limit, Clock.PROCESS_CPU);
    }

    /** Starts measuring what is spent from now on. */
    public Meter start() {
        return new Meter(clock == Clock.WALL ? System::nanoTime : TrainingBudget::processCpuNanos);
    }

    /** The process's CPU time so far in ns, or -1 where the JVM cannot tell. */
    public static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    @Override
    public String toString() {
        return limit + (clock == Clock.WALL ? " of wall-clock time" : " of process CPU time");
    }

    /** What has been spent since {@link #start()}. */
    public final class Meter {
        private final LongSupplier nanos;
        private final long started;

        private Meter(LongSupplier nanos) {
            this.nanos = nanos;
            this.started = nanos.getAsLong();
            if (started < 0) {
                throw new IllegalStateException("this JVM does not report process CPU time; use a wall-clock budget");
            }
        }

        public boolean exhausted() {
            return nanos.getAsLong() - started >= limit.toNanos();
        }
    }
}
