package net.oneview.chatticket.service;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import net.oneview.chatticket.query.InternalTokens;
import net.oneview.chatticket.service.FuzzTokens.Kind;
import net.oneview.chatticket.service.FuzzTokens.Token;

/**
 * Random requests, all from one seed: paths (the service's, with good and bad ids, encodings, traversal, extra
 * slashes, unknown ones), methods, headers, bodies and tokens of every kind. Each knows which seeded agent its path
 * names, if any, so that the answer can be checked against the token.
 */
final class FuzzRequests {

    private static final List<String> METHODS = List.of("GET", "GET", "GET", "GET", "PUT", "PUT", "PUT", "POST",
            "DELETE", "PATCH", "HEAD", "OPTIONS");
    private static final List<String> ODD_METHODS = List.of("TRACE", "FUZZ", "get", "CONNECT");
    private static final List<String> RESOURCES = List.of("tickets", "tickets", "tickets", "online", "online",
            "offline", "offline", "tickets/", "online/", "", "tickets/extra", "TICKETS", "decisions", "nothing-here",
            "tickets/stream", "tickets/stream", "tickets/stream/", "stream", "offers",
            "offers/00000000-0000-0000-0000-000000000000/accept", "offers/x/decline", "offers//accept", "ready",
            "offline?after=current-tickets", "offline?after=junk", "tickets/stream", "tickets/stream",
            "tickets/stream");
    private static final List<String> JUNK_IDS = List.of("not-a-uuid", "123", "null", "undefined", "%00", "%ff%fe",
            "%2F", "%25", "%", "%zz", "%C0%AF", "%u0041", "%0d%0aX-Injected:%20yes", "%20", " ", "ü", "\u00ff", "{x}",
            "a\\b", ".", "..", "%2e%2e", "*", "x".repeat(300), "x".repeat(9_000), "%e2%80%ae", "a;b=c", "?", "#");
    private static final List<String> OTHER_PATHS = List.of("/", "/v1", "/v1/", "/v2/tickets", "/index.html",
            "/favicon.ico", "/livez", "/readyz", "/readyz/x", "/actuator",
            "/actuator/health", "/actuator/health/", "/actuator/health/kafkaStreams",
            "/actuator/health/diskSpace", "/actuator/env", "/actuator/info", "/actuator/heapdump", "/error",
            "/error/500", "/internal/stores/", "/internal/stores/unknown/x", "/v1/tickets", "/v1/tickets//decisions",
            "/WEB-INF/web.xml", "/..%2f..%2fetc/passwd", "/v1/%2e%2e/%2e%2e/actuator/env", "/supervisor",
            "/supervisor/", "/supervisor/index.html", "/supervisor/supervisor.js", "/supervisor/../actuator/env",
            "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/x", "/v3");
    /** The supervisor's and the live streams' endpoints, which no agent path names. */
    private static final List<String> LIVE_PATHS = List.of("/v1/queues", "/v1/queues", "/v1/queues/stream",
            "/v1/queues/stream", "/v1/stream-tickets", "/v1/stream-tickets", "/internal/queues", "/v1/queues/",
            "/v1/stream-tickets/x");
    private static final List<String> ACCEPTS = List.of("application/json", "*/*", "text/html", "application/xml",
            "text/plain", "application/*", "garbage", "", "application/json;q=0, text/html", "*/*;q=0",
            "text/event-stream", "application/json, application/problem+json");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain; charset=utf-8",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "garbage", "application/xml",
            "application/json; charset=ISO-8859-1", "");

    /** A request and what it stands for. */
    record Probe(String method, byte[] target, Map<String, byte[]> headers, byte[] body, Token token,
            String pathAgent, String description) {
    }

    /** Stream tickets the service issues ({@code POST /v1/stream-tickets}), fresh enough to be used. */
    @FunctionalInterface
    interface StreamTickets {
        /** @param agent the agent the ticket is for; null: a supervisor's */
        String of(String agent);
    }

    private final Random random;
    private final FuzzTokens tokens;
    private final List<String> agents;
    private final Map<String, List<String>> ticketsByAgent;
    private final StreamTickets streamTickets;

    /**
     * @param agents the seeded agents
     * @param ticketsByAgent the tickets each seeded agent holds
     */
    FuzzRequests(final Random random, final List<String> agents, final Map<String, List<String>> ticketsByAgent,
            final StreamTickets streamTickets) {
        this.random = random;
        this.tokens = new FuzzTokens(random);
        this.agents = agents;
        this.ticketsByAgent = ticketsByAgent;
        this.streamTickets = streamTickets;
    }

    Probe next() {
        final String agent = pick(agents);
        final String other = pick(agents.stream().filter(a -> !a.equals(agent)).toList());
        Token token = tokens.make(tokenKind(), agent, other);
        final Path path = path(agent, other);
        final String method = method(path.text());
        String target = mutate(path.text());
        final boolean stream = path.text().endsWith("/stream");
        if (random.nextInt(stream ? 2 : 25) == 0) {
            final Ticket ticket = ticket(stream, agent, other);
            token = ticket.token();
            target = target + (target.contains("?") ? "&" : "?") + InternalTokens.STREAM_TICKET_PARAMETER + "="
                    + ticket.value();
        } else if (random.nextInt(30) == 0) {
            token = new Token(Kind.STREAM_TICKET_AS_BEARER, RawHttp.ascii("Bearer " + streamTickets.of(agent)), agent,
                    false);
        }
        final Map<String, byte[]> headers = headers(token);
        final byte[] body = body(headers);
        // mostly UTF-8, as clients send; sometimes Latin-1: a non-ASCII character is then a byte UTF-8 does not allow
        final byte[] targetBytes = target.getBytes(random.nextInt(5) == 0 ? StandardCharsets.ISO_8859_1
                : StandardCharsets.UTF_8);
        return new Probe(method, targetBytes, headers, body, token, path.agent(),
                describe(method, target, headers, body, token));
    }

    /** Often the method the path's endpoint takes, so that many requests get through to the controllers. */
    private String method(final String path) {
        final int roll = random.nextInt(40);
        if (roll == 0) {
            return pick(ODD_METHODS);
        }
        if (roll < 20 && (path.endsWith("/online") || path.endsWith("/offline"))) {
            return "PUT";
        }
        if (roll < 20 && (path.endsWith("/stream-tickets") || path.endsWith("/accept") || path.endsWith("/decline")
                || path.endsWith("/ready"))) {
            return "POST";
        }
        if (roll < 20 && path.contains("/offline?")) {
            return "PUT";
        }
        if (roll < 20 && (path.endsWith("/tickets") || path.endsWith("/decisions") || path.startsWith("/internal/")
                || path.endsWith("/stream") || path.endsWith("/queues"))) {
            return "GET";
        }
        return pick(METHODS);
    }

    private Kind tokenKind() {
        final int roll = random.nextInt(100);
        if (roll < 30) {
            return Kind.OWN;
        }
        if (roll < 42) {
            return Kind.SUPERVISOR;
        }
        if (roll < 52) {
            return Kind.OTHER_AGENT;
        }
        return pick(Kind.SIGNED);
    }

    /** What goes in {@code ?ticket=}, and what it stands for. */
    private record Ticket(String value, Token token) {
    }

    /**
     * A stream ticket (the agent's, another agent's, a supervisor's) or a caller's own token, for a stream's URL; a
     * stream ticket anywhere else is good for nothing.
     */
    private Ticket ticket(final boolean stream, final String agent, final String other) {
        if (!stream) {
            return new Ticket(streamTickets.of(agent), new Token(Kind.STREAM_TICKET_ELSEWHERE, null, agent, false));
        }
        return switch (random.nextInt(5)) {
            case 0, 1 -> new Ticket(streamTickets.of(agent), new Token(Kind.STREAM_TICKET, null, agent, false));
            case 2 -> new Ticket(streamTickets.of(other), new Token(Kind.STREAM_TICKET, null, other, false));
            case 3 -> new Ticket(streamTickets.of(null), new Token(Kind.STREAM_TICKET, null, null, true));
            default -> new Ticket(new String(tokens.make(Kind.OWN, agent, other).header(), StandardCharsets.US_ASCII)
                    .substring("Bearer ".length()), new Token(Kind.TOKEN_IN_URL, null, agent, false));
        };
    }

    /** A path, and the seeded agent whose data it asks for (null if none). */
    private record Path(String text, String agent) {
    }

    private Path path(final String agent, final String other) {
        return switch (random.nextInt(14)) {
            case 0, 1, 2, 3, 4, 5 -> new Path("/v1/" + agent + "/" + pick(RESOURCES), agent);
            case 6 -> agentPath(agent, other);
            case 7 -> new Path("/v1/" + pick(JUNK_IDS) + "/" + pick(RESOURCES), null);
            case 8 -> new Path("/v1/tickets/" + ticketSegment(agent, other) + "/decisions", null);
            case 9 -> random.nextBoolean() ? new Path("/internal/stores/agents/" + agent, agent)
                    : new Path("/internal/stores/agents/" + pick(JUNK_IDS), null);
            case 10 -> new Path("/internal/stores/ticket-decisions/" + ticketSegment(agent, other), null);
            case 11, 12 -> new Path(pick(LIVE_PATHS), null);
            default -> new Path(pick(OTHER_PATHS), null);
        };
    }

    /** Another agent's path, an unknown agent, or one agent written in capitals. */
    private Path agentPath(final String agent, final String other) {
        return switch (random.nextInt(3)) {
            case 0 -> new Path("/v1/" + other + "/" + pick(RESOURCES), other);
            case 1 -> new Path("/v1/" + UUID.nameUUIDFromBytes(bytes(random.nextLong())) + "/" + pick(RESOURCES), null);
            default -> new Path("/v1/" + agent.toUpperCase(Locale.ROOT) + "/" + pick(RESOURCES), agent);
        };
    }

    private String ticketSegment(final String agent, final String other) {
        return switch (random.nextInt(4)) {
            case 0 -> pick(ticketsByAgent.get(agent));
            case 1 -> pick(ticketsByAgent.get(other));
            case 2 -> UUID.nameUUIDFromBytes(bytes(random.nextLong())).toString();
            default -> pick(JUNK_IDS);
        };
    }

    /** Sometimes: extra slashes, traversal, encodings, parameters, a query. */
    private String mutate(final String path) {
        final List<Supplier<String>> mutations = List.of(
                () -> path + "/",
                () -> path.replace("/", "//"),
                () -> "/" + path,
                () -> path.replaceFirst("/v1/", "/v1/junk/../"),
                () -> path.replaceFirst("/v1/", "/v1/%2e%2e/v1/"),
                () -> path.replaceFirst("/v1/", "/v1/./"),
                () -> path.replaceFirst("/v1/", "/V1/"),
                () -> path.replace("/", "%2F"),
                () -> path.replace("/", "\\"),
                () -> path + ";jsessionid=" + random.nextInt(1000),
                () -> path.replaceFirst("/v1", "/v1;x=y"),
                () -> path + "?agent=" + pick(agents),
                () -> path + "?" + pick(JUNK_IDS) + "=" + pick(JUNK_IDS),
                () -> path + "?q=" + "y".repeat(6_000),
                () -> path + "#fragment");
        return random.nextInt(10) < 7 ? path : pick(mutations).get();
    }

    private Map<String, byte[]> headers(final Token token) {
        final Map<String, byte[]> headers = new LinkedHashMap<>();
        if (token.header() != null) {
            headers.put("Authorization", token.header());
        }
        if (random.nextInt(3) > 0) {
            headers.put("Accept", RawHttp.ascii(pick(ACCEPTS)));
        }
        switch (random.nextInt(18)) {
            case 0 -> headers.put("X-Fuzz", RawHttp.ascii("h".repeat(random.nextBoolean() ? 7_000 : 40_000)));
            case 1 -> {
                for (int i = 0; i < 60; i++) {
                    headers.put("X-Fuzz-" + i, RawHttp.ascii(Integer.toString(random.nextInt())));
                }
            }
            case 2 -> headers.put("X-Fuzz", randomBytes(1 + random.nextInt(40), true));
            case 3 -> headers.put("Host", RawHttp.ascii(pick(List.of("evil.example", "", "localhost:1", "[::1"))));
            case 4 -> headers.put("Expect", RawHttp.ascii("100-continue"));
            case 5 -> headers.put("Range", RawHttp.ascii("bytes=0-1"));
            default -> {
            }
        }
        return headers;
    }

    private byte[] body(final Map<String, byte[]> headers) {
        final int roll = random.nextInt(10);
        if (roll < 5) {
            return null;
        }
        if (random.nextBoolean()) {
            headers.put("Content-Type", RawHttp.ascii(pick(CONTENT_TYPES)));
        }
        return switch (roll) {
            case 5 -> RawHttp.ascii("{\"status\":\"ONLINE\",\"capacity\":1000}");
            case 6 -> randomBytes(1 + random.nextInt(2_000), false);
            case 7 -> new byte[0];
            case 8 -> RawHttp.ascii("a=1&b=" + "z".repeat(random.nextInt(300_000)));
            default -> new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff, (byte) 0xfe, 0, '{'};
        };
    }

    /** Bytes that are not UTF-8 (and, in a header, not the control characters that end it). */
    private byte[] randomBytes(final int length, final boolean forHeader) {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        bytes[0] = (byte) 0xff;
        if (forHeader) {
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\r' || bytes[i] == '\n' || bytes[i] == 0) {
                    bytes[i] = (byte) 0x80;
                }
            }
        }
        return bytes;
    }

    private static String describe(final String method, final String target, final Map<String, byte[]> headers,
            final byte[] body, final Token token) {
        final StringBuilder text = new StringBuilder(method).append(' ')
                .append(target.length() <= 200 ? target
                        : target.substring(0, 200) + "...(" + target.length() + " chars)")
                .append(" token=").append(token.kind());
        headers.forEach((name, value) -> {
            if (!name.equals("Authorization")) {
                text.append(' ').append(name).append('=').append(value.length > 60 ? value.length + " bytes"
                        : new String(value, StandardCharsets.ISO_8859_1));
            }
        });
        return text.append(body == null ? "" : " body=" + body.length + " bytes").toString();
    }

    private static byte[] bytes(final long value) {
        return Long.toString(value).getBytes(StandardCharsets.UTF_8);
    }

    private <T> T pick(final List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
