package org.fatecg.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.io.AtomicFiles;

/**
 * Fetches the MIT-BIH files over HTTP(S) into a folder, resuming and verifying.
 *
 * <p>Each file is written to {@code name.part}; an interrupted download leaves the part behind, and the
 * next run asks for the rest with {@code Range: bytes=<part length>-} (206 appends; a server that answers
 * 200 sends the whole file again, which replaces the part). Once complete, the SHA-256 of the part must
 * equal the embedded checksum (taken from PhysioNet's SHA256SUMS, resource mitdb-sha256.txt) before the
 * part is renamed to its final name; a mismatch deletes the part and fails naming the file, the expected
 * and the found digest. A file already present with the right digest is not fetched again.
 *
 * <p>The base URL is a parameter (tests serve files from a loopback server). Progress goes to the given
 * stream, normally stderr when it is a terminal; null means quiet. Not a general HTTP client: no proxies
 * beyond the JDK's defaults, no parallel transfers.
 */
public final class Downloader {
    /** PhysioNet's folder of the database, version 1.0.0. */
    public static final String PHYSIONET = "https://physionet.org/files/mitdb/1.0.0/";

    private final URI base;
    private final Map<String, String> sha256;
    private final PrintStream progress;
    private final HttpClient client;

    /**
     * @param baseUrl  folder URL; a missing trailing slash is added
     * @param sha256   file name -> expected lowercase hex SHA-256; the files to fetch, in order
     * @param progress where the progress bar goes, or null for none
     */
    public Downloader(String baseUrl, Map<String, String> sha256, PrintStream progress) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.sha256 = new LinkedHashMap<>(sha256);
        for (String name : sha256.keySet())
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith("."))
                throw new IllegalArgumentException("file name '" + name + "': expected a plain name inside the folder");
        this.progress = progress;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
    }

    /** The folder URL files are fetched from. */
    public String baseUrl() {
        return base.toString();
    }

    /** A downloader of the whole database from PhysioNet with the embedded checksums. */
    public static Downloader physionet(PrintStream progress) {
        return new Downloader(PHYSIONET, embeddedChecksums(), progress);
    }

    /** The 146 file names and SHA-256 digests of mitdb 1.0.0, in listing order. */
    public static Map<String, String> embeddedChecksums() {
        Map<String, String> m = new LinkedHashMap<>();
        try (InputStream in = Downloader.class.getResourceAsStream("mitdb-sha256.txt")) {
            if (in == null)
                throw new IllegalStateException("resource org/fatecg/data/mitdb-sha256.txt is missing from the build");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] f = line.split("\\s+", 2);
                m.put(f[1].startsWith("*") ? f[1].substring(1) : f[1], f[0].toLowerCase());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the embedded checksum list", e);
        }
        return m;
    }

    /** Fetches every missing or wrong file into {@code dest}; returns the names actually downloaded. */
    public List<String> downloadAll(Path dest) throws IOException {
        Files.createDirectories(dest);
        List<String> fetched = new ArrayList<>();
        int i = 0;
        for (String name : sha256.keySet()) {
            i++;
            if (fetch(name, dest, i, sha256.size())) fetched.add(name);
        }
        if (progress != null) progress.println();
        return fetched;
    }

    /** One file; false when it was already present and verified. */
    boolean fetch(String name, Path dest, int index, int count) throws IOException {
        Path target = dest.resolve(name), part = dest.resolve(name + ".part");
        String want = sha256.get(name);
        if (Files.isRegularFile(target)) {
            if (sha256Of(target).equals(want)) return false;
            Files.delete(target); // a stale or damaged copy: fetch it again
        }
        for (int attempt = 0; ; attempt++) {
            long have = Files.isRegularFile(part) ? Files.size(part) : 0;
            int status = transfer(name, part, have, index, count);
            if (status == 416 && attempt == 0) { // the part is already whole (or longer than the file)
                if (sha256Of(part).equals(want)) break;
                Files.delete(part);
                continue;
            }
            if (status == 416)
                throw new IOException(base.resolve(name) + ": the server refused every byte range (HTTP 416)");
            break;
        }
        String got = sha256Of(part);
        if (!got.equals(want)) {
            Files.delete(part);
            throw new IOException(dest.resolve(name) + ": SHA-256 mismatch after download from " + base.resolve(name)
                    + ": expected " + want + ", found " + got
                    + " (the partial file was deleted; run again, or copy the file by hand)");
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** One HTTP exchange into the part file; returns the status (200, 206, or 416). */
    private int transfer(String name, Path part, long have, int index, int count) throws IOException {
        URI url = base.resolve(name);
        HttpRequest.Builder rb =
                HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).GET();
        if (have > 0) rb.header("Range", "bytes=" + have + "-");
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | UnknownHostException | HttpConnectTimeoutException e) {
            throw offline(url, e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnknownHostException || e.getCause() instanceof ConnectException)
                throw offline(url, e);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download of " + url + " interrupted", e);
        }
        int status = resp.statusCode();
        try (InputStream body = resp.body()) {
            if (status == 416) return status;
            boolean append;
            if (status == 206) {
                String range = resp.headers().firstValue("Content-Range").orElse("");
                if (!range.startsWith("bytes " + have + "-"))
                    throw new IOException(
                            url + ": asked for bytes " + have + "- and got Content-Range '" + range + "'");
                append = true;
            } else if (status == 200) {
                append = false;
                have = 0;
            } else {
                throw new IOException(url + ": HTTP " + status + " (expected 200, or 206 for a resumed download)");
            }
            long total =
                    have + resp.headers().firstValueAsLong("Content-Length").orElse(-1);
            // Reading the body can fail on the network; opening and writing the part file only on this
            // machine (a full disk, a read-only folder): those errors name the part file.
            OutputStream out;
            try {
                out = Files.newOutputStream(
                        part,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                throw AtomicFiles.cannotWrite(part, e);
            }
            try (out) {
                byte[] buf = new byte[1 << 16];
                long done = have;
                int lastShown = -1;
                for (int r; (r = body.read(buf)) > 0; ) {
                    try {
                        out.write(buf, 0, r);
                    } catch (IOException e) {
                        throw AtomicFiles.cannotWrite(part, e);
                    }
                    done += r;
                    int pct = total > 0 ? (int) (100 * done / total) : -1;
                    if (progress != null && pct != lastShown) {
                        lastShown = pct;
                        progress.print(bar(name, index, count, done, total));
                        progress.flush();
                    }
                }
            }
        }
        return status;
    }

    /** "\r 30/146 104.dat [#########-----------]  45%  0.9/1.9 MB" */
    static String bar(String name, int index, int count, long done, long total) {
        int width = 20, fill = total > 0 ? (int) (width * done / total) : 0;
        String pct = total > 0 ? String.format("%3d%%", 100 * done / total) : "   ?";
        return String.format(
                "\r%4d/%d %-12s [%s%s] %s %6.1f/%s MB",
                index,
                count,
                name,
                "#".repeat(fill),
                "-".repeat(width - fill),
                pct,
                done / 1e6,
                total > 0 ? String.format("%.1f", total / 1e6) : "?");
    }

    private static IOException offline(URI url, Exception cause) {
        return new IOException(
                "cannot reach " + url + " (" + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + "). "
                        + "fatecg needs the MIT-BIH Arrhythmia Database (the .hea, .dat and .atr files of its 48 records). "
                        + "On a machine without internet access, copy them into a folder and pass --data DIR "
                        + "(or set FATECG_DATA=DIR); elsewhere, run: fatecg data download --dest DIR",
                cause);
    }

    /** Lowercase hex SHA-256 of a file. */
    public static String sha256Of(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-256", e);
        }
    }
}
