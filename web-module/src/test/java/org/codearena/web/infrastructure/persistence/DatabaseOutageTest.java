package org.codearena.web.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ejb.EJBException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

    @Test
    void theDriversWordsForAnUnreachableDatabaseAreAnOutage() {
        assertThat(DatabaseOutage.saysUnreachable(new EJBException("x",
                new RuntimeException(new SQLException("FATAL: the database system is starting up", "57P03"))))).isTrue();
        assertThat(DatabaseOutage.saysUnreachable(new SQLException("An I/O error occurred while sending to the backend.")))
                .isTrue();
        assertThat(DatabaseOutage.saysUnreachable(new SQLRecoverableException("DSRA9110E: Connection is closed."))).isTrue();
        assertThat(DatabaseOutage.saysUnreachable(new RuntimeException(new XAException(XAException.XAER_RMFAIL)))).isTrue();
        assertThat(DatabaseOutage.saysUnreachable(new SQLException("duplicate key value", "23505"))).isFalse();
    }

    @Test
    void aRollbackThatSaysNothingMoreIsAnOutageOnlyRightAfterOneWasSeen() throws Exception {
        Exception silentRollback = new EJBException("transaction rolled back",
                new jakarta.transaction.RollbackException("rolled back"));
        Exception bug = new EJBException(new NullPointerException());
        // a bug is never an outage
        assertThat(DatabaseOutage.causedBy(bug)).isFalse();
        assertThat(DatabaseOutage.dataLayerFailure(silentRollback)).isTrue();
        assertThat(DatabaseOutage.causedBy(new SQLException("refused", "08001"))).isTrue();
        assertThat(DatabaseOutage.causedBy(silentRollback)).as("just after an outage was seen").isTrue();
        assertThat(DatabaseOutage.causedBy(bug)).isFalse();
    }
}
