package dev.cortexgateway.shutdown;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load balancer of the rolling-restart test, as small as it can be: round-robin over the
 * instances in rotation, and a request goes to the next instance only when it got no response at
 * all (connection refused, or reset/closed before the status line), which is what nginx's
 * {@code proxy_next_upstream error} and cloud load balancers do. Any answer, whatever its status,
 * is the answer.
 */
final class RetryingBalancer {

    private static final int MAX_ATTEMPTS = 6;

    /** HTTP/1.1 with keep-alive, as load balancers talk to their backends. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Integer> rotation = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    final AtomicLong retries = new AtomicLong();

    /** What one request through the balancer got: a status and body, or no answer from any instance. */
    record Result(int status, String body, int port) {
    }

    void add(int port) {
        rotation.add(port);
    }

    void remove(int port) {
        rotation.remove(Integer.valueOf(port));
    }

    Result get(String path, String token) throws InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<Integer> ports = List.copyOf(rotation);
            int port = ports.get(Math.floorMod(next.getAndIncrement(), ports.size()));
            AtomicBoolean answered = new AtomicBoolean();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                        info -> {
                            // called with the status line and headers: from here on it is an answer
                            answered.set(true);
                            return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
                        });
                return new Result(response.statusCode(), response.body(), port);
            } catch (IOException failed) {
                if (answered.get()) {
                    // the answer broke off: a real load balancer cannot replay it either
                    return new Result(-1, "answer broke off: " + failed, port);
                }
                last = failed;
                retries.incrementAndGet();
            }
        }
        return new Result(-1, "no instance answered: " + last, -1);
    }
}
