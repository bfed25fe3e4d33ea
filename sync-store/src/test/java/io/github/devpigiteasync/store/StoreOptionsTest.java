package io.github.devpigiteasync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.devpigiteasync.sync.config.Secret;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreOptionsTest {

  @Test
  void thePasswordNeverPrints() {
    StoreOptions o =
        StoreOptions.postgres(
            "jdbc:postgresql://db/sync",
            Optional.of("sync"),
            Optional.of(Secret.of("hunter2-pg")),
            90);

    assertThat(o.toString()).doesNotContain("hunter2-pg").contains("****");
  }

  @Test
  void aPostgresStoreNeedsAPostgresJdbcUrl() {
    assertThatThrownBy(
            () ->
                StoreOptions.postgres("postgres://db/sync", Optional.empty(), Optional.empty(), 90))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("url must be a jdbc:postgresql://host[:port]/database URL: postgres://db/sync");
  }

  @Test
  void historyDaysMustBePositive() {
    assertThatThrownBy(() -> StoreOptions.embedded(java.nio.file.Path.of("x"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("history_days must be at least 1: 0");
  }

  @Test
  void withTheStoreOffNothingIsRecordedAndReadsAreEmpty() throws Exception {
    try (HistoryStore store = HistoryStore.open(StoreOptions.none())) {
      RunRecorder run = store.startRun(Set.of(Trigger.ONE_OFF));
      run.fail("x");

      assertThat(store.enabled()).isFalse();
      assertThat(store.recentRuns(10)).isEmpty();
      assertThat(store.events(HistoryQuery.all()).items()).isEmpty();
      assertThat(store.health().status()).isEqualTo(StoreHealth.Status.OFF);
      assertThat(store.flush(java.time.Duration.ZERO)).isTrue();
    }
  }
}
