package net.oneview.chatticket.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer tokens of every kind a client might send, good and bad, signed by hand (so that the header may claim any
 * algorithm) with the development secret: the bytes of the Authorization header, and whether the service must accept
 * it.
 */
final class FuzzTokens {

    static final String AUDIENCE = "chat-ticket-api";
    static final String SUPERVISE = "tickets:supervise";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    /** How a token is made; {@code valid}: the service must accept it (its subject then decides what it may do). */
    enum Kind {
        OWN(true), SUPERVISOR(true), OTHER_AGENT(true), WRONG_ISSUER(true), LARGE(true), ODD_PROFILE(true),
        SUBJECT_NOT_A_UUID(true), NO_SUBJECT(true),
        MISSING(false), EMPTY_BEARER(false), BASIC(false), MALFORMED(false), EXPIRED(false), NOT_YET_VALID(false),
        HS512(false), RS256_HEADER(false), ALG_NONE(false), WRONG_AUDIENCE(false), NO_AUDIENCE(false),
        BAD_SIGNATURE(false), OVERSIZED(false), NON_UTF8(false),
        /** A stream ticket the service issued, in a stream's {@code ?ticket=}: good for opening that stream only. */
        STREAM_TICKET(true),
        /** A stream ticket in {@code ?ticket=} of a path that is not a stream's. */
        STREAM_TICKET_ELSEWHERE(false),
        /** A stream ticket sent as a bearer token. */
        STREAM_TICKET_AS_BEARER(false),
        /** A caller's own token in {@code ?ticket=}: long-lived tokens must not travel in URLs. */
        TOKEN_IN_URL(false);

        /** The kinds this class signs for the Authorization header; the others come with stream tickets. */
        static final List<Kind> SIGNED = List.of(values()).subList(0, STREAM_TICKET.ordinal());

        final boolean valid;

        Kind(final boolean valid) {
            this.valid = valid;
        }
    }

    /** An Authorization header (null: none) and what it claims. */
    record Token(Kind kind, byte[] header, String subject, boolean supervisor) {
    }

    private final Random random;

    FuzzTokens(final Random random) {
        this.random = random;
    }

    /**
     * @param agent the agent whose path the request names (an own token is for it)
     * @param other a seeded agent other than {@code agent}
     */
    Token make(final Kind kind, final String agent, final String other) {
        return switch (kind) {
            case OWN -> bearer(kind, agent, claims(agent), "HS256");
            case SUPERVISOR -> {
                final Map<String, Object> claims = claims("0000000a-0000-4000-8000-" + hex(12));
                claims.put("scope", random.nextBoolean() ? "openid " + SUPERVISE : List.of(SUPERVISE, "openid"));
                yield new Token(kind, header(jwt(claims, "HS256")), null, true);
            }
            case OTHER_AGENT -> bearer(kind, other, claims(other), "HS256");
            case WRONG_ISSUER -> bearer(kind, agent, with(claims(agent), "iss", "https://issuer.example/" + hex(4)),
                    "HS256");
            case LARGE -> bearer(kind, agent, with(claims(agent), "padding", "p".repeat(3_000 + random.nextInt(2_000))),
                    "HS256");
            case ODD_PROFILE -> bearer(kind, agent, oddProfile(claims(agent)), "HS256");
            case SUBJECT_NOT_A_UUID -> {
                final String subject = "agent-" + hex(6);
                yield bearer(kind, subject, claims(subject), "HS256");
            }
            case NO_SUBJECT -> {
                final Map<String, Object> claims = claims(agent);
                claims.remove("sub");
                yield new Token(kind, header(jwt(claims, "HS256")), null, false);
            }
            default -> invalid(kind, agent);
        };
    }

    private Token invalid(final Kind kind, final String agent) {
        final Map<String, Object> claims = claims(agent);
        final byte[] header = switch (kind) {
            case MISSING -> null;
            case EMPTY_BEARER -> ascii(random.nextBoolean() ? "Bearer " : "Bearer");
            case BASIC -> ascii("Basic " + Base64.getEncoder().encodeToString(ascii(agent + ":secret")));
            case MALFORMED -> header(List.of("not.a.jwt", "a.b", "....", "eyJ" + hex(20), "%%%.$$$.###",
                    jwt(claims, "HS256").replace('.', '_')).get(random.nextInt(6)));
            case EXPIRED -> header(jwt(with(claims, "exp", Instant.now().minusSeconds(600).getEpochSecond()), "HS256"));
            case NOT_YET_VALID -> header(jwt(with(claims, "nbf", Instant.now().plusSeconds(600).getEpochSecond()),
                    "HS256"));
            case HS512 -> header(jwt(claims, "HS512"));
            case RS256_HEADER -> header(jwt(claims, "RS256"));
            case ALG_NONE -> header(jwt(claims, "none"));
            case WRONG_AUDIENCE -> header(jwt(with(claims, "aud", List.of("someone-else")), "HS256"));
            case NO_AUDIENCE -> {
                claims.remove("aud");
                yield header(jwt(claims, "HS256"));
            }
            case BAD_SIGNATURE -> header(badSignature(jwt(claims, "HS256")));
            case OVERSIZED -> header(jwt(with(claims, "padding", "p".repeat(9_000 + random.nextInt(60_000))), "HS256"));
            case NON_UTF8 -> nonUtf8(header(jwt(claims, "HS256")));
            default -> throw new IllegalArgumentException(kind.toString());
        };
        return new Token(kind, header, agent, false);
    }

    private Token bearer(final Kind kind, final String subject, final Map<String, Object> claims, final String alg) {
        return new Token(kind, header(jwt(claims, alg)), subject, false);
    }

    private Map<String, Object> claims(final String subject) {
        final Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        claims.put("aud", random.nextBoolean() ? AUDIENCE : List.of(AUDIENCE, "other-api"));
        claims.put("exp", Instant.now().plusSeconds(3600).getEpochSecond());
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("name", "Agent " + subject.substring(0, Math.min(4, subject.length())));
        claims.put("queues", List.of(HttpFuzzTest.QUEUE));
        claims.put("capacity", 3);
        return claims;
    }

    /** Profile claims the service must take or refuse with 400, never fail on. */
    private Map<String, Object> oddProfile(final Map<String, Object> claims) {
        final List<Object> capacities = List.of("abc", -1, 0, 100, 101, 1e12, Long.MAX_VALUE, "7", List.of(1), 2.5);
        final List<Object> queues = List.of("*", "", " , ,", "english,*", List.of("a\u001fb"), List.of(1, 2),
                List.of(HttpFuzzTest.QUEUE, "*"), "q".repeat(2_000), Map.of("a", "b"), List.of());
        final List<Object> names = List.of("", "ü\u0000\u202e", "n".repeat(2_000), 42, List.of("a"));
        switch (random.nextInt(3)) {
            case 0 -> claims.put("capacity", capacities.get(random.nextInt(capacities.size())));
            case 1 -> claims.put("queues", queues.get(random.nextInt(queues.size())));
            default -> claims.put("name", names.get(random.nextInt(names.size())));
        }
        return claims;
    }

    private String jwt(final Map<String, Object> claims, final String alg) {
        final String signingInput = BASE64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", alg, "typ", "JWT")))
                + "." + BASE64.encodeToString(JSON.writeValueAsBytes(claims));
        return switch (alg) {
            case "none" -> signingInput + ".";
            case "HS512" -> signingInput + "." + BASE64.encodeToString(mac("HmacSHA512", signingInput));
            default -> signingInput + "." + BASE64.encodeToString(mac("HmacSHA256", signingInput));
        };
    }

    private static byte[] mac(final String algorithm, final String input) {
        try {
            final Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(Tokens.DEV_SECRET.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(ascii(input));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One character of the signature changed; not the last, whose low bits are padding a decoder may ignore. */
    private String badSignature(final String jwt) {
        final char[] chars = jwt.toCharArray();
        final int start = jwt.lastIndexOf('.') + 1;
        final int at = start + random.nextInt(jwt.length() - start - 1);
        chars[at] = chars[at] == 'A' ? 'g' : 'A';
        return new String(chars);
    }

    /** The header with bytes that are not UTF-8 (nor the ASCII a token is made of) somewhere in it. */
    private byte[] nonUtf8(final byte[] header) {
        final byte[] spoiled = header.clone();
        final int at = "Bearer ".length() + random.nextInt(spoiled.length - "Bearer ".length());
        spoiled[at] = (byte) (0x80 + random.nextInt(0x7f));
        return spoiled;
    }

    private static Map<String, Object> with(final Map<String, Object> claims, final String name, final Object value) {
        claims.put(name, value);
        return claims;
    }

    private static byte[] header(final String jwt) {
        return ascii("Bearer " + jwt);
    }

    private String hex(final int digits) {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < digits; i++) {
            text.append(Character.forDigit(random.nextInt(16), 16));
        }
        return text.toString();
    }

    private static byte[] ascii(final String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
