package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.server.Fixtures.RecordingPass;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.config.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook debouncing, with a timer whose tasks the test runs by hand. */
class TriggersTest {
  private static final Duration DEBOUNCE = Duration.ofSeconds(5);

  /** Records scheduled tasks and their delays instead of running them. */
  static final class ManualTimer extends ScheduledThreadPoolExecutor {
    final List<Runnable> tasks = new CopyOnWriteArrayList<>();
    final List<Long> delaysMillis = new CopyOnWriteArrayList<>();

    ManualTimer() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      tasks.add(command);
      delaysMillis.add(unit.toMillis(delay));
      return super.schedule(() -> {}, 1, TimeUnit.DAYS);
    }

    void runAll() {
      List<Runnable> due = List.copyOf(tasks);
      tasks.clear();
      due.forEach(Runnable::run);
    }
  }

  private final ScheduledExecutorService passThread = Executors.newSingleThreadScheduledExecutor();
  private final ManualTimer timer = new ManualTimer();
  private final RecordingPass pass = new RecordingPass();
  private final SchedulerTest.RecordingObserver observer = new SchedulerTest.RecordingObserver();
  private Scheduler scheduler;
  private Triggers triggers;

  @BeforeEach
  void setUp() {
    Clock clock = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);
    LiveState state = new LiveState(Fixtures.MAPPINGS, Redactor.none(), clock, false);
    scheduler =
        new Scheduler(pass, SyncListener.NONE, observer, Duration.ofHours(1), clock, passThread);
    triggers = new Triggers(scheduler, state, DEBOUNCE, timer);
    scheduler.start();
    Fixtures.await(() -> observer.ended() == 1);
  }

  @AfterEach
  void tearDown() {
    scheduler.stop(Duration.ofSeconds(5));
    timer.shutdownNow();
  }

  @Test
  void webhookEventSchedulesItsOrganizationsMappingsAfterTheDebounce() {
    List<String> names = triggers.webhookEvent("acme");

    assertThat(names).containsExactly("web", "tools");
    assertThat(timer.delaysMillis).containsExactly(DEBOUNCE.toMillis());
    assertThat(pass.calls).hasSize(1);

    timer.runAll();
    Fixtures.await(() -> observer.ended() == 2);

    assertThat(pass.calls).containsExactly(Set.of(), Set.of("web", "tools"));
    assertThat(observer.finishedScopes.get(1).triggerText()).isEqualTo("webhook");
  }

  @Test
  void eventsWithinTheDebounceJoinOnePass() {
    triggers.webhookEvent("acme");
    triggers.webhookEvent("ACME");
    triggers.webhookEvent("beta");

    assertThat(timer.delaysMillis).hasSize(1);
    timer.runAll();
    Fixtures.await(() -> observer.ended() == 2);

    assertThat(pass.calls).containsExactly(Set.of(), Set.of("web", "tools", "other"));
  }

  @Test
  void anEventAfterTheFlushStartsANewDebounce() {
    triggers.webhookEvent("acme");
    timer.runAll();
    Fixtures.await(() -> observer.ended() == 2);

    triggers.webhookEvent("beta");
    timer.runAll();
    Fixtures.await(() -> observer.ended() == 3);

    assertThat(timer.delaysMillis).hasSize(2);
    assertThat(pass.calls).containsExactly(Set.of(), Set.of("web", "tools"), Set.of("other"));
  }

  @Test
  void anUnmappedOrganizationSchedulesNothing() {
    List<String> names = triggers.webhookEvent("nobody");

    assertThat(names).isEmpty();
    assertThat(timer.tasks).isEmpty();
  }

  @Test
  void apiRequestsGoStraightToTheScheduler() {
    Scheduler.Outcome outcome = triggers.request(PassScope.of(Set.of("other"), "api"));
    Fixtures.await(() -> observer.ended() == 2);

    assertThat(outcome).isEqualTo(Scheduler.Outcome.STARTED);
    assertThat(pass.calls).containsExactly(Set.of(), Set.of("other"));
    assertThat(triggers.hasMapping("other")).isTrue();
    assertThat(triggers.hasMapping("nosuch")).isFalse();
  }
}
