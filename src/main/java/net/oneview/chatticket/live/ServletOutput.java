package net.oneview.chatticket.live;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;

/**
 * A stream's response, written with the servlet container's non-blocking I/O: a write never waits for the client; the
 * container calls back when the client takes more, and when the connection fails or the response completes.
 */
final class ServletOutput implements EventStream.Output, WriteListener, AsyncListener {

    private final EventStream stream;
    private final AsyncContext async;
    private final ServletOutputStream out;

    private ServletOutput(final EventStream stream, final AsyncContext async, final ServletOutputStream out) {
        this.stream = stream;
        this.async = async;
        this.out = out;
    }

    /**
     * Turns the request into the stream's response. The response handed to a controller is taken as handled by Spring
     * MVC, so it writes nothing itself; the bytes go to the container's own response (that of the request's async
     * context), as a filter's wrapper need not support non-blocking writes.
     */
    static ServletOutput start(final EventStream stream, final HttpServletRequest request,
            final HttpServletResponse response) throws IOException {
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        final AsyncContext async = request.startAsync();
        async.setTimeout(0);  // no time limit: the client, its token or LiveStreams ends the stream
        final ServletOutput output = new ServletOutput(stream, async, async.getResponse().getOutputStream());
        async.addListener(output);
        output.out.setWriteListener(output);
        return output;
    }

    @Override
    public boolean isReady() {
        return out.isReady();
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length) throws IOException {
        out.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void end() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // completed already (the connection failed)
        }
    }

    @Override
    public void onWritePossible() {
        stream.writable();
    }

    @Override
    public void onError(final Throwable error) {
        stream.end();
    }

    @Override
    public void onComplete(final AsyncEvent event) {
        stream.end();
    }

    @Override
    public void onTimeout(final AsyncEvent event) {
        stream.end();
    }

    @Override
    public void onError(final AsyncEvent event) {
        stream.end();
    }

    @Override
    public void onStartAsync(final AsyncEvent event) {
        // not started again
    }
}
