package dev.cortexgateway.query;

import dev.cortexgateway.config.InvalidSettingException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The in-memory query records behind {@code GET /api/v1/query/{id}/status}
 * (docs/decisions/0012-answer-cache.md says why they are not in the database).
 *
 * @param records the records kept in memory on this instance
 */
@Validated
@ConfigurationProperties("gateway.query")
public record QueryProperties(@DefaultValue @Valid @NotNull Records records) {

    /**
     * @param maxEntries records kept at once (the least recently used go first)
     * @param ttl        how long a record stays readable after its last change
     */
    public record Records(@DefaultValue("100000") @Min(1) long maxEntries,
                          @DefaultValue("1h") @NotNull Duration ttl) {

        public Records {
            if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
                throw new InvalidSettingException("gateway.query.records.ttl", "must be positive", "Set e.g. 1h.");
            }
        }
    }
}
