package org.codearena.matchmaker.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This server's name among the servers that share one database and broker: in the matchmaker lease, and
 * on every cluster message. codearena.server.id when set, else host-pid-random (new at each start).
 */
@ApplicationScoped
public class ServerIdentity {

    @Inject
    @ConfigProperty(name = "codearena.server.id")
    Optional<String> configured;

    private String serverId;

    @PostConstruct
    void init() {
        serverId = configured.filter(id -> !id.isBlank()).map(String::strip).orElseGet(ServerIdentity::generated);
    }

    public String serverId() {
        return serverId;
    }

    private static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "server";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
