package net.oneview.chatticket.web;

import net.oneview.chatticket.query.StoreUnavailableException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns every exception of a controller into the blueprint's error body; never a stack trace. */
@RestControllerAdvice
class ApiExceptionHandler {

    /** Seconds a client should wait before asking again while a store is unavailable. */
    static final String RETRY_AFTER_SECONDS = "1";

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(final ApiException e) {
        if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            log.info("answering 503: {}", e.getMessage());
            return retryLater();
        }
        log.debug("{}: {}", e.status(), e.getMessage());
        return ResponseEntity.status(e.status()).contentType(ApiError.MEDIA_TYPE)
                .body(ApiError.of(e.status(), e.shownDetail()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ApiError> denied(final AccessDeniedException e) {
        return answer(HttpStatus.FORBIDDEN);
    }

    /** A body that cannot be read (the actuator's endpoints read one, even on GET) is the request's fault. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(final HttpMessageNotReadableException e) {
        log.debug("unreadable request body: {}", e.getMessage());
        return answer(HttpStatus.BAD_REQUEST);
    }

    /** Query parameters that cannot be decoded (bad percent-encoding), met when an endpoint reads them. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ApiError> undecodable(final InvalidParameterException e) {
        log.debug("undecodable query parameters: {}", e.getMessage());
        return answer(HttpStatus.BAD_REQUEST);
    }

    /** A client that went away from a live stream: nothing to answer, nothing wrong here. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(final AsyncRequestNotUsableException e) {
        log.debug("client went away: {}", e.getMessage());
    }

    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<ApiError> unavailable(final StoreUnavailableException e) {
        log.info("answering 503: {}", e.getMessage());
        return retryLater();
    }

    private static ResponseEntity<ApiError> retryLater() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .contentType(ApiError.MEDIA_TYPE)
                .body(ApiError.of(HttpStatus.SERVICE_UNAVAILABLE));
    }

    /** Spring MVC's own errors (unknown path 404, wrong method 405, bad parameter 400...), else 500. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> other(final Exception e) {
        if (e instanceof ErrorResponse framework) {
            final HttpStatusCode status = framework.getStatusCode();
            final ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
            framework.getHeaders().forEach((name, values) -> answer.header(name, values.toArray(String[]::new)));
            return answer.contentType(ApiError.MEDIA_TYPE).body(ApiError.of(status));
        }
        log.error("request failed", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR);
    }

    /** JSON whatever the request accepts (a client asking for XML still gets the blueprint's error). */
    private static ResponseEntity<ApiError> answer(final HttpStatus status) {
        return ResponseEntity.status(status).contentType(ApiError.MEDIA_TYPE).body(ApiError.of(status));
    }
}
