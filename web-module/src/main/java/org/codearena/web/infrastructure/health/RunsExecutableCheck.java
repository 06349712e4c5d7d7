package org.codearena.web.infrastructure.health;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.application.MatchmakerSnapshot;
import org.codearena.web.application.LanguageCatalog;
import org.codearena.web.infrastructure.persistence.DatabaseOutage;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once runs can be accepted (the database answers) and executed (a runner agent is registered). */
@Readiness
@ApplicationScoped
public class RunsExecutableCheck implements HealthCheck {

    @EJB
    private Matchmaker matchmaker;

    @EJB
    private LanguageCatalog languages;

    @Override
    public HealthCheckResponse call() {
        try {
            int languageCount = languages.all().size();
            MatchmakerSnapshot snapshot = matchmaker.snapshot();
            return HealthCheckResponse.named("runs")
                    .status(languageCount > 0 && !snapshot.runners().isEmpty())
                    .withData("languages", languageCount)
                    .withData("runners", snapshot.runners().size())
                    .build();
        } catch (RuntimeException e) {
            // said in words: the exception's message names classes and hosts
            return HealthCheckResponse.named("runs").down().withData("error", DatabaseOutage.causedBy(e)
                    ? "the database cannot be reached" : "runs cannot be accepted; see the server log").build();
        }
    }
}
