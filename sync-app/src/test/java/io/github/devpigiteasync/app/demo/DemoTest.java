package io.github.devpigiteasync.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.sync.FileResult.Outcome;
import io.github.devpigiteasync.sync.MappingReport;
import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The world of {@code --demo}: what a newcomer sees, and that it grows and cleans up after itself.
 */
class DemoTest {

  private static MappingReport sync(SyncEngine engine, SyncConfig config) {
    SyncReport report =
        engine.sync(config.select(List.of(), List.of()), SyncOptions.defaults(), SyncListener.NONE);
    assertThat(report.mappings()).hasSize(1);
    return report.mappings().get(0);
  }

  @Test
  void demoSyncsItsSamplesShowsSkipsWithReasonsGrowsAndLeavesNothingBehind() {
    Path dir;
    try (Demo demo = Demo.start()) {
      dir = demo.config().getParent();
      SyncConfig config = SyncConfig.load(demo.config());
      try (SyncEngine engine = SyncEngine.builder().config(config).build()) {

        MappingReport first = sync(engine, config);
        String released = demo.publishNextRelease();
        MappingReport second = sync(engine, config);

        assertThat(first.succeeded()).isTrue();
        assertThat(first.count(Outcome.UPLOADED)).isGreaterThanOrEqualTo(20);
        assertThat(first.files())
            .filteredOn(f -> f.outcome() == Outcome.SKIPPED)
            .extracting(f -> f.reason())
            .anySatisfy(r -> assertThat(r).contains("archived"))
            .anySatisfy(r -> assertThat(r).contains("exclude_packages"));
        assertThat(second.count(Outcome.UPLOADED)).as("the new release " + released).isPositive();
        assertThat(second.count(Outcome.PRESENT)).isEqualTo(first.count(Outcome.UPLOADED));
      }
    }
    assertThat(dir).doesNotExist();
  }
}
