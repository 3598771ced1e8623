import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Streaming benchmark client (java.net.http only). Two modes:
 *
 * <pre>
 * java bench/StreamBench.java latency TARGET URL TOKEN CONCURRENCY STREAMS WARMUP TIMEOUT_S QUESTION [RAW_FILE]
 *   TARGET: direct (Cortex agent:run body) or gateway (POST /api/v1/chat body)
 *   CONCURRENCY workers each run streams one after the other until STREAMS have run (after WARMUP
 *   sequential streams that are not counted). Prints one LAT_RESULT line.
 *
 * java bench/StreamBench.java hold URL TOKEN QUESTION INTERVAL_MS STEPS STEP_TIMEOUT_S CONTROL_DIR
 *   STEPS: comma-separated cumulative totals (1000,2000,...). Opens chat streams up to each total,
 *   waits two heartbeat intervals, prints a STEP line, then waits (at most 300 s) for the file
 *   CONTROL_DIR/continue-TOTAL (go on) or CONTROL_DIR/stop (end). Prints HOLD_END at the end.
 * </pre>
 *
 * Events are SSE frames with an event: or data: line, dispatched at their blank line. "Text" events
 * are response.text.delta (direct) and token (gateway): the same upstream moments, so they are the
 * like-for-like figures. Everything is bounded in time; the JVM exits by itself.
 */
public final class StreamBench {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("latency") && args.length >= 9) {
            latency(args);
        } else if (args.length > 0 && args[0].equals("hold") && args.length >= 8) {
            hold(args);
        } else {
            System.err.println("usage: see the comment at the top of bench/StreamBench.java");
            System.exit(2);
        }
        System.exit(0);
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static HttpRequest request(String target, URI uri, String token, String question, Duration timeout) {
        String body;
        if (target.equals("direct")) {
            body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":" + jsonString(question) + "}]}]}";
        } else {
            body = "{\"sessionId\":\"" + UUID.randomUUID() + "\",\"messages\":[{\"id\":\"" + UUID.randomUUID()
                    + "\",\"role\":\"user\",\"content\":" + jsonString(question)
                    + ",\"timestamp\":\"2026-11-25T10:00:00Z\"}]}";
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (timeout != null) {
            b.timeout(timeout);
        }
        return b.build();
    }

    // ------------------------------------------------------------------ latency

    /** One stream's timings, in nanoseconds from the moment the request was sent. */
    record StreamResult(boolean ok, String error, long firstAny, long firstText, long total,
                        int events, int textEvents, List<Long> textGaps, List<Long> anyGaps) {
    }

    static StreamResult oneStream(HttpClient http, String target, URI uri, String token, String question, Duration timeout) {
        long t0 = System.nanoTime();
        List<Long> textGaps = new ArrayList<>();
        List<Long> anyGaps = new ArrayList<>();
        long firstAny = -1;
        long firstText = -1;
        long lastAny = -1;
        long lastText = -1;
        int events = 0;
        int textEvents = 0;
        String error = null;
        boolean terminal = false;
        try {
            HttpResponse<Stream<String>> response = http.send(request(target, uri, token, question, timeout),
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                response.body().close();
                return new StreamResult(false, "status_" + response.statusCode(), -1, -1, System.nanoTime() - t0, 0, 0,
                        textGaps, anyGaps);
            }
            String type = null;
            boolean inFrame = false;
            try (Stream<String> lines = response.body()) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (inFrame) {
                            long now = System.nanoTime() - t0;
                            events++;
                            if (firstAny < 0) {
                                firstAny = now;
                            } else {
                                anyGaps.add(now - lastAny);
                            }
                            lastAny = now;
                            String t = type == null ? "message" : type;
                            if (t.equals("token") || t.equals("response.text.delta")) {
                                textEvents++;
                                if (firstText < 0) {
                                    firstText = now;
                                } else {
                                    textGaps.add(now - lastText);
                                }
                                lastText = now;
                            }
                            if (t.equals("error")) {
                                error = "error_event";
                            }
                            if (t.equals("final") || t.equals("response")) {
                                terminal = true;
                            }
                        }
                        inFrame = false;
                        type = null;
                    } else if (line.startsWith("event:")) {
                        inFrame = true;
                        type = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        inFrame = true;
                    }
                }
            }
        } catch (IOException e) {
            error = "io_" + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (RuntimeException e) {
            error = "ex_" + e.getClass().getSimpleName();
        }
        if (error == null && !terminal) {
            error = "no_terminal_event";
        }
        return new StreamResult(error == null, error, firstAny, firstText, System.nanoTime() - t0, events, textEvents,
                textGaps, anyGaps);
    }

    static void latency(String[] a) throws Exception {
        String target = a[1];
        URI uri = URI.create(a[2]);
        String token = a[3];
        int concurrency = Integer.parseInt(a[4]);
        int streams = Integer.parseInt(a[5]);
        int warmup = Integer.parseInt(a[6]);
        Duration timeout = Duration.ofSeconds(Long.parseLong(a[7]));
        String question = a[8];
        PrintStream raw = a.length > 9 ? new PrintStream(Files.newOutputStream(Path.of(a[9])), true) : null;
        HttpClient http = client();
        for (int i = 0; i < warmup; i++) {
            oneStream(http, target, uri, token, question, timeout);
        }
        AtomicInteger next = new AtomicInteger();
        List<StreamResult> results = Collections.synchronizedList(new ArrayList<>());
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            futures.add(workers.submit(() -> {
                while (next.getAndIncrement() < streams) {
                    results.add(oneStream(http, target, uri, token, question, timeout));
                }
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout.getSeconds() * (streams / concurrency + 2));
        for (Future<?> f : futures) {
            f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        workers.shutdownNow();
        long wall = System.nanoTime() - started;

        List<Long> ttfeAny = new ArrayList<>();
        List<Long> ttft = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        List<Long> gaps = new ArrayList<>();
        List<Long> anyGaps = new ArrayList<>();
        int ok = 0;
        long textEvents = 0;
        long events = 0;
        Map<String, Integer> errors = new TreeMap<>();
        synchronized (results) {
            for (StreamResult r : results) {
                if (raw != null) {
                    raw.printf(Locale.ROOT, "stream ok=%s error=%s ttfe_any_ms=%.2f ttft_ms=%.2f total_ms=%.2f events=%d text_events=%d%n",
                            r.ok(), r.error(), ms(r.firstAny()), ms(r.firstText()), ms(r.total()), r.events(), r.textEvents());
                }
                if (!r.ok()) {
                    errors.merge(r.error(), 1, Integer::sum);
                    continue;
                }
                ok++;
                ttfeAny.add(r.firstAny());
                ttft.add(r.firstText());
                totals.add(r.total());
                gaps.addAll(r.textGaps());
                anyGaps.addAll(r.anyGaps());
                textEvents += r.textEvents();
                events += r.events();
            }
        }
        System.out.printf(Locale.ROOT,
                "LAT_RESULT target=%s concurrency=%d streams=%d ok=%d failed=%d wall_s=%.1f "
                        + "ttfe_any_p50_ms=%.1f ttfe_any_p99_ms=%.1f ttft_p50_ms=%.1f ttft_p99_ms=%.1f "
                        + "gap_p50_ms=%.1f gap_p99_ms=%.1f gap_any_p50_ms=%.1f gap_any_p99_ms=%.1f "
                        + "total_p50_ms=%.1f total_p99_ms=%.1f events_per_stream=%.1f text_events_per_stream=%.1f errors=%s%n",
                target, concurrency, streams, ok, streams - ok, wall / 1e9,
                pct(ttfeAny, 50), pct(ttfeAny, 99), pct(ttft, 50), pct(ttft, 99),
                pct(gaps, 50), pct(gaps, 99), pct(anyGaps, 50), pct(anyGaps, 99),
                pct(totals, 50), pct(totals, 99), ok == 0 ? 0.0 : (double) events / ok,
                ok == 0 ? 0.0 : (double) textEvents / ok, errors.isEmpty() ? "none" : errors.toString().replace(' ', '_'));
        if (raw != null) {
            raw.close();
        }
    }

    static double ms(long nanos) {
        return nanos < 0 ? -1 : nanos / 1e6;
    }

    /** Nearest-rank percentile, in ms; -1 when empty. */
    static double pct(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
    }

    // ------------------------------------------------------------------ hold

    static void hold(String[] a) throws Exception {
        URI uri = URI.create(a[1]);
        String token = a[2];
        String question = a[3];
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(a[4]));
        List<Integer> steps = new ArrayList<>();
        for (String s : a[5].split(",")) {
            steps.add(Integer.parseInt(s.trim()));
        }
        long stepTimeoutNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(a[6]));
        Path control = Path.of(a[7]);
        HttpClient http = client();
        // at most this many requests between "sent" and "headers or failure": a burst of SYNs
        // would overflow the accept queue
        Semaphore opening = new Semaphore(100);
        List<Conn> conns = new ArrayList<>();
        long holdStarted = System.nanoTime();
        for (int total : steps) {
            long stepStart = System.nanoTime();
            long stepDeadline = stepStart + stepTimeoutNanos;
            int startIndex = conns.size();
            boolean sendTimedOut = false;
            while (conns.size() < total) {
                long left = stepDeadline - System.nanoTime();
                if (left <= 0 || !opening.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    sendTimedOut = true;
                    break;
                }
                Conn conn = new Conn(opening);
                conns.add(conn);
                conn.sentNanos = System.nanoTime();
                try {
                    http.sendAsync(request("gateway", uri, token, question, null), info -> {
                        conn.headers(info.statusCode());
                        return BodySubscribers.fromLineSubscriber(conn);
                    }).whenComplete((response, failure) -> conn.ended(failure));
                } catch (RuntimeException e) {
                    conn.ended(e);
                }
            }
            // wait until every connection of this step has its first line or has failed
            while (System.nanoTime() < stepDeadline) {
                boolean pending = false;
                for (int i = startIndex; i < conns.size(); i++) {
                    if (conns.get(i).pending()) {
                        pending = true;
                        break;
                    }
                }
                if (!pending) {
                    break;
                }
                Thread.sleep(100);
            }
            long openedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stepStart);
            // two heartbeat intervals (plus a margin) so every open stream should have had one
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(intervalNanos * 2) + 1000);
            long now = System.nanoTime();
            int open = 0;
            int recent = 0;
            int failed = 0;
            int pending = 0;
            long heartbeats = 0;
            Map<String, Integer> reasons = new TreeMap<>();
            List<Long> openLatency = new ArrayList<>();
            List<Long> heartbeatGaps = new ArrayList<>();
            for (Conn c : conns) {
                synchronized (c) {
                    heartbeats += c.heartbeats;
                    heartbeatGaps.addAll(c.heartbeatGaps);
                    c.heartbeatGaps.clear();
                    if (c.failure != null) {
                        failed++;
                        reasons.merge(c.failure, 1, Integer::sum);
                    } else if (c.firstLineNanos == 0) {
                        pending++;
                    } else {
                        open++;
                        if (c.lastHeartbeatNanos != 0 && now - c.lastHeartbeatNanos <= 2 * intervalNanos) {
                            recent++;
                        }
                    }
                    if (c.firstLineNanos != 0) {
                        openLatency.add(c.firstLineNanos - c.sentNanos);
                    }
                }
            }
            int notSent = total - conns.size();
            System.out.printf(Locale.ROOT,
                    "STEP target=%d sent=%d open=%d recent_heartbeat=%d failed=%d pending=%d not_sent=%d "
                            + "heartbeats_total=%d step_open_ms=%d first_line_p50_ms=%.0f first_line_p99_ms=%.0f "
                            + "heartbeat_gap_p50_ms=%.0f heartbeat_gap_p99_ms=%.0f heartbeat_gap_max_ms=%.0f "
                            + "elapsed_s=%d reasons=%s%n",
                    total, conns.size(), open, recent, failed, pending, notSent, heartbeats, openedMs,
                    pct(openLatency, 50), pct(openLatency, 99),
                    pct(heartbeatGaps, 50), pct(heartbeatGaps, 99), pct(heartbeatGaps, 100),
                    TimeUnit.NANOSECONDS.toSeconds(now - holdStarted),
                    reasons.isEmpty() ? "none" : reasons.toString().replace(' ', '_'));
            System.out.flush();
            // the script samples the gateway, then says whether to go on
            Path go = control.resolve("continue-" + total);
            Path stop = control.resolve("stop");
            long waitEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            boolean proceed = false;
            while (System.nanoTime() < waitEnd) {
                if (Files.exists(stop)) {
                    break;
                }
                if (Files.exists(go)) {
                    proceed = true;
                    break;
                }
                Thread.sleep(200);
            }
            if (!proceed || sendTimedOut) {
                break;
            }
        }
        conns.forEach(Conn::cancel);
        System.out.println("HOLD_END connections=" + conns.size());
        System.out.flush();
    }

    /**
     * One held chat stream: counts heartbeat comments, keeps the gaps between them (as this client
     * received them, so its own scheduling delays count too) until the next step's report, records why
     * it failed.
     */
    static final class Conn implements Flow.Subscriber<String> {
        private final Semaphore opening;
        private boolean released;
        long sentNanos;
        int status;
        long firstLineNanos;
        long lastHeartbeatNanos;
        int heartbeats;
        final List<Long> heartbeatGaps = new ArrayList<>(4);
        String failure;
        boolean cancelled;
        Flow.Subscription subscription;

        Conn(Semaphore opening) {
            this.opening = opening;
        }

        synchronized boolean pending() {
            return failure == null && firstLineNanos == 0;
        }

        private void release() {
            if (!released) {
                released = true;
                opening.release();
            }
        }

        synchronized void headers(int statusCode) {
            status = statusCode;
            if (statusCode != 200 && failure == null) {
                failure = "status_" + statusCode;
            }
            release();
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public synchronized void onNext(String line) {
            long now = System.nanoTime();
            if (firstLineNanos == 0) {
                firstLineNanos = now;
            }
            if (line.startsWith(":")) {
                heartbeats++;
                if (lastHeartbeatNanos != 0) {
                    heartbeatGaps.add(now - lastHeartbeatNanos);
                }
                lastHeartbeatNanos = now;
            } else if (line.startsWith("event: error") || line.startsWith("event:error")) {
                if (failure == null) {
                    failure = "error_event";
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            ended(t);
        }

        @Override
        public void onComplete() {
            ended(null);
        }

        synchronized void ended(Throwable t) {
            release();
            if (cancelled || failure != null) {
                return;
            }
            Throwable cause = t;
            while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            failure = cause == null ? "ended_early" : "io_" + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ":" + cause.getMessage().replaceAll("[^A-Za-z0-9]+", "_"));
            if (failure.length() > 80) {
                failure = failure.substring(0, 80);
            }
        }

        synchronized void cancel() {
            cancelled = true;
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }
}
