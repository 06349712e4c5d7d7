package org.codearena.web.application.mail;

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
 * Links in mail that act without a login (turning the forum digest off): signed with the installation's key
 * (HMAC-SHA256 over what the link does and for whom), so that nobody can turn off someone else's mail by guessing.
 */
@Stateless
public class MailLinks {

    private static volatile byte[] key;

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    /** The link that turns the forum's daily digest off for this account. */
    public String digestOff(String site, long accountId) {
        return site + "/api/v1/mail/digest-off?account=" + accountId + "&key=" + sign("forum-digest-off:" + accountId);
    }

    /** Whether {@code signature} is this installation's for turning the digest off for this account. */
    public boolean validDigestOff(long accountId, String signature) {
        return signature != null && MessageDigest.isEqual(sign("forum-digest-off:" + accountId)
                .getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** Turns the digest off; false when there is no such account. */
    public boolean turnDigestOff(long accountId) {
        return entityManager.createNativeQuery("update account set mail_forum_digest = false where id = ?1")
                .setParameter(1, accountId).executeUpdate() == 1;
    }

    private String sign(String what) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(what.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
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
