package net.oneview.chatticket.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for the requests java.net.http.HttpClient refuses to send: any bytes in the request
 * line and in header values. One request per connection ({@code Connection: close}); the answer is read to its end,
 * or, when asked, an event stream (which has no end) to its first event or a deadline.
 */
final class RawHttp {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final int TIMEOUT_MILLIS = 10_000;

    private RawHttp() {
    }

    /** An answer: status, headers by lower-case name, body (de-chunked). */
    record Reply(int status, Map<String, List<String>> headers, byte[] body) {

        String header(final String name) {
            final List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Reply send(final int port, final String method, final byte[] target, final Map<String, byte[]> headers,
            final byte[] body) throws IOException {
        return send(port, method, target, headers, body, null);
    }

    /**
     * As {@link #send(int, String, byte[], Map, byte[])}, but an answer that is an event stream (which does not end)
     * is read up to its first event, or for {@code streamFor} at most; then the connection is closed.
     */
    static Reply send(final int port, final String method, final byte[] target, final Map<String, byte[]> headers,
            final byte[] body, final Duration streamFor) throws IOException {
        final boolean head = method.equals("HEAD");
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            try {
                final OutputStream out = socket.getOutputStream();
                out.write(request(method, target, headers, body));
                out.flush();
            } catch (IOException e) {
                // the server may answer before it has read a large body, and close: its answer is still to be read
                return parse(readAnswer(socket, e, head, streamFor), head, streamFor != null);
            }
            return parse(read(socket, head, streamFor), head, streamFor != null);
        }
    }

    private static byte[] readAnswer(final Socket socket, final IOException writeFailure, final boolean head,
            final Duration streamFor) throws IOException {
        try {
            return read(socket, head, streamFor);
        } catch (IOException e) {
            writeFailure.addSuppressed(e);
            throw writeFailure;
        }
    }

    /** The answer to its end, or, for an event stream, to its first event or the end of {@code streamFor}. */
    private static byte[] read(final Socket socket, final boolean head, final Duration streamFor) throws IOException {
        if (streamFor == null) {
            return socket.getInputStream().readAllBytes();
        }
        final InputStream in = socket.getInputStream();
        final ByteArrayOutputStream answer = new ByteArrayOutputStream();
        final byte[] buffer = new byte[8192];
        long deadline = 0;
        while (true) {
            final int read;
            try {
                read = in.read(buffer);
            } catch (SocketTimeoutException e) {
                if (deadline > 0) {
                    return answer.toByteArray();  // the stream's time is up
                }
                throw e;
            }
            if (read < 0) {
                return answer.toByteArray();
            }
            answer.write(buffer, 0, read);
            final Reply sofar = streamSoFar(answer.toByteArray(), head);
            if (sofar != null) {
                if (head || sofar.text().contains("\n\n")) {
                    return answer.toByteArray();
                }
                deadline = deadline > 0 ? deadline : System.currentTimeMillis() + streamFor.toMillis();
                final long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return answer.toByteArray();
                }
                socket.setSoTimeout((int) left);
            }
        }
    }

    /** The answer read so far when its headers are complete and say it is an event stream; otherwise null. */
    private static Reply streamSoFar(final byte[] sofar, final boolean head) throws IOException {
        final int end = indexOf(sofar, new byte[] {'\r', '\n', '\r', '\n'}, 0);
        if (end < 0) {
            return null;
        }
        final Reply reply = parse(sofar, head, true);
        final String type = reply.header("content-type");
        return reply.status() / 100 != 1 && type != null && type.startsWith("text/event-stream") ? reply : null;
    }

    private static byte[] request(final String method, final byte[] target, final Map<String, byte[]> headers,
            final byte[] body) {
        final ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(ascii(method + " "));
        request.writeBytes(target);
        request.writeBytes(ascii(" HTTP/1.1"));
        request.writeBytes(CRLF);
        final Map<String, byte[]> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Host", ascii("localhost"));
        all.put("Connection", ascii("close"));
        if (body != null) {
            all.put("Content-Length", ascii(Integer.toString(body.length)));
        }
        all.forEach((name, value) -> {
            request.writeBytes(ascii(name + ": "));
            request.writeBytes(value);
            request.writeBytes(CRLF);
        });
        request.writeBytes(CRLF);
        if (body != null) {
            request.writeBytes(body);
        }
        return request.toByteArray();
    }

    /** @param cutShort whether a body cut short (a stream read for a while) is what there is, not an error */
    private static Reply parse(final byte[] answer, final boolean head, final boolean cutShort) throws IOException {
        final int end = indexOf(answer, new byte[] {'\r', '\n', '\r', '\n'}, 0);
        if (end < 0) {
            throw new IOException("no complete answer: " + new String(answer, StandardCharsets.ISO_8859_1));
        }
        final String[] lines = new String(answer, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        final int status = Integer.parseInt(lines[0].split(" ")[1]);
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            final int colon = lines[i].indexOf(':');
            final String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        final byte[] rest = Arrays.copyOfRange(answer, end + 4, answer.length);
        if (status / 100 == 1 && (!cutShort || indexOf(rest, new byte[] {'\r', '\n', '\r', '\n'}, 0) >= 0)) {
            return parse(rest, head, cutShort);  // an interim answer (100 Continue): the real one follows
        }
        final boolean chunked = headers.getOrDefault("transfer-encoding", List.of()).contains("chunked");
        return new Reply(status, headers, head ? new byte[0] : chunked ? dechunk(rest, cutShort) : rest);
    }

    private static byte[] dechunk(final byte[] chunks, final boolean cutShort) throws IOException {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            final int lineEnd = indexOf(chunks, CRLF, at);
            if (lineEnd < 0 || cutShort && lineEnd + 2 + chunkSize(chunks, at, lineEnd) > chunks.length) {
                if (cutShort) {
                    return body.toByteArray();
                }
                throw new IOException("chunked body cut short");
            }
            final int size = chunkSize(chunks, at, lineEnd);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunks, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int chunkSize(final byte[] chunks, final int at, final int lineEnd) {
        return Integer.parseInt(new String(chunks, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim(),
                16);
    }

    private static int indexOf(final byte[] data, final byte[] pattern, final int from) {
        for (int i = from; i <= data.length - pattern.length; i++) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    static byte[] ascii(final String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
