package io.cloudsweep.adapters.aws.fake;

import com.sun.net.httpserver.Headers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * S3's REST calls the audit export makes, path-style ({@code /bucket/key}): PutObject (with {@code If-None-Match: *},
 * the SDK's {@code aws-chunked} body and its checksum in a trailer or a header) and GetObject. A bucket under Object
 * Lock refuses a write without a checksum, as S3 does; no object is ever replaced.
 */
final class S3 {

    record Answer(int status, byte[] body, String contentType) {
        static Answer error(int status, String code, String message) {
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                    + "</Message><RequestId>fake</RequestId></Error>";
            return new Answer(status, xml.getBytes(StandardCharsets.UTF_8), "application/xml");
        }
    }

    private final Map<String, Map<String, byte[]>> buckets = new ConcurrentHashMap<>();
    private final Set<String> locked = ConcurrentHashMap.newKeySet();

    void bucket(String name, boolean objectLock) {
        buckets.putIfAbsent(name, new ConcurrentHashMap<>());
        if (objectLock) {
            locked.add(name);
        }
    }

    Map<String, byte[]> objects(String bucket) {
        return Map.copyOf(buckets.getOrDefault(bucket, Map.of()));
    }

    /** The IAM action of a request: {@code PutObject} or {@code GetObject}. */
    static String action(String method) {
        return switch (method) {
            case "PUT" -> "PutObject";
            case "GET" -> "GetObject";
            default -> method;
        };
    }

    synchronized Answer answer(String method, String path, Headers headers, byte[] raw) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        if (slash <= 0 || slash == trimmed.length() - 1) {
            return Answer.error(400, "InvalidRequest", "only object calls are served");
        }
        String bucket = trimmed.substring(0, slash);
        String key = trimmed.substring(slash + 1);
        Map<String, byte[]> objects = buckets.get(bucket);
        if (objects == null) {
            return Answer.error(404, "NoSuchBucket", "The specified bucket does not exist");
        }
        if (method.equals("GET")) {
            byte[] body = objects.get(key);
            return body == null ? Answer.error(404, "NoSuchKey", "The specified key does not exist.")
                    : new Answer(200, body, "application/x-ndjson");
        }
        if (!method.equals("PUT")) {
            return Answer.error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
        }
        Map<String, String> trailers = new HashMap<>();
        byte[] body = isChunked(headers) ? unchunk(raw, trailers) : raw;
        Optional<String> sha256 = Optional.ofNullable(headers.getFirst("x-amz-checksum-sha256"))
                .or(() -> Optional.ofNullable(trailers.get("x-amz-checksum-sha256")));
        boolean anyChecksum = sha256.isPresent() || headers.getFirst("Content-MD5") != null
                || headers.keySet().stream().anyMatch(name -> name.toLowerCase().startsWith("x-amz-checksum-"))
                || trailers.keySet().stream().anyMatch(name -> name.startsWith("x-amz-checksum-"));
        if (locked.contains(bucket) && !anyChecksum) {
            return Answer.error(400, "InvalidRequest", "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters");
        }
        if (sha256.isPresent() && !sha256.get().equals(Base64.getEncoder().encodeToString(digest(body)))) {
            return Answer.error(400, "BadDigest", "The SHA256 you specified did not match the calculated checksum.");
        }
        if (objects.containsKey(key) && ("*".equals(headers.getFirst("If-None-Match")) || locked.contains(bucket))) {
            return Answer.error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
        }
        objects.put(key, body);
        return new Answer(200, new byte[0], "application/xml");
    }

    private static boolean isChunked(Headers headers) {
        String encoding = headers.getFirst("Content-Encoding");
        String payload = headers.getFirst("x-amz-content-sha256");
        return (encoding != null && encoding.contains("aws-chunked")) || (payload != null && payload.startsWith("STREAMING-"));
    }

    /** The data of an {@code aws-chunked} body: chunks of {@code hex-size[;chunk-signature=...]\r\n data \r\n}, a last empty one, then trailers. */
    static byte[] unchunk(byte[] raw, Map<String, String> trailers) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int end = lineEnd(raw, at);
            String header = new String(raw, at, end - at, StandardCharsets.US_ASCII);
            int semicolon = header.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? header : header.substring(0, semicolon)).trim(), 16);
            at = end + 2;
            if (size == 0) {
                break;
            }
            data.write(raw, at, size);
            at += size + 2;
        }
        while (at < raw.length) {
            int end = lineEnd(raw, at);
            String line = new String(raw, at, end - at, StandardCharsets.US_ASCII);
            at = end + 2;
            int colon = line.indexOf(':');
            if (colon > 0) {
                trailers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
            }
        }
        return data.toByteArray();
    }

    private static int lineEnd(byte[] raw, int from) {
        for (int i = from; i + 1 < raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n') {
                return i;
            }
        }
        return raw.length;
    }

    private static byte[] digest(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
