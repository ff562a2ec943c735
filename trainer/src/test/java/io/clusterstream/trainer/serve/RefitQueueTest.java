package io.clusterstream.trainer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.schemas.v1.DriftReport;
import io.clusterstream.schemas.v1.RefitRequest;
import io.clusterstream.schemas.v1.RefitTrigger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefitQueueTest {

    private static RefitRequest request(String id, RefitTrigger trigger, long lastN) {
        return RefitRequest.newBuilder().setRequestId(id).setModelId("m").setTrigger(trigger).setLastN(lastN)
                .addEvidence(DriftReport.newBuilder().setWindowEndMs(lastN)).build();
    }

    @Test
    void aRequestIdIsHandledAtMostOnce() {
        RefitQueue queue = new RefitQueue();
        assertTrue(queue.offer(request("a", RefitTrigger.REFIT_TRIGGER_DRIFT, 10)));
        assertFalse(queue.offer(request("a", RefitTrigger.REFIT_TRIGGER_DRIFT, 10)));
        assertEquals("a", queue.poll().orElseThrow().request().getRequestId());
        queue.finished();
        assertFalse(queue.offer(request("a", RefitTrigger.REFIT_TRIGGER_DRIFT, 10)), "still a duplicate after it ran");
        assertTrue(queue.poll().isEmpty());
    }

    @Test
    void onlyOneRefitRunsAtATime() {
        RefitQueue queue = new RefitQueue();
        queue.offer(request("a", RefitTrigger.REFIT_TRIGGER_SCHEDULED, 10));
        assertTrue(queue.poll().isPresent());
        queue.offer(request("b", RefitTrigger.REFIT_TRIGGER_SCHEDULED, 20));
        assertTrue(queue.poll().isEmpty(), "b waits while a runs");
        assertTrue(queue.hasPending());
        queue.finished();
        assertEquals("b", queue.poll().orElseThrow().request().getRequestId());
    }

    @Test
    void requestsArrivingDuringARefitCoalesceIntoOneFollowUp() {
        RefitQueue queue = new RefitQueue();
        queue.offer(request("a", RefitTrigger.REFIT_TRIGGER_SCHEDULED, 10));
        queue.poll().orElseThrow();
        queue.offer(request("b", RefitTrigger.REFIT_TRIGGER_DRIFT, 20));
        queue.offer(request("c", RefitTrigger.REFIT_TRIGGER_SCHEDULED, 30));
        queue.offer(request("d", RefitTrigger.REFIT_TRIGGER_SCHEDULED, 40));
        queue.finished();

        RefitQueue.Job followUp = queue.poll().orElseThrow();
        assertEquals(3, followUp.requests());
        assertEquals("d", followUp.request().getRequestId(), "the newest request's id and sample");
        assertEquals(40, followUp.request().getLastN());
        assertEquals(RefitTrigger.REFIT_TRIGGER_DRIFT, followUp.request().getTrigger(), "drift among them wins");
        assertEquals(3, followUp.request().getEvidenceCount());
        assertEquals(40, followUp.request().getEvidence(2).getWindowEndMs(), "newest evidence last");
        queue.finished();
        assertTrue(queue.poll().isEmpty(), "nothing more after the follow-up");
    }

    @Test
    void closingDropsWhatWaitsAndRefusesMore() throws InterruptedException {
        RefitQueue queue = new RefitQueue();
        queue.offer(request("a", RefitTrigger.REFIT_TRIGGER_DRIFT, 10));
        queue.close();
        assertEquals(Optional.empty(), queue.take());
        assertFalse(queue.offer(request("b", RefitTrigger.REFIT_TRIGGER_DRIFT, 10)));
    }

    @Test
    void takeWakesUpWhenARequestArrives() throws InterruptedException {
        RefitQueue queue = new RefitQueue();
        Thread producer = new Thread(() -> queue.offer(request("a", RefitTrigger.REFIT_TRIGGER_MANUAL, 5)));
        producer.start();
        assertEquals("a", queue.take().orElseThrow().request().getRequestId());
        producer.join();
    }
}
