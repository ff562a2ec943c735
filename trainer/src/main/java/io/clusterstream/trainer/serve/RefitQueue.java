package io.clusterstream.trainer.serve;

import io.clusterstream.schemas.v1.RefitRequest;
import io.clusterstream.schemas.v1.RefitTrigger;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Iterator;

/**
 * The refit service's work list: one refit at a time, each request id handled at most once, and every request that
 * arrives while a refit runs (or waits) folded into a single follow-up refit. Thread-safe.
 */
public final class RefitQueue {

    /** How many handled request ids are remembered for de-duplication. */
    static final int REMEMBERED_IDS = 10_000;

    /** What the next refit answers: the newest request, the trigger that matters most, and how many it stands for. */
    public record Job(RefitRequest request, int requests) {}

    private final LinkedHashSet<String> seenIds = new LinkedHashSet<>();
    private Job pending;
    private boolean running;
    private boolean closed;

    /** @return false when the request id was seen before or the queue is closed (the request is then dropped) */
    public synchronized boolean offer(RefitRequest request) {
        if (closed || !seenIds.add(request.getRequestId())) {
            return false;
        }
        if (seenIds.size() > REMEMBERED_IDS) {
            Iterator<String> oldest = seenIds.iterator();
            oldest.next();
            oldest.remove();
        }
        pending = pending == null ? new Job(request, 1) : coalesce(pending, request);
        notifyAll();
        return true;
    }

    /** Waits for a refit to run and marks it running; empty once the queue is closed. */
    public synchronized Optional<Job> take() throws InterruptedException {
        while (!closed && (pending == null || running)) {
            wait();
        }
        return closed ? Optional.empty() : Optional.of(start());
    }

    /** The next refit if one may start now, marked running; for callers that must not block. */
    public synchronized Optional<Job> poll() {
        return closed || pending == null || running ? Optional.empty() : Optional.of(start());
    }

    /** The running refit is over, whatever its outcome; a follow-up may start. */
    public synchronized void finished() {
        running = false;
        notifyAll();
    }

    /** Whether a refit is waiting to run. */
    public synchronized boolean hasPending() {
        return pending != null;
    }

    /** Drops what waits and wakes every taker; later offers are refused. */
    public synchronized void close() {
        closed = true;
        pending = null;
        notifyAll();
    }

    private Job start() {
        Job job = pending;
        pending = null;
        running = true;
        return job;
    }

    /**
     * The newer request's id, sample and reason, the evidence of both (newest last); a drift trigger wins over a
     * scheduled one, since drift is what relaxes the quality gate's agreement check.
     */
    private static Job coalesce(Job waiting, RefitRequest newer) {
        RefitRequest.Builder merged = newer.toBuilder()
                .clearEvidence()
                .addAllEvidence(waiting.request().getEvidenceList())
                .addAllEvidence(newer.getEvidenceList());
        if (waiting.request().getTrigger() == RefitTrigger.REFIT_TRIGGER_DRIFT) {
            merged.setTrigger(RefitTrigger.REFIT_TRIGGER_DRIFT);
        }
        return new Job(merged.build(), waiting.requests() + 1);
    }
}
