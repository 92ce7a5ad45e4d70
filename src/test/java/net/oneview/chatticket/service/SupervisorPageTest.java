package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.oneview.chatticket.events.TicketCreated;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The supervisor's page in a real browser: headless Chromium, driven through Selenium, against the whole service on
 * the embedded broker. A queue no agent serves builds up, then drains when an agent comes online; the page follows
 * it live (event stream), shows a ticket waiting for its preferred agent, and looks the agent's tickets up. Skipped
 * when Debian's {@code chromium} or {@code chromium-driver} is not installed ({@code .ci/run} installs both).
 */
class SupervisorPageTest extends ServiceTestSupport {

    static final Path SCREENSHOT = Path.of("target", "supervisor.png");
    static final String TOKEN_KEY = "chat-ticket.supervisor-token";
    static final int TICKETS = 6;

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePageIsServedWithoutATokenAndTalksToItsOwnOriginOnly() throws Exception {
        final HttpResponse<String> bare = fetch("/supervisor");
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/supervisor/"));

        final HttpResponse<String> page = fetch("/supervisor/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("id=\"queues-table\"", "src=\"supervisor.js\"");
        final String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        final HttpResponse<String> script = fetch("/supervisor/supervisor.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(script.headers().firstValue("Content-Security-Policy")).hasValue(policy);
        assertThat(fetch("/supervisor/supervisor.css").statusCode()).isEqualTo(200);

        final HttpResponse<String> missing = fetch("/supervisor/no-such-file.js");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).get("errorCode").asInt()).isEqualTo(404);
        // what the page reads still needs a token
        assertThat(fetch("/v1/queues").statusCode()).isEqualTo(401);
    }

    @Test
    void aSupervisorWatchesAQueueBuildUpAndDrainAndLooksUpTheAgentsTickets() throws Exception {
        HeadlessChromium.assumeInstalled("supervisor");
        browser = HeadlessChromium.start(1280, 1400);
        final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(),
                Map.of("name", "Sam Supervisor", "scope", "tickets:supervise"));
        final String queue = "refunds-" + UUID.randomUUID().toString().substring(0, 8);
        final String row = "tr[data-queue='" + queue + "'] ";

        browser.get(base() + "/supervisor");
        assertThat(browser.getCurrentUrl()).endsWith("/supervisor/");
        assertThat(text("#connection-state")).isEqualTo("no token");
        browser.findElement(By.id("token")).sendKeys(supervisor);
        browser.findElement(By.id("token-connect")).click();
        page().untilAsserted(() -> assertThat(text("#connection-state")).isEqualTo("live"));
        assertThat(browser.findElement(By.id("token")).getAttribute("value")).isEmpty();
        assertThat(script("return sessionStorage.getItem(arguments[0])", TOKEN_KEY)).isEqualTo(supervisor);
        assertThat(script("return localStorage.length")).isEqualTo(0L);

        // the queue builds up: no agent serves it; one ticket at a time, so the chart climbs
        final List<String> tickets = new ArrayList<>();
        final int[] priorities = {1, 2, 1, 3, 2, 1};
        for (int i = 0; i < TICKETS; i++) {
            tickets.add(produceTicket(queue, priorities[i]));
            final String waiting = String.valueOf(i + 1);
            page().untilAsserted(() -> assertThat(text(row + "td.waiting")).isEqualTo(waiting));
        }
        page().untilAsserted(() -> {
            assertThat(text(row + "td.oldest-wait")).matches("[1-9][0-9]* s");
            assertThat(text("#oldest-wait")).matches("[0-9]+ (s|min [0-9]{2} s|h [0-9]{2} min)");
        });
        assertThat(text(row + ".queue")).isEqualTo(queue);
        assertThat(text(row + "td.pool")).isEqualTo("default");
        assertThat(text(row + "td.by-priority")).isEqualTo("P1: 3, P2: 2, P3: 1");
        assertThat(text(row + "td.by-step")).as("all at the first step: nothing to show").isEqualTo("–");
        assertThat(text(row + "td.agents-online")).isEqualTo("0");
        assertThat(browser.findElement(By.cssSelector(row)).getAttribute("class")).contains("starving");
        assertThat(Integer.parseInt(text("#total-waiting"))).isGreaterThanOrEqualTo(TICKETS);
        assertThat(text("tr[data-pool='default'] td.waiting")).matches("[0-9]+");
        page().untilAsserted(() -> {
            assertThat(points("#chart-waiting")).isGreaterThanOrEqualTo(2);
            assertThat(points("#chart-oldest")).isGreaterThanOrEqualTo(2);
        });
        HeadlessChromium.screenshot(browser, SCREENSHOT);

        // an agent for the queue comes online and takes every ticket
        final String agent = UUID.randomUUID().toString();
        final String agentToken = Tokens.forAgent(agent, Map.of("name", "Ana", "queues", List.of(queue),
                "capacity", TICKETS + 2));
        assertThat(put(agent, "online", agentToken).status()).isEqualTo(200);
        page().untilAsserted(() -> {
            assertThat(text(row + "td.waiting")).isEqualTo("0");
            assertThat(text(row + "td.agents-online")).isEqualTo("1");
            assertThat(text(row + "td.free-capacity")).isEqualTo("2");
            assertThat(text(row + "td.oldest-wait")).isEqualTo("–");
            assertThat(text(row + "td.by-priority")).isEqualTo("–");
        });
        page().untilAsserted(() -> assertThat(text("#connection-state")).isEqualTo("live"));

        // the agent's tickets through the form, then an agent never seen and an id that is no UUID
        await().atMost(Duration.ofSeconds(20)).until(() -> ticketIds(get(agent, "tickets", supervisor)).size() == TICKETS);
        lookUp(agent);
        page().untilAsserted(() -> assertThat(text("#agent-message")).isEqualTo("Agent " + agent + " holds " + TICKETS + " tickets."));
        final List<WebElement> held = browser.findElements(By.cssSelector("#agent-tickets-body tr"));
        assertThat(held).extracting(r -> r.getAttribute("data-ticket")).containsExactlyInAnyOrderElementsOf(tickets);
        assertThat(held).extracting(r -> r.findElement(By.cssSelector(".priority")).getText())
                .containsExactly("1", "1", "1", "2", "2", "3");
        assertThat(held).extracting(r -> r.findElement(By.cssSelector(".status")).getText()).containsOnly("ASSIGNED");
        lookUp(UUID.randomUUID().toString());
        page().untilAsserted(() -> assertThat(text("#agent-message")).endsWith("(404 not found)."));
        assertThat(browser.findElement(By.id("agent-tickets")).isDisplayed()).isFalse();
        lookUp("not-a-uuid");
        page().untilAsserted(() -> assertThat(text("#agent-message")).endsWith("(400 bad request)."));

        // tickets naming the agent as their preferred agent: two fill its free slots, the third waits for it alone
        for (int i = 0; i < 3; i++) {
            final String id = UUID.randomUUID().toString();
            produce("ticket-created", id, TicketCreated.newBuilder().setId(id).setCreatedAt(Instant.now())
                    .setQueue(queue).setChannel("chat").setContent("{}").setPriority(2).setPreferredAgentId(agent)
                    .build());
        }
        page().untilAsserted(() -> {
            assertThat(text(row + "td.waiting")).isEqualTo("1");
            assertThat(text(row + "td.by-step")).isEqualTo("preferred: 1");
        });

        // the token went into headers only: in no address the page loaded or asked for
        assertThat(browser.getCurrentUrl()).doesNotContain(supervisor);
        assertThat(String.valueOf(script("return performance.getEntriesByType('resource').map(e => e.name).join(' ')")))
                .contains("/v1/stream-tickets").doesNotContain(supervisor);
        // the look-ups above answer 404 and 400 on purpose
        assertThat(HeadlessChromium.consoleErrors(browser, m -> m.contains("/tickets - Failed to load resource")))
                .as("the browser's console").isEmpty();
    }

    private String base() {
        return "http://localhost:" + environment.getProperty("local.server.port");
    }

    private HttpResponse<String> fetch(final String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The page updates every 2 s from its stream; assignment takes a moment more. */
    private static ConditionFactory page() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200));
    }

    /** The element's visible text, or "" while it is not there (rows come and go as the stream updates them). */
    private String text(final String css) {
        return HeadlessChromium.text(browser, css);
    }

    private Object script(final String code, final Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(code, arguments);
    }

    /** The points of a chart's lines. */
    private long points(final String chart) {
        final Object count = script("return Array.from(document.querySelectorAll(arguments[0] + ' polyline.series'))"
                + ".reduce((n, line) => n + line.points.numberOfItems, 0)", chart);
        return count instanceof Number n ? n.longValue() : 0;
    }

    private void lookUp(final String agent) {
        final WebElement field = browser.findElement(By.id("agent-id"));
        field.clear();
        field.sendKeys(agent);
        browser.findElement(By.id("agent-lookup")).click();
    }
}
