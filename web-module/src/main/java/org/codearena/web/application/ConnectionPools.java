package org.codearena.web.application;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The server's connection pools as Liberty's ConnectionPoolStats MXBeans count them (the database, the replica,
 * the broker): connections held, free and in use, and the pool's bound (maxPoolSize).
 */
public final class ConnectionPools {

    private static final Logger LOG = Logger.getLogger(ConnectionPools.class.getName());

    /** One pool: what Liberty counts (ManagedConnectionCount, FreeConnectionCount, ...), in use, and its bound. */
    public record Pool(String name, Long inUse, Long free, Long managed, Long maxSize, Map<String, Number> counts) {
    }

    private ConnectionPools() {
    }

    public static List<Pool> now() {
        List<Pool> pools = new ArrayList<>();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName name : server.queryNames(new ObjectName("WebSphere:type=ConnectionPoolStats,*"), null)) {
                Map<String, Number> counts = new TreeMap<>();
                for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                    try {
                        Object value = server.getAttribute(name, attribute.getName());
                        if (value instanceof Number number) {
                            counts.put(attribute.getName(), number);
                        }
                    } catch (Exception unreadable) {
                        // an attribute that cannot be read now is left out
                    }
                }
                String pool = name.getKeyProperty("name");
                Long managed = longOf(counts.get("ManagedConnectionCount"));
                Long free = longOf(counts.get("FreeConnectionCount"));
                Long max = longOf(counts.get("MaxConnectionsLimit"));
                pools.add(new Pool(pool, managed == null || free == null ? null : managed - free, free, managed, max,
                        counts));
            }
        } catch (Exception e) {
            LOG.fine(() -> "event=connection-pools-unreadable error=" + e);
        }
        pools.sort(java.util.Comparator.comparing(Pool::name));
        return pools;
    }

    private static Long longOf(Number number) {
        return number == null ? null : number.longValue();
    }
}
