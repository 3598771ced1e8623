package dev.cortexgateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Benchmark reports as the clients sent them, one per run: a resent report is not counted twice. */
public interface MetricReportStore extends StateStore {

    /**
     * Stores the report unless one with the same run id is already there (whoever sent it).
     *
     * @param client      the benchmark client the report names ({@code react}, {@code vue})
     * @param submittedBy the authenticated gateway client that sent it
     * @param payload     the report's JSON text
     * @return true when this call stored it
     */
    boolean saveIfAbsent(String runId, String client, String submittedBy, String payload);

    Optional<Report> find(String runId);

    /** How many reports are stored. */
    long count();

    /** The most recently received reports, newest first. */
    List<Report> recent(int limit);

    record Report(String runId, String client, String submittedBy, Instant receivedAt, String payload) {
    }
}
