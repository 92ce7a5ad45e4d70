package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.test.context.TestPropertySource;

/**
 * The agent's desk in a real browser (headless Chromium, driven through Selenium) against the whole service on the
 * embedded broker, with offers of 6 s (long enough for a click to reach the pool on a loaded machine, short enough to
 * let one run out): the agent goes online from the page, accepts an offer and sees the ticket in
 * its list, lets the next offer run out (it goes to the other agent), and declines one with a reason. Skipped when
 * Debian's {@code chromium} or {@code chromium-driver} is not installed ({@code .ci/run} installs both).
 */
@TestPropertySource(properties = {"chat-ticket.offers.timeout=6s", "chat-ticket.streams.application-id=desk"})
class DeskPageTest extends ServiceTestSupport {

    static final Path SCREENSHOT = Path.of("target", "desk.png");
    static final String TOKEN_KEY = "chat-ticket.desk-token";

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theDeskIsServedWithoutATokenUnderTheSupervisorPagesPolicy() throws Exception {
        final HttpResponse<String> bare = fetch("/desk");
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/desk/"));

        final HttpResponse<String> page = fetch("/desk/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("id=\"offers\"", "src=\"desk.js\"", "href=\"desk.css\"");
        final HttpResponse<String> supervisor = fetch("/supervisor/");
        for (final String header : List.of("Content-Security-Policy", "Referrer-Policy", "Cross-Origin-Opener-Policy",
                "Cross-Origin-Resource-Policy", "Permissions-Policy", "X-Content-Type-Options")) {
            assertThat(page.headers().firstValue(header)).as(header).isPresent()
                    .isEqualTo(supervisor.headers().firstValue(header));
        }
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'");

        final HttpResponse<String> script = fetch("/desk/desk.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(script.headers().firstValue("Content-Security-Policy"))
                .isEqualTo(page.headers().firstValue("Content-Security-Policy"));
        assertThat(fetch("/desk/desk.css").statusCode()).isEqualTo(200);
        final HttpResponse<String> missing = fetch("/desk/no-such-file.js");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).get("errorCode").asInt()).isEqualTo(404);
    }

    @Test
    void anAgentAcceptsAnOfferOnItsDeskAndTheNextOneItLetsRunOutGoesToTheOtherAgent() throws Exception {
        HeadlessChromium.assumeInstalled("desk");
        browser = HeadlessChromium.start(900, 600);
        final String queue = "desk-" + UUID.randomUUID().toString().substring(0, 8);
        // Ana has more free capacity than Budi, so each new ticket is offered to her first
        final String ana = UUID.randomUUID().toString();
        final String anaToken = Tokens.forAgent(ana, Map.of("name", "Ana", "queues", List.of(queue), "capacity", 3));
        final String budi = UUID.randomUUID().toString();
        final String budiToken = Tokens.forAgent(budi, Map.of("name", "Budi", "queues", List.of(queue), "capacity", 1));

        // Ana opens her desk: never seen by the service until she goes online from it
        browser.get(base() + "/desk");
        assertThat(browser.getCurrentUrl()).endsWith("/desk/");
        assertThat(text("#connection-state")).isEqualTo("no token");
        browser.findElement(By.id("token")).sendKeys(anaToken);
        browser.findElement(By.id("token-connect")).click();
        page().untilAsserted(() -> assertThat(text("#connection-state")).isEqualTo("not known yet"));
        assertThat(text("#agent-name")).isEqualTo("Ana");
        assertThat(text("#token-info")).startsWith("Agent " + ana);
        assertThat(browser.findElement(By.id("token")).getAttribute("value")).isEmpty();
        assertThat(script("return sessionStorage.getItem(arguments[0])", TOKEN_KEY)).isEqualTo(anaToken);
        click("go-online");
        page().untilAsserted(() -> {
            assertThat(text("#action-message")).as(text("#action-error")).startsWith("You are online.");
            assertThat(text("#connection-state")).isEqualTo("live");
        });
        assertThat(text("#offers-empty")).isEqualTo("No offer waiting for you.");
        // Ready answers or fails, and the page says which with the answer's message (no wrap-up to end here)
        click("ready");
        page().until(() -> text("#action-message").startsWith("Ready: offers")
                || text("#action-error").matches("Ready: [0-9]{3} [a-z ]+\\."));
        assertThat(put(budi, "online", budiToken).status()).isEqualTo(200);

        // the first ticket is offered to Ana, who accepts it from the page: it moves to her tickets
        final String first = produceTicket(queue, 1);
        final String firstOffer = offer(first);
        page().untilAsserted(() -> assertThat(text(firstOffer + ".countdown")).matches("[1-7] s left"));
        assertThat(text(firstOffer + ".priority")).isEqualTo("P1");
        assertThat(text(firstOffer + ".customer")).isEqualTo("hugo dan");
        assertThat(text(firstOffer + ".ccr")).isEqualTo("delivery - wrong address");
        browser.findElement(By.cssSelector(firstOffer + "button.accept")).click();
        final String held = "#tickets-body tr[data-ticket='" + first + "'] ";
        page().untilAsserted(() -> {
            assertThat(text(held + "td.status")).isEqualTo("ASSIGNED");
            assertThat(browser.findElements(By.cssSelector(firstOffer))).isEmpty();
            assertThat(text("#action-message")).as(text("#action-error"))
                    .isEqualTo("Accepted ticket " + first + ".");
        });
        assertThat(text(held + "td.priority")).isEqualTo("1");
        assertThat(text(held + "td.queue")).isEqualTo(queue);
        assertThat(ticketIds(get(ana, "tickets", anaToken))).containsExactly(first);

        // the second is offered to Ana too; she lets it run out, and it is offered to Budi
        final String second = produceTicket(queue, 2);
        final String secondOffer = offer(second);
        page().untilAsserted(() -> assertThat(text(secondOffer + ".countdown")).matches("[1-7] s left"));
        script("window.scrollTo(0, 0)");
        HeadlessChromium.screenshot(browser, SCREENSHOT);
        page().untilAsserted(() -> assertThat(browser.findElements(By.cssSelector(secondOffer))).isEmpty());
        await().atMost(Duration.ofSeconds(15)).until(() -> offeredIds(budi, budiToken).contains(second));
        assertThat(ticketIds(get(ana, "tickets", anaToken))).containsExactly(first);
        assertThat(browser.findElements(By.cssSelector("#tickets-body tr"))).hasSize(1);

        // back from away (an offer let run out), Ana declines the third with a reason, which its decisions keep
        click("go-online");
        page().untilAsserted(() -> assertThat(text("#action-message")).as(text("#action-error"))
                .startsWith("You are online."));
        final String third = produceTicket(queue, 1);
        final String thirdOffer = offer(third);
        final WebElement reason = browser.findElement(By.cssSelector(thirdOffer + "input.reason"));
        reason.sendKeys("on a call");
        browser.findElement(By.cssSelector(thirdOffer + "button.decline")).click();
        page().untilAsserted(() -> assertThat(text("#action-message")).as(text("#action-error"))
                .isEqualTo("Declined ticket " + third + "."));
        final String supervisor = Tokens.forAgent(UUID.randomUUID().toString(), Map.of("scope", "tickets:supervise"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            final Answer decisions = get("tickets", third + "/decisions", supervisor);
            assertThat(decisions.status()).isEqualTo(200);
            assertThat(decisions.body().valueStream().map(d -> d.path("reason").asString("")))
                    .as(decisions.body().toString()).anyMatch(r -> r.contains("declined the offer: on a call"));
        });

        click("go-offline");
        page().untilAsserted(() -> assertThat(text("#action-message")).startsWith("You are offline."));

        // the token went into headers only: in no address the page loaded or asked for
        assertThat(browser.getCurrentUrl()).doesNotContain(anaToken);
        assertThat(String.valueOf(script("return performance.getEntriesByType('resource').map(e => e.name).join(' ')")))
                .contains("/offers").doesNotContain(anaToken);
        // before Ana went online her offers and tickets were 404, and Ready may be refused: on purpose
        assertThat(HeadlessChromium.consoleErrors(browser, m -> m.contains("Failed to load resource")
                && (m.contains("/offers -") || m.contains("/tickets -") || m.contains("/ready -"))))
                .as("the browser's console").isEmpty();
    }

    /** The offer's row in the page, once it shows (CSS selector prefix). */
    private String offer(final String ticket) {
        final String row = "#offers li[data-ticket='" + ticket + "'] ";
        page().until(() -> !browser.findElements(By.cssSelector(row)).isEmpty());
        return row;
    }

    private List<String> offeredIds(final String agent, final String token) throws Exception {
        final Answer offers = get(agent, "offers", token);
        assertThat(offers.status()).isEqualTo(200);
        return offers.body().valueStream().map(offer -> offer.get("ticket").get("id").asString()).toList();
    }

    private void click(final String button) {
        browser.findElement(By.id(button)).click();
    }

    private String base() {
        return "http://localhost:" + environment.getProperty("local.server.port");
    }

    private HttpResponse<String> fetch(final String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The page polls every second; an offer lasts 3 s, so what it waits for comes well within this. */
    private static ConditionFactory page() {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100));
    }

    private String text(final String css) {
        return HeadlessChromium.text(browser, css);
    }

    private Object script(final String code, final Object... arguments) {
        return browser.executeScript(code, arguments);
    }
}
