package dev.cortexgateway.cortex;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser on exact bytes, fed whole and cut at every possible place. */
class SseParserTest {

    private final List<SseParser.Event> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Feeds the input cut at every single position, and one byte at a time; all must agree. */
    private static List<SseParser.Event> everySplit(String input) {
        byte[] all = bytes(input);
        List<SseParser.Event> whole = new ArrayList<>();
        new SseParser(whole::add).feed(all);
        for (int cut = 0; cut <= all.length; cut++) {
            List<SseParser.Event> split = new ArrayList<>();
            SseParser parser = new SseParser(split::add);
            parser.feed(Arrays.copyOfRange(all, 0, cut));
            parser.feed(Arrays.copyOfRange(all, cut, all.length));
            assertThat(split).as("cut at byte %d", cut).isEqualTo(whole);
        }
        List<SseParser.Event> byteWise = new ArrayList<>();
        SseParser parser = new SseParser(byteWise::add);
        for (byte b : all) {
            parser.feed(new byte[] {b});
        }
        assertThat(byteWise).isEqualTo(whole);
        return whole;
    }

    @Test
    void namedEventsWithJsonData() {
        assertThat(everySplit("event: response.text.delta\ndata: {\"text\":\"Hel\"}\n\n"
                + "event: response\ndata: {\"role\":\"assistant\"}\n\n"))
                .containsExactly(new SseParser.Event("response.text.delta", "{\"text\":\"Hel\"}"),
                        new SseParser.Event("response", "{\"role\":\"assistant\"}"));
    }

    @Test
    void crlfAndLoneCrEndLinesToo() {
        assertThat(everySplit("event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\rdata: 3\n\n"))
                .containsExactly(new SseParser.Event("a", "1"), new SseParser.Event("b", "2"),
                        new SseParser.Event("message", "3"));
    }

    @Test
    void crAtTheEndOfAChunkThenLfIsOneLineEnd() {
        parser.feed(bytes("data: x\r"));
        parser.feed(bytes("\n"));
        assertThat(events).isEmpty();
        parser.feed(bytes("\r\n"));
        assertThat(events).containsExactly(new SseParser.Event("message", "x"));
    }

    @Test
    void multiLineDataIsJoinedWithNewlines() {
        assertThat(everySplit("event: response\ndata: {\"a\":\ndata: 1}\ndata:\ndata:last\n\n"))
                .containsExactly(new SseParser.Event("response", "{\"a\":\n1}\n\nlast"));
    }

    @Test
    void commentsAndUnknownFieldsAreIgnored() {
        assertThat(everySplit(": heartbeat\n\nid: 7\nretry: 3000\n: inside\nevent: x\nfoo: bar\ndata: d\n\n:\n\n"))
                .containsExactly(new SseParser.Event("x", "d"));
    }

    @Test
    void onlyOneLeadingSpaceIsRemovedAndAColonlessLineIsAFieldName() {
        assertThat(everySplit("data:  two spaces\n\ndata\n\nevent:nospace\ndata:x:y\n\n"))
                .containsExactly(new SseParser.Event("message", " two spaces"), new SseParser.Event("message", ""),
                        new SseParser.Event("nospace", "x:y"));
    }

    @Test
    void anEventNameWithoutDataDispatchesNothingAndDoesNotLeak() {
        assertThat(everySplit("event: lonely\n\ndata: next\n\n"))
                .containsExactly(new SseParser.Event("message", "next"));
    }

    @Test
    void utf8SplitInsideACharacterSurvives() {
        // "é" is 2 bytes and "🙂" is 4: everySplit cuts inside both
        assertThat(everySplit("event: response.text.delta\ndata: {\"text\":\"café 🙂\"}\n\n"))
                .containsExactly(new SseParser.Event("response.text.delta", "{\"text\":\"café 🙂\"}"));
    }

    @Test
    void aByteOrderMarkAtTheStartIsSkipped() {
        assertThat(everySplit("\uFEFFevent: a\ndata: 1\n\n")).containsExactly(new SseParser.Event("a", "1"));
    }

    @Test
    void unknownEventsAndDoneDataArePassedAsTheyAre() {
        assertThat(everySplit("event: execution_trace\ndata: {}\n\nevent: done\ndata: [DONE]\n\n"))
                .containsExactly(new SseParser.Event("execution_trace", "{}"), new SseParser.Event("done", "[DONE]"));
    }

    @Test
    void anEventCutOffByTheEndOfTheStreamIsNotDispatched() {
        parser.feed(bytes("event: response\ndata: {\"role\":\"assistant\"}\n"));
        assertThat(events).isEmpty();
    }

    @Test
    void theSinkStopsTheParserMidChunk() {
        List<SseParser.Event> seen = new ArrayList<>();
        SseParser stopping = new SseParser(event -> {
            seen.add(event);
            return !"[DONE]".equals(event.data());
        });
        boolean goOn = stopping.feed(bytes("data: 1\n\ndata: [DONE]\n\ndata: after\n\n"));
        assertThat(goOn).isFalse();
        assertThat(stopping.stopped()).isTrue();
        assertThat(stopping.feed(bytes("data: later\n\n"))).isFalse();
        assertThat(seen).extracting(SseParser.Event::data).containsExactly("1", "[DONE]");
    }
}
