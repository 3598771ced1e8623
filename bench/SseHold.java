import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Holds N concurrent SSE connections open for SECONDS and checks that every one of them keeps
 * receiving heartbeats: a connection "kept up" when it never went longer than 1.5 heartbeat
 * intervals without a line (from its first line to the end of the hold).
 *
 * <pre>java bench/SseHold.java N URL SECONDS [INTERVAL_MS=2000]</pre>
 *
 * Prints "SSE_OPEN ..." once every connection has its first line (scripts wait for it), then one
 * "SSE_RESULT ..." line. Exit code 0 only when every connection opened and kept up. Bounded: the
 * open phase gives up after 60 s, the hold ends after SECONDS, and the JVM exits by itself.
 */
public final class SseHold {

    private static final long OPEN_TIMEOUT_SECONDS = 60;
    private static final int BATCH = 50;
    private static final long BATCH_PAUSE_MILLIS = 20;

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java SseHold.java N URL SECONDS [INTERVAL_MS]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        URI uri = URI.create(args[1]);
        long holdNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(args.length > 3 ? Long.parseLong(args[3]) : 2000);
        long allowedGap = intervalNanos * 3 / 2;

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build();

        CountDownLatch firstLines = new CountDownLatch(n);
        List<Conn> conns = new ArrayList<>(n);
        long openStarted = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Conn conn = new Conn(firstLines);
            conns.add(conn);
            // a plain HttpResponse future would complete only at the end of the body: the handler
            // sees the status as soon as the headers arrive
            client.sendAsync(request, info -> {
                conn.status = info.statusCode();
                return BodySubscribers.fromLineSubscriber(conn);
            }).whenComplete((response, failure) -> conn.ended(failure));
            // a burst of 1,000 SYNs overflows a 100-slot accept queue; ramp up instead
            if ((i + 1) % BATCH == 0) {
                Thread.sleep(BATCH_PAUSE_MILLIS);
            }
        }
        boolean allOpen = firstLines.await(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long opened = conns.stream().filter(Conn::opened).count();
        System.out.printf("SSE_OPEN opened=%d of=%d all=%s open_ms=%d%n", opened, n, allOpen,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openStarted));
        System.out.flush();

        long holdEnd = System.nanoTime() + holdNanos;
        while (System.nanoTime() < holdEnd) {
            Thread.sleep(Math.min(200, Math.max(1, TimeUnit.NANOSECONDS.toMillis(holdEnd - System.nanoTime()))));
        }
        long end = System.nanoTime();
        conns.forEach(Conn::cancel);

        int keptUp = 0;
        int failed = 0;
        long heartbeats = 0;
        long[] maxGaps = new long[n];
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            Conn c = conns.get(i);
            synchronized (c) {
                long gap = c.gotFirstLine ? Math.max(c.maxGapNanos, end - c.lastLineNanos) : end - openStarted;
                boolean ok = c.status == 200 && c.gotFirstLine && !c.endedEarly && c.heartbeats > 0 && gap <= allowedGap;
                if (c.status != 200 || !c.gotFirstLine || c.endedEarly) {
                    failed++;
                }
                if (ok) {
                    keptUp++;
                }
                heartbeats += c.heartbeats;
                maxGaps[i] = gap;
                counts[i] = c.heartbeats;
            }
        }
        Arrays.sort(maxGaps);
        Arrays.sort(counts);
        System.out.printf("SSE_RESULT connections=%d opened=%d kept_up=%d failed=%d heartbeats=%d "
                        + "heartbeats_per_conn_min=%d heartbeats_per_conn_max=%d max_gap_ms_p50=%d max_gap_ms_p99=%d max_gap_ms_max=%d%n",
                n, opened, keptUp, failed, heartbeats, counts[0], counts[n - 1],
                ms(maxGaps[n / 2]), ms(maxGaps[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)]), ms(maxGaps[n - 1]));
        System.out.flush();
        System.exit(keptUp == n && failed == 0 ? 0 : 1);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** One connection's line counter; the hold ends it by cancelling the subscription. */
    private static final class Conn implements Flow.Subscriber<String> {
        private final CountDownLatch firstLines;
        private volatile int status;
        private Flow.Subscription subscription;
        private boolean gotFirstLine;
        private boolean counted;
        private long lastLineNanos;
        private long maxGapNanos;
        private int heartbeats;
        private boolean endedEarly;
        private boolean cancelled;

        Conn(CountDownLatch firstLines) {
            this.firstLines = firstLines;
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public synchronized void onNext(String line) {
            long now = System.nanoTime();
            if (!gotFirstLine) {
                gotFirstLine = true;
                countOnce();
            } else if (!line.isEmpty()) {
                // blank lines end frames and arrive with them: only real lines count as signs of life
                maxGapNanos = Math.max(maxGapNanos, now - lastLineNanos);
            }
            if (!line.isEmpty()) {
                lastLineNanos = now;
            }
            if (line.startsWith(":")) {
                heartbeats++;
            }
        }

        @Override
        public void onError(Throwable throwable) {
            ended(throwable);
        }

        @Override
        public void onComplete() {
            ended(null);
        }

        synchronized void ended(Throwable failure) {
            if (!cancelled) {
                endedEarly = true;
                // a connection that failed to open is done opening: don't wait for the timeout
                countOnce();
            }
        }

        synchronized boolean opened() {
            return gotFirstLine;
        }

        private void countOnce() {
            if (!counted) {
                counted = true;
                firstLines.countDown();
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
