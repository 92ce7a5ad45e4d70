package net.oneview.chatticket.web;

import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/** The blueprint's error body: {@code {"errorCode":404,"errorMessage":"not found"}}. */
public record ApiError(long errorCode, String errorMessage) {

    public static ApiError of(final HttpStatusCode status) {
        return new ApiError(status.value(), message(status.value()));
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

    String toJson() {
        return "{\"errorCode\":" + errorCode + ",\"errorMessage\":\"" + errorMessage + "\"}";
    }
}
