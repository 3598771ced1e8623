package dev.cortexgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Directive parsing and the text split that every stream relies on. */
class ScenarioTest {

    @Test
    void directivesCombineAndAreStrippedFromTheQuestion() {
        Scenario.Parsed parsed = Scenario.parse("[[sim:tools tool=analyst]] What was revenue? [[sim:slow delayMs=50]]"
                + " [[sim:stall after=2 seconds=9]] [[sim:status code=429 retryAfter=3]]");
        assertThat(parsed.text()).isEqualTo("What was revenue?");
        Scenario s = parsed.scenario();
        assertThat(s.tool()).isEqualTo("analyst");
        assertThat(s.delay()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.stallAfter()).isEqualTo(2);
        assertThat(s.stall()).isEqualTo(Duration.ofSeconds(9));
        assertThat(s.status()).isEqualTo(429);
        assertThat(s.retryAfter()).isEqualTo(3);
        assertThat(s.dropAfter()).isNull();
        assertThat(s.textDeltas()).isNull();
    }

    @Test
    void noDirectiveMeansNoScenario() {
        Scenario.Parsed parsed = Scenario.parse("  plain   question ");
        assertThat(parsed.text()).isEqualTo("plain question");
        assertThat(parsed.scenario()).isEqualTo(Scenario.NONE);
    }

    @Test
    void mistakesAreRefusedNotIgnored() {
        for (String bad : List.of("[[sim:nope]]", "[[sim:tools tool=web]]", "[[sim:status code=200]]",
                "[[sim:slow delayMs=fast]]", "[[sim:drop after=-1]]", "[[sim:slow delayMs=10 oops]]")) {
            assertThatThrownBy(() -> Scenario.parse("q " + bad)).as(bad).isInstanceOf(SnowflakeError.class);
        }
    }

    @Test
    void textSplitsIntoExactlyTheRequestedDeltas() {
        String text = "Revenue in 2024 was 1,234.50 in total.";
        assertThat(String.join("", TextChunks.split(text, null))).isEqualTo(text);
        List<String> five = TextChunks.split(text, 5);
        assertThat(five).hasSize(5).allSatisfy(chunk -> assertThat(chunk).isNotEmpty());
        assertThat(String.join("", five)).isEqualTo(text);

        String filled = TextChunks.fill(text, 40);
        List<String> forty = TextChunks.split(filled, 40);
        assertThat(forty).hasSize(40).allSatisfy(chunk -> assertThat(chunk).isNotEmpty());
        assertThat(String.join("", forty)).isEqualTo(filled).startsWith(text);
    }
}
