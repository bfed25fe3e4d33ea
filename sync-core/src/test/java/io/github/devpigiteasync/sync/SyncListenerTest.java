package io.github.devpigiteasync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncListenerTest {
  private static final MappingPlan PLAN =
      new MappingPlan(
          "web", "acme", "ci/web", "default", List.of(), Optional.empty(), Duration.ZERO);

  private static SyncListener recording(String name, List<String> events) {
    return new SyncListener() {
      @Override
      public void mappingPlanned(MappingPlan plan) {
        events.add(name + " planned " + plan.mapping());
      }

      @Override
      public void mappingStarted(MappingPlan plan) {
        events.add(name + " started " + plan.mapping());
      }
    };
  }

  @Test
  void andThenSendsEveryEventToBothListenersInOrder() {
    List<String> events = new ArrayList<>();
    SyncListener both = recording("terminal", events).andThen(recording("history", events));

    both.mappingPlanned(PLAN);
    both.mappingStarted(PLAN);

    assertThat(events)
        .containsExactly(
            "terminal planned web",
            "history planned web",
            "terminal started web",
            "history started web");
  }
}
