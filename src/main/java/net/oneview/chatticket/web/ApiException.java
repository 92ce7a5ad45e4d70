package net.oneview.chatticket.web;

import org.springframework.http.HttpStatus;

/** Ends a request with one of the blueprint's error answers. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final boolean shown;

    public ApiException(final HttpStatus status, final String detail) {
        this(status, detail, false);
    }

    private ApiException(final HttpStatus status, final String detail, final boolean shown) {
        super(detail);
        this.status = status;
        this.shown = shown;
    }

    public static ApiException badRequest(final String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail);
    }

    /**
     * 400 for a token claim the service cannot use: the caller is told which claim and why after the blueprint's
     * message ({@code bad request: ...}), as only the token's issuer can mend it.
     */
    public static ApiException badClaim(final String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail, true);
    }

    public static ApiException notFound(final String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, detail);
    }

    /** 503: a dependency (the broker) is unavailable; the answer carries Retry-After. */
    public static ApiException unavailable(final String detail) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, detail);
    }

    public HttpStatus status() {
        return status;
    }

    /** What the answer says after the blueprint's message; null when it says only that. */
    public String shownDetail() {
        return shown ? getMessage() : null;
    }
}
