package org.codearena.matchmaker.infrastructure.deployment;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The first thing the application does: makes sure that the server gives it what server.xml promises (the two data
 * sources and the JMS connection factory). Liberty only warns when the driver or the resource adapter named in
 * server.xml is not where it says (CWWKL0012W, J2CA7014W), announces that it is ready and answers 404; this bean
 * says in one line what is missing and where it must be, and stops the application from starting. Looking a
 * resource up does not connect: a database or broker that is down is not a deployment error (readiness says so).
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ServerResourcesCheck {

    private static final Logger LOG = Logger.getLogger(ServerResourcesCheck.class.getName());

    @PostConstruct
    void check() {
        Path resources = ServerResources.folder(System.getProperty("server.config.dir"));
        // a set: both data sources need the same driver, said once
        Set<String> problems = new LinkedHashSet<>();
        for (ServerResources.Required required : ServerResources.REQUIRED) {
            try {
                new InitialContext().lookup(required.jndiName());
            } catch (NamingException | RuntimeException e) {
                problems.add(ServerResources.explain(required, resources, e));
            }
        }
        if (!problems.isEmpty()) {
            String message = "CodeArena cannot start: " + String.join(" ", problems)
                    + " Then restart the server (README: Deploying the EAR to an existing Liberty).";
            LOG.severe("event=deployment-incomplete " + message);
            throw new IllegalStateException(message);
        }
        LOG.info("event=server-resources-present resources=" + ServerResources.REQUIRED.size());
    }
}
