package org.codearena.web.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import org.hibernate.query.NativeQuery;

/**
 * Back-off against password guessing, per account and shared by every server (the counts are in PostgreSQL): the
 * first {@value #FREE_FAILURES} wrong passwords in a row cost nothing; each one after that makes the next login of
 * the account wait twice as long (1 s, 2 s, 4 s ... at most {@value #MAX_WAIT_SECONDS} s). A right password clears
 * the count. Every attempt is counted as a failure before the password is hashed, in one atomic update that also
 * refuses it while the account waits, so that guesses sent in parallel cannot all slip through at once, and guesses
 * during a wait cost the server no hashing. The wait is short and capped on purpose: a lock that lasted would let
 * anyone lock a person out.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class LoginBackoff {

    static final int FREE_FAILURES = 5;
    static final int MAX_WAIT_SECONDS = 900;
    /** 2^10 s is past the cap already; the exponent stops there, so that the arithmetic never overflows */
    private static final int MAX_EXPONENT = 10;
    private static final int MAX_COUNT = 1_000;

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    /**
     * Takes one attempt for the account: 0 when it may go ahead (it is counted as failed until {@link #succeeded}),
     * otherwise the seconds it must wait first. In the caller's transaction: a login that held one connection
     * while this took a second one could, in a flood, leave every pooled connection waiting for another.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public long attempt(long accountId) {
        int taken = onAccountTable(entityManager.createNativeQuery("update account set "
                        + "failed_logins = least(failed_logins + 1, ?4), "
                        + "login_blocked_until = case when failed_logins + 1 > ?2 then now() + make_interval(secs => "
                        + "least(?3, power(2, least(failed_logins - ?2, ?5)))) else login_blocked_until end "
                        + "where id = ?1 and (login_blocked_until is null or login_blocked_until <= now())"))
                .setParameter(1, accountId).setParameter(2, FREE_FAILURES).setParameter(3, MAX_WAIT_SECONDS)
                .setParameter(4, MAX_COUNT).setParameter(5, MAX_EXPONENT)
                .executeUpdate();
        if (taken == 1) {
            return 0;
        }
        Object seconds = entityManager.createNativeQuery("select coalesce(ceil(extract(epoch from "
                        + "login_blocked_until - now())), 1) from account where id = ?1")
                .setParameter(1, accountId).getResultList().stream().findFirst().orElse(1);
        return Math.max(1, ((Number) seconds).longValue());
    }

    /** The right password: the count starts again. */
    public void succeeded(long accountId) {
        onAccountTable(entityManager.createNativeQuery("update account set failed_logins = 0, "
                        + "login_blocked_until = null where id = ?1"))
                .setParameter(1, accountId).executeUpdate();
    }

    /**
     * Tells Hibernate that the statement touches the account table only: a native update it knows nothing about
     * would otherwise empty the whole second-level cache (languages, tasks, contests) at every login.
     */
    private static Query onAccountTable(Query query) {
        query.unwrap(NativeQuery.class).addSynchronizedQuerySpace("account");
        return query;
    }
}
