package dev.cortexgateway.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.store.ClientStore;
import dev.cortexgateway.store.ClientStore.Client;
import dev.cortexgateway.store.ClientStore.NewClient;
import dev.cortexgateway.testing.Chromium;
import dev.cortexgateway.testing.RequiresChromium;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The playground page in a real (headless) Chromium against a real gateway on a random port: what
 * a person trying the gateway sees. The page is served by the gateway, so its origin carries the
 * random port, which no seed can name; demo-web's registry entry gets that origin for the test (as
 * an operator would add one) and its seeded entry back afterwards.
 */
@RequiresChromium
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class PlaygroundBrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "playground-screenshots");
    static final Duration ANSWER = Duration.ofSeconds(40);
    static final String CHART_QUESTION = "Chart the revenue by quarter in 2024";
    static final String SLOW_DOCUMENT_QUESTION = "[[sim:slow delayMs=120]] [[sim:long events=30]] What is the travel policy?";

    @LocalServerPort
    int port;

    @Autowired
    ClientStore clients;

    private Client seeded;
    private final List<ChromeDriver> browsers = new java.util.ArrayList<>();

    @BeforeEach
    void allowThePagesOrigin() {
        seeded = clients.find("demo-web").orElseThrow();
        Set<String> origins = new LinkedHashSet<>(seeded.allowedOrigins());
        origins.add(origin());
        clients.save(new NewClient(seeded.id(), seeded.kind(), seeded.secretHash(), seeded.scopes(),
                seeded.minClientVersion(), seeded.enabled(), origins));
        // the registry is re-read every gateway.cors.refresh-interval
        await().atMost(Duration.ofSeconds(30)).until(() -> sessionTokenStatus() == 200);
    }

    @AfterEach
    void restore() {
        browsers.forEach(WebDriver::quit);
        clients.save(new NewClient(seeded.id(), seeded.kind(), seeded.secretHash(), seeded.scopes(),
                seeded.minClientVersion(), seeded.enabled(), seeded.allowedOrigins()));
    }

    @Test
    void aDataQuestionShowsTheToolCallTheResultTableAndTheChart() throws IOException {
        ChromeDriver browser = open("/");
        assertThat(browser.getCurrentUrl()).startsWith(origin() + "/playground?session=");

        WebElement answer = ask(browser, CHART_QUESTION);

        assertThat(answer.findElement(By.cssSelector(".chip")).getText())
                .isEqualTo("cortex_analyst_text_to_sql · completed");
        WebElement table = answer.findElement(By.cssSelector("table.result"));
        assertThat(table.findElements(By.cssSelector("th"))).extracting(WebElement::getText)
                .containsExactly("FISCAL_YEAR", "FISCAL_QUARTER", "REVENUE");
        assertThat(table.findElements(By.cssSelector("tbody tr"))).hasSize(4);
        assertThat(table.findElement(By.cssSelector("tbody tr td:last-child")).getText()).isEqualTo("160983.70");
        // vega-embed drew the Vega-Lite spec: an SVG with one bar per quarter
        WebElement chart = new WebDriverWait(browser, ANSWER).until(ExpectedConditions.presenceOfNestedElementLocatedBy(
                answer, By.cssSelector(".chart svg.marks")));
        assertThat(chart.findElements(By.cssSelector("path[aria-roledescription='bar']"))).hasSize(4);
        assertThat(answer.findElement(By.cssSelector(".answer-text")).getText()).startsWith("Revenue by fiscal quarter in 2024");
        screenshot(browser, "data-question");
    }

    @Test
    void aDocumentQuestionShowsItsSources() throws IOException {
        ChromeDriver browser = open("/playground");

        WebElement answer = ask(browser, "What is the travel policy?");

        assertThat(answer.findElement(By.cssSelector(".chip")).getText()).isEqualTo("cortex_search · completed");
        List<WebElement> sources = answer.findElements(By.cssSelector(".sources li a"));
        assertThat(sources).isNotEmpty();
        assertThat(sources).allSatisfy(link -> assertThat(link.getAttribute("href")).startsWith("https://"));
        assertThat(answer.findElement(By.cssSelector(".answer-text")).getText()).contains("Travel");

        browser.findElement(By.id("history-button")).click();
        new WebDriverWait(browser, ANSWER).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("history-list"), "user: What is the travel policy?"));
        assertThat(browser.findElements(By.cssSelector("#history-list li"))).hasSize(2);
        screenshot(browser, "document-question");
    }

    @Test
    void aConnectionDroppedMidAnswerResumesWithoutLosingOrRepeatingAWord() throws IOException {
        ChromeDriver browser = open("/playground");
        String uninterrupted = ask(browser, SLOW_DOCUMENT_QUESTION).findElement(By.cssSelector(".answer-text")).getText();

        browser.findElement(By.id("new-session")).click();
        submit(browser, SLOW_DOCUMENT_QUESTION);
        WebElement answer = lastAnswer(browser);
        // some words in, then the connection goes as a network drop would take it
        new WebDriverWait(browser, ANSWER).until(d -> answer.findElement(By.cssSelector(".answer-text")).getText().length() > 20);
        assertThat(answer.getAttribute("data-state")).isEqualTo("streaming");
        ((JavascriptExecutor) browser).executeScript("window.playground.dropConnection()");
        new WebDriverWait(browser, ANSWER).until(ExpectedConditions.textToBePresentInElement(
                answer.findElement(By.cssSelector(".notice")), "resuming"));
        waitUntilAnswered(browser, answer);

        String resumed = answer.findElement(By.cssSelector(".answer-text")).getText();
        assertThat(resumed).isEqualTo(uninterrupted);
        assertThat(resumed).isEqualTo(answer.getAttribute("data-final-content"));
        assertThat(answer.findElements(By.cssSelector(".error"))).isEmpty();
        screenshot(browser, "resumed");
    }

    @Test
    void anotherBrowserCannotOpenTheFirstOnesHistory() throws IOException {
        ChromeDriver first = open("/playground");
        ask(first, "What is the travel policy?");
        String sessionId = (String) ((JavascriptExecutor) first).executeScript("return window.playground.sessionId()");

        // a second browser profile: another end user of the same demo-web client
        ChromeDriver second = open("/playground?session=" + sessionId);
        second.findElement(By.id("history-button")).click();
        WebElement error = new WebDriverWait(second, ANSWER).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#history .error")));
        screenshot(second, "history-of-another-user");
        // another end user's session is not found, as an unknown one (its existence is not told)
        assertThat(error.getAttribute("data-status")).isEqualTo("404");
        assertThat(second.findElements(By.cssSelector("#history-list li[data-role]"))).isEmpty();
    }

    private ChromeDriver open(String path) {
        ChromeDriver browser = Chromium.start();
        browsers.add(browser);
        browser.get(origin() + path);
        new WebDriverWait(browser, ANSWER).until(ExpectedConditions.textMatches(By.id("token-status"),
                java.util.regex.Pattern.compile("token valid until .*")));
        return browser;
    }

    private WebElement ask(ChromeDriver browser, String question) {
        submit(browser, question);
        WebElement answer = lastAnswer(browser);
        waitUntilAnswered(browser, answer);
        assertThat(answer.findElements(By.cssSelector(".error"))).extracting(WebElement::getText).isEmpty();
        return answer;
    }

    private static void submit(ChromeDriver browser, String question) {
        int answers = browser.findElements(By.cssSelector(".turn.assistant")).size();
        WebElement input = browser.findElement(By.id("question"));
        input.sendKeys(question);
        browser.findElement(By.id("send")).click();
        new WebDriverWait(browser, ANSWER).until(d -> d.findElements(By.cssSelector(".turn.assistant")).size() == answers + 1);
    }

    private static WebElement lastAnswer(ChromeDriver browser) {
        List<WebElement> answers = browser.findElements(By.cssSelector(".turn.assistant"));
        return answers.get(answers.size() - 1);
    }

    private static void waitUntilAnswered(ChromeDriver browser, WebElement answer) {
        new WebDriverWait(browser, ANSWER).until(d -> !"streaming".equals(answer.getAttribute("data-state")));
    }

    private String origin() {
        return "http://localhost:" + port;
    }

    private int sessionTokenStatus() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin() + "/api/v1/session/token"))
                .header("Content-Type", "application/json").header("X-Client-Version", "1.0.0").header("Origin", origin())
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"clientId\":\"demo-web\",\"nonce\":\"" + UUID.randomUUID() + "\"}"))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void screenshot(ChromeDriver browser, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
