package org.fatecg.data;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny file server on 127.0.0.1 for downloader tests: serves byte arrays by name under /db/, honours
 * "Range: bytes=N-" with 206 and Content-Range (unless told to ignore ranges), answers 416 for a range at
 * or past the end, 404 otherwise, and records each request's Range header and the body bytes it sent.
 */
public final class LoopbackServer implements AutoCloseable {
    public final Map<String, byte[]> files = new ConcurrentHashMap<>();
    public final List<String> requests = new CopyOnWriteArrayList<>();
    volatile long bytesSent;
    volatile boolean honourRanges = true;
    private final HttpServer server;

    public LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/db/", ex -> {
            String name = ex.getRequestURI().getPath().substring("/db/".length());
            String range = ex.getRequestHeaders().getFirst("Range");
            requests.add(name + (range == null ? "" : " " + range));
            byte[] body = files.get(name);
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            int from = 0;
            if (range != null && honourRanges && range.startsWith("bytes=") && range.endsWith("-")) {
                from = Integer.parseInt(range.substring(6, range.length() - 1));
                if (from >= body.length) {
                    ex.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
                    ex.sendResponseHeaders(416, -1);
                    ex.close();
                    return;
                }
                ex.getResponseHeaders()
                        .add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
                ex.sendResponseHeaders(206, body.length - from);
            } else {
                ex.sendResponseHeaders(200, body.length);
            }
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body, from, body.length - from);
            }
            bytesSent += body.length - from;
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/db/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
