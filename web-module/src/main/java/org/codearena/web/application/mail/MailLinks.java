package org.codearena.web.application.mail;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.codearena.web.application.SigningKey;

/**
 * Links in mail that act without a login (turning the forum digest off): signed with the installation's key
 * (HMAC-SHA256 over what the link does and for whom), so that nobody can turn off someone else's mail by guessing.
 */
@Stateless
public class MailLinks {

    @EJB
    private SigningKey signingKey;

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    /** The link that turns the forum's daily digest off for this account. */
    public String digestOff(String site, long accountId) {
        return site + "/api/v1/mail/digest-off?account=" + accountId + "&key="
                + signingKey.sign("forum-digest-off:" + accountId);
    }

    /** Whether {@code signature} is this installation's for turning the digest off for this account. */
    public boolean validDigestOff(long accountId, String signature) {
        return signingKey.valid("forum-digest-off:" + accountId, signature);
    }

    /** Turns the digest off; false when there is no such account. */
    public boolean turnDigestOff(long accountId) {
        return entityManager.createNativeQuery("update account set mail_forum_digest = false where id = ?1")
                .setParameter(1, accountId).executeUpdate() == 1;
    }
}
