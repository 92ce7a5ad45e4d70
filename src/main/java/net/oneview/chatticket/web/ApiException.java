package net.oneview.chatticket.web;

import org.springframework.http.HttpStatus;

/** Ends a request with one of the blueprint's error answers. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    public ApiException(final HttpStatus status, final String detail) {
        super(detail);
        this.status = status;
    }

    public static ApiException badRequest(final String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail);
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
}
