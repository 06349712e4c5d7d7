package org.codearena.web.application;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The installation's signing key (made once, kept in PostgreSQL, the same on every server): what acts without a
 * login carries an HMAC-SHA256 of what it does and for whom, which nobody can make without the key: the links in
 * mail that turn the forum digest off, a proctored candidate's upload key. Read once per server, then from memory.
 */
@Stateless
public class SigningKey {

    private static volatile byte[] key;

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    /** The signature of {@code what}, URL-safe Base64 without padding. */
    public String sign(String what) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(what.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Whether {@code signature} is this installation's for {@code what} (compared in constant time). */
    public boolean valid(String what, String signature) {
        return signature != null && MessageDigest.isEqual(sign(what).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] key() {
        byte[] known = key;
        if (known == null) {
            known = ((String) entityManager.createNativeQuery("select key from mail_link_key where id = 1")
                    .getSingleResult()).getBytes(StandardCharsets.US_ASCII);
            key = known;
        }
        return known;
    }
}
