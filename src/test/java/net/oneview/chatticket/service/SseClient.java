package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events client for tests: opens the stream, parses its events as they arrive. */
final class SseClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One event as parsed. */
    record Event(String id, String name, String data) {
    }

    final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    SseClient(final URI uri, final Map<String, String> headers) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() == 200) {
            CompletableFuture.runAsync(this::read);
        }
    }

    private void read() {
        try {
            parse();
        } catch (UncheckedIOException e) {
            // closed here, or the connection broke: the stream ended either way
        }
        ended = true;
    }

    private void parse() {
        String id = null;
        String name = null;
        final StringBuilder data = new StringBuilder();
        for (final String line : (Iterable<String>) response.body()::iterator) {
            if (line.isEmpty()) {
                if (name != null) {
                    events.add(new Event(id, name, data.toString()));
                }
                id = null;
                name = null;
                data.setLength(0);
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5));
            }
        }
    }

    /** The next event, within 20 s. */
    Event next() throws InterruptedException {
        final Event event = events.poll(20, TimeUnit.SECONDS);
        assertThat(event).as("an event within 20 s").isNotNull();
        return event;
    }

    /** The next event if one has arrived, else null. */
    Event poll() {
        return events.poll();
    }

    /** Whether the server ended the stream (or the connection broke). */
    boolean ended() {
        return ended;
    }

    /** The body of a response that did not start a stream (an error). */
    String errorBody() {
        return response.body().reduce("", String::concat);
    }

    @Override
    public void close() {
        response.body().close();
    }
}
