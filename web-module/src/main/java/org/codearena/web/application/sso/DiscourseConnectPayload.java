package org.codearena.web.application.sso;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * DiscourseConnect's wire format, as Discourse reads and writes it: the fields as a URL query string, that string in
 * Base64 ("sso"), and the hex HMAC-SHA256 of the Base64 text under the shared secret ("sig"). Discourse sends
 * Base64 with or without line breaks; it reads only A-Z, a-z, 0-9, +, / and = (and line breaks) in it.
 */
public final class DiscourseConnectPayload {

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\r\\n]+");

    private DiscourseConnectPayload() {
    }

    /** The hex HMAC-SHA256 of the payload (the Base64 text, exactly as sent) under the secret. */
    public static String sign(String payload, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Whether the signature is the payload's under the secret (compared in constant time). */
    public static boolean signedBy(String payload, String signature, String secret) {
        return signature != null && MessageDigest.isEqual(sign(payload, secret).getBytes(StandardCharsets.US_ASCII),
                signature.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** The fields of a Base64 payload; IllegalArgumentException when it is not Base64 of a query string. */
    public static Map<String, String> decode(String payload) {
        if (payload == null || !BASE64.matcher(payload).matches()) {
            throw new IllegalArgumentException("the sso field must be Base64 (A-Z, a-z, 0-9, +, / and =)");
        }
        String query = new String(Base64.getMimeDecoder().decode(payload), StandardCharsets.UTF_8);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    /** The fields as a query string in strict Base64 (no line breaks), as Discourse writes its own. */
    public static String encode(Map<String, String> fields) {
        StringBuilder query = new StringBuilder();
        fields.forEach((name, value) -> {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return Base64.getEncoder().encodeToString(query.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** "sso=…&sig=…" for a URL: the payload escaped as a query value, and its signature. */
    public static String query(Map<String, String> fields, String secret) {
        String payload = encode(fields);
        return "sso=" + URLEncoder.encode(payload, StandardCharsets.UTF_8) + "&sig=" + sign(payload, secret);
    }
}
