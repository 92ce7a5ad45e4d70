package net.oneview.chatticket.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Errors the servlet container answers by itself, before any filter or controller sees the request (a path it cannot
 * decode, a character it does not allow, headers too large, a method it does not implement), get the blueprint's
 * body too, instead of Tomcat's HTML page. Public: Tomcat's host names its error report valve by class.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(final Request request, final Response response, final Throwable throwable) {
        if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        final AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        final HttpStatus status = ApiError.answered(response.getStatus());
        response.setStatus(status.value());
        response.setContentType(ApiError.MEDIA_TYPE.toString());
        final byte[] body = ApiError.of(status).toJson().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the answer was sent meanwhile: there is no one to answer
        }
    }
}
