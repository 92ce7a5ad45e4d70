package net.oneview.chatticket.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * The blueprint's error body: {@code {"errorCode":404,"errorMessage":"not found"}}, always UTF-8 bytes declared
 * {@link #MEDIA_TYPE}, whoever answers.
 */
public record ApiError(
        @Schema(description = "the HTTP status") long errorCode,
        @Schema(description = "the blueprint's message for the status") String errorMessage) {

    /**
     * {@code application/json}, with no parameter, as the blueprint declares every answer: JSON is UTF-8 by definition
     * (RFC 8259), so the body is always written as UTF-8 bytes, never through the container's Latin-1 writer.
     */
    public static final MediaType MEDIA_TYPE = MediaType.APPLICATION_JSON;

    public static ApiError of(final HttpStatusCode status) {
        return new ApiError(status.value(), message(status.value()));
    }

    /** @param detail said after the blueprint's message, or null */
    public static ApiError of(final HttpStatusCode status, final String detail) {
        return detail == null ? of(status) : new ApiError(status.value(), message(status.value()) + ": " + detail);
    }

    /** The blueprint's messages; statuses it does not list get their reason phrase in the same style. */
    static String message(final int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "not authorize";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 500 -> "internal server error";
            default -> {
                final HttpStatus known = HttpStatus.resolve(status);
                yield known == null ? "error" : known.getReasonPhrase().toLowerCase(Locale.ROOT);
            }
        };
    }

    /**
     * The status to answer for one the servlet container chose: a method it does not implement (CONNECT, made-up
     * ones) is, like any method a path does not take, not allowed here (405); the service's only 5xx are its own
     * failures.
     */
    static HttpStatus answered(final int status) {
        if (status == HttpStatus.NOT_IMPLEMENTED.value()) {
            return HttpStatus.METHOD_NOT_ALLOWED;
        }
        final HttpStatus known = HttpStatus.resolve(status);
        return known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known;
    }

    /** Ends the answer with this error: its status, and the body as UTF-8 bytes (never through a Latin-1 writer). */
    void send(final HttpServletResponse response) throws IOException {
        final byte[] body = toJson().getBytes(StandardCharsets.UTF_8);
        response.setStatus((int) errorCode);
        response.setContentType(MEDIA_TYPE.toString());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    String toJson() {
        return "{\"errorCode\":" + errorCode + ",\"errorMessage\":" + quoted(errorMessage) + "}";
    }

    /** A JSON string: quotes, backslashes and control characters escaped; other characters as they are. */
    private static String quoted(final String text) {
        final StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
