package dev.opsctl.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.config.Environment;
import dev.opsctl.lock.DownSlots;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet-wide reboot limit in a real PostgreSQL: each journal connection stands for one runner (its own session),
 * as each {@code opsctl reboot --shard} process has.
 */
class PgDownSlotsIT {
    private static PostgresServer postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stop() {
        if (postgres != null) postgres.close();
    }

    private static Journal runner() throws Exception {
        return Journal.open(JournalLocation.parse(postgres.url(), Environment.current()));
    }

    @Test
    void runnersShareTheSlotsAndAnEndedSessionFreesItsOwn() throws Exception {
        try (Journal a = runner(); Journal b = runner()) {
            DownSlots first = new PgDownSlots(a, "reboot web", 2);
            DownSlots second = new PgDownSlots(b, "reboot web", 2);
            assertThat(first.tryTake("h1")).isTrue();
            assertThat(second.tryTake("h2")).isTrue();
            assertThat(first.tryTake("h3")).as("both slots are taken, one by each runner").isFalse();
            assertThat(second.tryTake("h3")).isFalse();
            assertThat(new PgDownSlots(b, "reboot db", 2).tryTake("h9")).as("another pattern counts on its own").isTrue();

            first.release("h1");
            assertThat(second.tryTake("h3")).as("a released slot goes to whoever asks").isTrue();
            assertThat(first.tryTake("h4")).isFalse();

            b.close();
            // PostgreSQL frees a session's advisory locks when its backend exits, a moment after the client hung up.
            long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            boolean freed = first.tryTake("h4");
            while (!freed && System.nanoTime() < giveUp) {
                Thread.sleep(50);
                freed = first.tryTake("h4");
            }
            assertThat(freed).as("the ended session's slots are free").isTrue();
            assertThat(first.tryTake("h5")).isTrue();
            assertThat(first.tryTake("h6")).isFalse();
        }
    }

    @Test
    void oneRunnerNeverCountsItsOwnSlotTwice() throws Exception {
        try (Journal a = runner()) {
            DownSlots slots = new PgDownSlots(a, "reboot all", 2);
            assertThat(slots.tryTake("h1")).isTrue();
            assertThat(slots.tryTake("h1")).as("the host already has its slot").isTrue();
            assertThat(slots.tryTake("h2")).isTrue();
            // PostgreSQL lets a session take an advisory lock it holds again: the third host must still wait.
            assertThat(slots.tryTake("h3")).isFalse();
            slots.release("h2");
            assertThat(slots.tryTake("h3")).isTrue();
        }
    }

    @Test
    void aLostDatabaseStopsTheRunnerInsteadOfLettingItGuess() throws Exception {
        Journal a = runner();
        DownSlots slots = new PgDownSlots(a, "reboot lost", 1);
        a.close();
        assertThatThrownBy(() -> slots.tryTake("h1")).isInstanceOf(DownSlots.Unavailable.class)
                .hasMessageContaining("the fleet-wide reboot limit in the journal cannot be read");
    }
}
