package org.codearena.loadtest.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ArenaHttpClientTest {

    @Test
    void aConnectionClosedUnderneathIsToldFromOtherFailures() {
        assertThat(ArenaHttpClient.closedUnderneath(new CompletionException(new EOFException("closed")))).isTrue();
        assertThat(ArenaHttpClient.closedUnderneath(new CompletionException(new ClosedChannelException()))).isTrue();
        assertThat(ArenaHttpClient.closedUnderneath(new CompletionException(new SocketTimeoutException()))).isFalse();
        assertThat(ArenaHttpClient.closedUnderneath(new IllegalStateException("no"))).isFalse();
    }
}
