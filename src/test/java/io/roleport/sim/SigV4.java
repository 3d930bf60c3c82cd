package io.roleport.sim;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 verification (header-based, {@code AWS4-HMAC-SHA256}), done the way AWS does it:
 * rebuild the canonical request from what arrived, derive the signing key from the principal's secret and
 * the credential scope, and compare signatures.
 */
final class SigV4 {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** The parsed {@code Authorization} header. */
    record Authorization(String accessKeyId, String date, String region, String service,
            List<String> signedHeaders, String signature) {

        String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }
    }

    private SigV4() {
    }

    /** Parses the header or answers {@code null} when it is not a SigV4 header at all. */
    static Authorization parse(String header) {
        if (header == null || !header.startsWith(ALGORITHM + " ")) {
            return null;
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String k = p.substring(0, eq);
            String v = p.substring(eq + 1);
            switch (k) {
                case "Credential" -> credential = v;
                case "SignedHeaders" -> signedHeaders = v;
                case "Signature" -> signature = v;
                default -> { }
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw new AwsError(400, "IncompleteSignature",
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        }
        String[] c = credential.split("/");
        if (c.length != 5 || !"aws4_request".equals(c[4])) {
            throw new AwsError(400, "IncompleteSignature", "Credential should be scoped to a valid region.");
        }
        return new Authorization(c[0], c[1], c[2], c[3], List.of(signedHeaders.split(";")), signature);
    }

    /** Builds the canonical request. {@code headers} must have lower-case names. */
    static String canonicalRequest(String method, String rawPath, String rawQuery,
            Map<String, List<String>> headers, List<String> signedHeaders, String payloadHash) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append('\n');
        sb.append(canonicalUri(rawPath)).append('\n');
        sb.append(canonicalQuery(rawQuery)).append('\n');
        for (String h : signedHeaders) {
            List<String> values = headers.getOrDefault(h, List.of());
            List<String> trimmed = new ArrayList<>();
            for (String v : values) {
                trimmed.add(v.trim().replaceAll("\\s+", " "));
            }
            sb.append(h).append(':').append(String.join(",", trimmed)).append('\n');
        }
        sb.append('\n');
        sb.append(String.join(";", signedHeaders)).append('\n');
        sb.append(payloadHash);
        return sb.toString();
    }

    /** Non-S3 services: the (already encoded) path is encoded once more, slashes kept. */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        String[] segments = rawPath.split("/", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(encode(segments[i]));
        }
        return sb.toString();
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String kv : rawQuery.split("&")) {
            if (kv.isEmpty()) {
                continue;
            }
            int eq = kv.indexOf('=');
            String k = eq < 0 ? kv : kv.substring(0, eq);
            String v = eq < 0 ? "" : kv.substring(eq + 1);
            pairs.add(new String[] {encode(decode(k)), encode(decode(v))});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    static String signature(String secret, Authorization auth, String stringToSign) {
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), auth.date());
        k = hmac(k, auth.region());
        k = hmac(k, auth.service());
        k = hmac(k, "aws4_request");
        return hex(hmac(k, stringToSign));
    }

    /** RFC 3986 percent-encoding as the SDK signer does it (unreserved characters kept). */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    /** Percent-decoding that keeps a literal '+' (the SDK encodes spaces as %20). */
    static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of two hex signatures. */
    static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
