package dev.cortexgateway.bench;

import dev.cortexgateway.jwt.IssuedToken;
import dev.cortexgateway.jwt.JwtKeyRing;
import dev.cortexgateway.jwt.JwtProperties;
import dev.cortexgateway.jwt.TokenIssuer;
import dev.cortexgateway.jwt.TokenVerifier;
import dev.cortexgateway.jwt.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of issuing and verifying one token, in-process (no HTTP): what every session-token request
 * and every protected request pays. Run with {@code bench/tokens.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenBenchmark {

    private static final String SUBJECT = "s_benchmarkSubject0000000";

    private TokenIssuer issuer;
    private TokenVerifier verifier;
    private String token;

    @Setup
    public void setUp() {
        JwtProperties properties = new JwtProperties("bench-secret-0123456789abcdef-0123456789abcdef", "k1", List.of(),
                false, "cortex-gateway", "cortex-gateway-api", Duration.ofSeconds(300), Duration.ofSeconds(900),
                Duration.ofSeconds(30));
        JwtKeyRing keys = new JwtKeyRing(properties);
        issuer = new TokenIssuer(properties, keys, Clock.systemUTC());
        verifier = new TokenVerifier(properties, keys, Clock.systemUTC());
        token = issuer.sessionToken("demo-web", SUBJECT, null, List.of("chat", "tools", "history", "query"), "1.4.2").token();
    }

    @Benchmark
    public IssuedToken issue() {
        return issuer.sessionToken("demo-web", SUBJECT, null, List.of("chat", "tools", "history", "query"), "1.4.2");
    }

    @Benchmark
    public VerifiedToken verify() {
        return verifier.verify(token);
    }
}
