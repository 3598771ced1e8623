package dev.cortexgateway.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.store.ReplayLogStore;
import dev.cortexgateway.tools.kinds.ToolKinds;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every run shares: stores, the reader executor, the grace timer's scheduler, counters, and
 * whether the instance is draining for shutdown (then no run is cancelled for lack of readers), and
 * the tool kinds that name an agent's tool use.
 */
record ChatRunContext(ReplayLogStore log, ConversationHistory history, ObjectMapper json, Clock clock,
                      Executor readerExecutor, ScheduledExecutorService scheduler, Duration gracePeriod,
                      AtomicLong unknownEvents, AtomicBoolean draining, ToolKinds toolKinds) {
}
