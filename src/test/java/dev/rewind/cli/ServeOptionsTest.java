package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** A bad serve option is a one-line usage error (exit 2), never a stack trace. */
class ServeOptionsTest {
    @Test
    void negativeIdlePoll_isAUsageError() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new Main()).setErr(new PrintWriter(err))
                .execute("serve", "--in-memory", "--port", "0", "--idle-poll-micros", "-1");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("--idle-poll-micros must be 0 or more, not -1")
                .doesNotContain("Exception");
    }
}
