package dev.rewind.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.netty.channel.SelectStrategy;

/** An event loop polls (CONTINUE) only for a while after its last event, then sleeps in the selector (SELECT). */
class SpinThenSelectTest {
    @Test
    void pollsOnlyWithinTheWindowAfterAnEvent() throws Exception {
        SpinThenSelect strategy = new SpinThenSelect(50_000_000L); // 50 ms, long enough for a slow CI machine
        assertThat(strategy.calculateStrategy(() -> 0, false)).as("idle from the start: sleep")
                .isEqualTo(SelectStrategy.SELECT);
        assertThat(strategy.calculateStrategy(() -> 2, false)).as("ready sockets are handled").isEqualTo(2);
        assertThat(strategy.calculateStrategy(() -> 0, false)).as("just served: poll again")
                .isEqualTo(SelectStrategy.CONTINUE);
        assertThat(strategy.calculateStrategy(() -> 0, true)).as("tasks run at once").isEqualTo(0);
        Thread.sleep(80);
        assertThat(strategy.calculateStrategy(() -> 0, false)).as("window over: sleep")
                .isEqualTo(SelectStrategy.SELECT);
    }

    @Test
    void zeroNeverPolls() throws Exception {
        SpinThenSelect strategy = new SpinThenSelect(0);
        assertThat(strategy.calculateStrategy(() -> 1, false)).isEqualTo(1);
        assertThat(strategy.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.SELECT);
    }
}
