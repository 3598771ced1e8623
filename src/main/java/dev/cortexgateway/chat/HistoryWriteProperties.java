package dev.cortexgateway.chat;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How history writes ride out a database outage ({@link HistoryWriteQueue}).
 *
 * @param queueCapacity  history messages held in memory while the database is down; beyond it the
 *                       oldest are dropped (logged, counted in gateway_history_writes_dropped_total)
 * @param initialBackoff first wait before a failed write is tried again; doubles per failed attempt
 * @param maxBackoff     the longest wait between attempts (so a recovered database is noticed soon)
 * @param flushTimeout   how long shutdown spends writing what is still queued
 */
@Validated
@ConfigurationProperties("gateway.chat.history-writes")
public record HistoryWriteProperties(
        @DefaultValue("10000") @jakarta.validation.constraints.Min(2) int queueCapacity,
        @DefaultValue("250ms") @DurationMin(millis = 10) Duration initialBackoff,
        @DefaultValue("2s") @DurationMin(millis = 10) Duration maxBackoff,
        @DefaultValue("5s") @DurationMin(millis = 0) Duration flushTimeout) {
}
