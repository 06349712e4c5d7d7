package org.codearena.protocol;

/**
 * The broker's address as the Artemis core client takes it: one broker ({@code tcp://host:port?options}), or a
 * primary and its backup ({@code (tcp://primary,tcp://backup)?ha=true&options}), with which the client learns the
 * pair from the broker and fails over to the backup when the primary dies. The servers' direct sender and the
 * runner agents build theirs here, so that both name the pair the same way.
 */
public final class BrokerAddress {

    private BrokerAddress() {
    }

    /**
     * @param backup "host:port" of the backup, or null or blank for none (also when it names the primary itself)
     * @param options the client's URL options without the leading '?', e.g. "reconnectAttempts=-1"
     */
    public static String url(String host, int port, String backup, String options) {
        String primary = host + ":" + port;
        if (backup == null || backup.isBlank() || backup.strip().equals(primary)) {
            return "tcp://" + primary + "?" + options;
        }
        String other = backup.strip();
        if (!other.matches("[^:\\s,()?]+:\\d{1,5}")) {
            throw new IllegalArgumentException("the broker's backup must be host:port, not '" + backup + "'");
        }
        return "(tcp://" + primary + ",tcp://" + other + ")?ha=true&" + options;
    }
}
