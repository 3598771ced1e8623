package dev.cortexgateway.jobs;

import dev.cortexgateway.store.JobStore;
import org.apache.camel.Exchange;

/**
 * The HTTP side of a POST that starts a job, the same for every kind: 200 when the job has ended
 * (a sync caller waited for it), 202 while it runs, its address in {@code Location}, and
 * {@code X-Idempotent-Replay} when a repeated idempotency key found the first job.
 */
public final class JobAnswers {

    private JobAnswers() {
    }

    public static void status(Exchange exchange, JobStore.Job job, String location) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, job.state().finished() ? 200 : 202);
        exchange.getMessage().setHeader("Location", location);
    }

    public static void replayed(Exchange exchange) {
        exchange.getMessage().setHeader("X-Idempotent-Replay", "true");
    }
}
