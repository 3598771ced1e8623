package dev.cortexgateway.routestests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteCaseLoaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aMisspeltExpectKeyIsRejectedNamingTheFileAndTheKey() throws Exception {
        Path file = write("health-typo.yaml", """
                request: {method: GET, path: /api/v1/health}
                expect:
                  status: 200
                  jsno: {status: UP}
                """);

        assertThatThrownBy(() -> RouteCaseLoader.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("unknown key 'expect.jsno'");
    }

    @Test
    void unknownKeysAreRejectedAtEveryLevel() throws Exception {
        String request = "request: {method: GET, path: /x}\n";
        String expect = "expect: {status: 404}\n";
        assertThatThrownBy(() -> RouteCaseLoader.read(write("top.yaml", "descripton: x\n" + request + expect)))
                .hasMessageContaining("unknown key 'descripton'");
        assertThatThrownBy(() -> RouteCaseLoader.read(write("request.yaml", "request: {method: GET, path: /x, header: {A: b}}\n" + expect)))
                .hasMessageContaining("unknown key 'request.header'");
        assertThatThrownBy(() -> RouteCaseLoader.read(write("step.yaml",
                "steps:\n  - {request: {method: GET, path: /x}, expect: {status: 404}, captur: {a: /b}}\n" + request + expect)))
                .hasMessageContaining("unknown key 'steps[0].captur'");
        assertThatThrownBy(() -> RouteCaseLoader.read(write("step-expect.yaml",
                "steps:\n  - {request: {method: GET, path: /x}, expect: {status: 404, bodyContain: x}}\n" + request + expect)))
                .hasMessageContaining("unknown key 'steps[0].expect.bodyContain'");
        assertThatThrownBy(() -> RouteCaseLoader.read(write("sse.yaml",
                request + "expect: {status: 200, sse: [{event: token, dat: {}}]}\n")))
                .hasMessageContaining("unknown key 'expect.sse[0].dat'");
        assertThatThrownBy(() -> RouteCaseLoader.read(write("operator.yaml",
                request + "expect: {status: 200, json: {a: {$match: x}}}\n")))
                .hasMessageContaining("unknown operator 'expect.json.a.$match'");
        assertThatThrownBy(() -> RouteCaseLoader.read(write("mixed.yaml",
                request + "expect: {status: 200, json: {a: {$exactly: [1], b: 2}}}\n")))
                .hasMessageContaining("mixes the operator $exactly with plain keys");
        // a $ key among plain keys is data (a Vega-Lite spec's $schema)
        RouteCaseLoader.read(write("data.yaml", request + "expect: {status: 200, json: {spec: {$schema: x, mark: bar}}}\n"));
    }

    @Test
    void aSuccessfulAnswerNeedsMoreThanAStatusCheck() throws Exception {
        Path statusOnly = write("status-only.yaml", "request: {method: GET, path: /x}\nexpect: {status: 200}\n");
        Path stepStatusOnly = write("step-status-only.yaml", """
                steps:
                  - {request: {method: GET, path: /x}, expect: {status: 204}}
                request: {method: GET, path: /x}
                expect: {status: 404}
                """);

        assertThatThrownBy(() -> RouteCaseLoader.read(statusOnly)).hasMessageContaining("checks only the status of a 200 answer");
        assertThatThrownBy(() -> RouteCaseLoader.read(stepStatusOnly))
                .hasMessageContaining("'steps[0].expect' checks only the status of a 204 answer");
        // a capture checks the body: the case fails when the pointer finds nothing
        RouteCaseLoader.read(write("capture.yaml", """
                steps:
                  - {request: {method: GET, path: /x}, expect: {status: 200}, capture: {token: /access_token}}
                request: {method: GET, path: /x}
                expect: {status: 404}
                """));
    }

    @Test
    void readsLogNotContains() throws Exception {
        RouteCase routeCase = RouteCaseLoader.read(write("log.yaml", """
                request: {method: GET, path: /x}
                expect: {status: 404, logNotContains: ["${secret}", hunter2]}
                """));

        assertThat(routeCase.steps().get(0).expect().logNotContains()).containsExactly("${secret}", "hunter2");
    }

    @Test
    void countsYamlFilesAtAnyDepthButNotDisabledOnes() throws Exception {
        write("a/a-one.yaml", "request: {method: GET, path: /x}\nexpect: {status: 404}\n");
        write("a/a-two.yaml.disabled", "whatever");
        write("b/deeper/b-three.yaml", "request: {method: GET, path: /x}\nexpect: {status: 404}\n");

        assertThat(RouteCaseLoader.caseFiles(dir)).hasSize(2);
        assertThat(RouteCaseLoader.byFolder(dir)).containsOnlyKeys("a", Path.of("b", "deeper").toString());
    }

    @Test
    void smokeMarksACaseForDeployedGatewaysAndIsFalseUnlessSaid() throws Exception {
        String body = "request: {method: GET, path: /api/v1/health}\nexpect: {status: 200, json: {status: ok}}\n";
        assertThat(RouteCaseLoader.read(write("smoke.yaml", "smoke: true\n" + body)).smoke()).isTrue();
        assertThat(RouteCaseLoader.read(write("plain.yaml", body)).smoke()).isFalse();
        assertThatThrownBy(() -> RouteCaseLoader.read(write("smoke-text.yaml", "smoke: yes please\n" + body)))
                .hasMessageContaining("'smoke' must be true or false");
    }

    @Test
    void aSmokeCaseMayOnlyReadAndCannotCheckTheLog() throws Exception {
        assertThatThrownBy(() -> RouteCaseLoader.read(write("smoke-post.yaml", """
                smoke: true
                steps:
                  - request: {method: POST, path: /api/v1/auth/token, body: {grant_type: client_credentials}}
                    expect: {status: 200, json: {token_type: Bearer}}
                request: {method: GET, path: /api/v1/health}
                expect: {status: 200, json: {status: ok}}
                """)))
                .hasMessageContaining("a smoke case may only send GET, HEAD, OPTIONS")
                .hasMessageContaining("'steps[0].request.method' POST");
        assertThatThrownBy(() -> RouteCaseLoader.read(write("smoke-log.yaml", """
                smoke: true
                request: {method: GET, path: /api/v1/health}
                expect: {status: 200, json: {status: ok}, logNotContains: [secret]}
                """)))
                .hasMessageContaining("a smoke case cannot check 'expect.logNotContains'");
    }
}
