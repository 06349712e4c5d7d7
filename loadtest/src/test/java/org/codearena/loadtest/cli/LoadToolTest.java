package org.codearena.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class LoadToolTest {

    @Test
    void aFailureWithoutMessageIsNamedByItsKindAndItsCausesFollow() {
        Throwable failure = new CompletionException(new IllegalStateException("could not make a thread",
                new NullPointerException()));
        assertThat(LoadTool.describe(failure))
                .isEqualTo("could not make a thread; caused by: NullPointerException");
    }

    @Test
    void errorsGoToTheWriterTheCallerGives() {
        StringWriter err = new StringWriter();
        int exit = LoadTool.execute(new PrintWriter(err, true), "forum", "--url", "http://127.0.0.1:9/");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("error: --admin-token (or CODEARENA_ADMIN_TOKEN) is required");
    }
}
