package dev.cortexgateway.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.store.JobStore;

/**
 * The keys one kind of job adds to the jobs API's cancel answer (a tool execution adds
 * {@code executionId} and {@code tool}). Kinds plug in here, so the jobs package knows no kind.
 */
public interface JobKindKeys {

    boolean owns(JobStore.Job job);

    void addTo(ObjectNode view, JobStore.Job job);
}
