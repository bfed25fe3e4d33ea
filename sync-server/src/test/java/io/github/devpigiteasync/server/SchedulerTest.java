package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.devpigiteasync.server.Fixtures.RecordingPass;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private static final Duration LONG = Duration.ofHours(1);
  private static final Clock CLOCK = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);

  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final RecordingObserver observer = new RecordingObserver();
  private final RecordingPass recording = new RecordingPass();
  private Scheduler scheduler;

  @AfterEach
  void stopScheduler() {
    if (scheduler != null) {
      scheduler.stop(Duration.ofSeconds(5));
    }
    executor.shutdownNow();
  }

  /** Records every pass event in order. */
  static final class RecordingObserver implements PassObserver {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<PassScope> finishedScopes = new CopyOnWriteArrayList<>();
    final List<RuntimeException> errors = new CopyOnWriteArrayList<>();

    @Override
    public void passStarted(long id, PassScope scope) {
      events.add("started " + id);
    }

    @Override
    public void passFinished(long id, PassScope scope, SyncReport report) {
      finishedScopes.add(scope);
      events.add("finished " + id);
    }

    @Override
    public void passFailed(long id, PassScope scope, RuntimeException error) {
      finishedScopes.add(scope);
      errors.add(error);
      events.add("failed " + id);
    }

    int ended() {
      return finishedScopes.size();
    }
  }

  /** A pass whose n-th call (1-based) blocks until released. */
  static final class BlockingPass implements Pass {
    final RecordingPass recording;
    final int blockOn;
    final CountDownLatch running = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicBoolean interrupted = new AtomicBoolean();

    BlockingPass(RecordingPass recording, int blockOn) {
      this.recording = recording;
      this.blockOn = blockOn;
    }

    @Override
    public SyncReport run(Set<String> mappings, SyncListener listener) {
      SyncReport report = recording.run(mappings, listener);
      if (recording.calls.size() == blockOn) {
        running.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          interrupted.set(true);
          Thread.currentThread().interrupt();
          throw new IllegalStateException("pass interrupted", e);
        }
      }
      return report;
    }

    void awaitRunning() throws InterruptedException {
      assertThat(running.await(10, TimeUnit.SECONDS)).as("pass started").isTrue();
    }
  }

  private Scheduler scheduler(Pass pass, Duration interval) {
    scheduler = new Scheduler(pass, SyncListener.NONE, observer, interval, CLOCK, executor);
    return scheduler;
  }

  /** Waits until every task submitted to the single pass thread so far has run. */
  private void drain() throws Exception {
    executor.submit(() -> {}).get(10, TimeUnit.SECONDS);
  }

  @Test
  void startRunsAFullPassRightAway() throws Exception {
    Scheduler s = scheduler(recording, LONG);

    s.start();
    Fixtures.await(() -> observer.ended() == 1);

    assertThat(recording.calls).containsExactly(Set.of());
    assertThat(observer.events).containsExactly("started 1", "finished 1");
    assertThat(observer.finishedScopes.get(0).triggerText()).isEqualTo("startup");
    assertThat(s.running()).isTrue();
    assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void requestBeforeStartOrAfterStopIsRejected() {
    Scheduler s = scheduler(recording, LONG);

    assertThat(s.request(PassScope.all("api"))).isEqualTo(Scheduler.Outcome.REJECTED);
    s.start();
    s.stop(Duration.ofSeconds(5));

    assertThat(s.request(PassScope.all("api"))).isEqualTo(Scheduler.Outcome.REJECTED);
    assertThat(s.running()).isFalse();
    assertThat(s.nextRun()).isEmpty();
  }

  @Test
  void overlappingTriggersCoalesceIntoExactlyOneMorePass() throws Exception {
    BlockingPass pass = new BlockingPass(recording, 1);
    Scheduler s = scheduler(pass, LONG);
    s.start();
    pass.awaitRunning();

    Scheduler.Outcome first = s.request(PassScope.all("api"));
    Scheduler.Outcome second = s.request(PassScope.all("webhook"));
    Scheduler.Outcome third = s.request(PassScope.all("api"));
    pass.release.countDown();
    Fixtures.await(() -> observer.ended() == 2);
    drain();

    assertThat(List.of(first, second, third))
        .containsExactly(
            Scheduler.Outcome.QUEUED, Scheduler.Outcome.MERGED, Scheduler.Outcome.MERGED);
    assertThat(recording.calls).hasSize(2);
    assertThat(observer.finishedScopes.get(1).triggerText()).isEqualTo("api,webhook");
    assertThat(s.passInProgress()).isFalse();
  }

  @Test
  void targetedRequestsDuringAPassMergeTheirMappings() throws Exception {
    BlockingPass pass = new BlockingPass(recording, 1);
    Scheduler s = scheduler(pass, LONG);
    s.start();
    pass.awaitRunning();

    s.request(PassScope.of(Set.of("web"), "webhook"));
    s.request(PassScope.of(Set.of("other"), "api"));
    pass.release.countDown();
    Fixtures.await(() -> observer.ended() == 2);
    drain();

    assertThat(recording.calls).containsExactly(Set.of(), Set.of("web", "other"));
  }

  @Test
  void aFullRequestAbsorbsQueuedTargetedOnes() throws Exception {
    BlockingPass pass = new BlockingPass(recording, 1);
    Scheduler s = scheduler(pass, LONG);
    s.start();
    pass.awaitRunning();

    s.request(PassScope.of(Set.of("web"), "webhook"));
    s.request(PassScope.all("api"));
    s.request(PassScope.of(Set.of("tools"), "webhook"));
    pass.release.countDown();
    Fixtures.await(() -> observer.ended() == 2);
    drain();

    assertThat(recording.calls).containsExactly(Set.of(), Set.of());
  }

  @Test
  void passesNeverOverlap() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    Pass pass =
        (mappings, listener) -> {
          maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inside.decrementAndGet();
          return recording.run(mappings, listener);
        };
    Scheduler s = scheduler(pass, Duration.ofMillis(5));
    s.start();
    ExecutorService clients = Executors.newFixedThreadPool(3);
    try {
      for (int c = 0; c < 3; c++) {
        String mapping = Fixtures.MAPPINGS.get(c).name();
        clients.execute(
            () -> {
              for (int i = 0; i < 200 && recording.calls.size() < 40; i++) {
                s.request(
                    i % 2 == 0 ? PassScope.all("api") : PassScope.of(Set.of(mapping), "webhook"));
                Thread.onSpinWait();
              }
            });
      }

      Fixtures.await(() -> recording.calls.size() >= 40);
    } finally {
      clients.shutdownNow();
    }

    assertThat(maxInside.get()).isEqualTo(1);
  }

  @Test
  void aPassThatThrowsIsRecordedAndTheScheduleContinues() {
    AtomicInteger calls = new AtomicInteger();
    Pass pass =
        (mappings, listener) -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("gitea exploded");
          }
          return recording.run(mappings, listener);
        };
    Scheduler s = scheduler(pass, Duration.ofMillis(50));

    s.start();
    Fixtures.await(() -> observer.ended() >= 2);

    assertThat(observer.events.subList(0, 4))
        .containsExactly("started 1", "failed 1", "started 2", "finished 2");
    assertThat(observer.errors.get(0)).hasMessage("gitea exploded");
    assertThat(observer.finishedScopes.get(1).triggerText()).isEqualTo("schedule");
  }

  @Test
  void aPassThatThrowsAnErrorIsRecordedAsFailedToo() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Pass pass =
        (mappings, listener) -> {
          if (calls.incrementAndGet() == 1) {
            throw new AssertionError("engine bug");
          }
          return recording.run(mappings, listener);
        };
    Scheduler s = scheduler(pass, LONG);

    s.start();
    Fixtures.await(() -> observer.ended() == 1);
    s.request(PassScope.all("api"));
    Fixtures.await(() -> observer.ended() == 2);

    assertThat(observer.events).containsExactly("started 1", "failed 1", "started 2", "finished 2");
    assertThat(observer.errors.get(0)).hasMessageContaining("engine bug");
    assertThat(s.nextRun()).hasValue(Fixtures.T0.plus(LONG));
  }

  @Test
  void anObserverThatThrowsDoesNotStopTheSchedule() {
    PassObserver broken =
        PassObserver.of(
            new PassObserver() {
              @Override
              public void passStarted(long id, PassScope scope) {
                throw new IllegalStateException("observer bug");
              }

              @Override
              public void passFinished(long id, PassScope scope, SyncReport report) {
                throw new IllegalStateException("observer bug");
              }

              @Override
              public void passFailed(long id, PassScope scope, RuntimeException error) {}
            });
    scheduler = new Scheduler(recording, SyncListener.NONE, broken, LONG, CLOCK, executor);

    scheduler.start();
    Fixtures.await(() -> recording.calls.size() == 1 && !scheduler.passInProgress());
    scheduler.request(PassScope.all("api"));

    Fixtures.await(() -> recording.calls.size() == 2);
  }

  @Test
  void nextRunIsOneIntervalAfterAFullPassAndAbsentWhileItRuns() throws Exception {
    BlockingPass pass = new BlockingPass(recording, 2);
    Scheduler s = scheduler(pass, LONG);
    s.start();
    Fixtures.await(() -> observer.ended() == 1);

    Optional<Instant> afterStartup = s.nextRun();
    s.request(PassScope.all("api"));
    pass.awaitRunning();
    Optional<Instant> during = s.nextRun();
    boolean inProgress = s.passInProgress();
    pass.release.countDown();
    Fixtures.await(() -> observer.ended() == 2);

    assertThat(afterStartup).hasValue(Fixtures.T0.plus(LONG));
    assertThat(during).isEmpty();
    assertThat(inProgress).isTrue();
    assertThat(s.nextRun()).hasValue(Fixtures.T0.plus(LONG));
  }

  @Test
  void aTargetedPassKeepsTheScheduledFullPass() throws Exception {
    Scheduler s = scheduler(recording, Duration.ofMillis(300));
    s.start();
    Fixtures.await(() -> observer.ended() == 1);

    s.request(PassScope.of(Set.of("web"), "webhook"));
    Fixtures.await(() -> observer.ended() == 2);
    Optional<Instant> afterTargeted = s.nextRun();
    Fixtures.await(() -> observer.ended() == 3);

    assertThat(afterTargeted).hasValue(Fixtures.T0.plusMillis(300));
    assertThat(recording.calls.subList(0, 3)).containsExactly(Set.of(), Set.of("web"), Set.of());
    assertThat(observer.finishedScopes.get(2).triggerText()).isEqualTo("schedule");
  }

  @Test
  void stopInterruptsARunningPassWithinTheGracePeriod() throws Exception {
    BlockingPass pass = new BlockingPass(recording, 1);
    Scheduler s = scheduler(pass, LONG);
    s.start();
    pass.awaitRunning();

    long before = System.nanoTime();
    boolean clean = s.stop(Duration.ofSeconds(5));
    long took = System.nanoTime() - before;

    assertThat(clean).isTrue();
    assertThat(pass.interrupted).isTrue();
    assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(5));
    assertThat(s.passInProgress()).isFalse();
    assertThat(observer.events).containsExactly("started 1", "failed 1");
  }

  @Test
  void stopGivesUpAfterTheGracePeriodWhenThePassIgnoresInterruption() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    AtomicBoolean release = new AtomicBoolean();
    Pass stubborn =
        (mappings, listener) -> {
          running.countDown();
          while (!release.get()) {
            Thread.onSpinWait();
          }
          return recording.run(mappings, listener);
        };
    Scheduler s = scheduler(stubborn, LONG);
    s.start();
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    long before = System.nanoTime();
    boolean clean = s.stop(Duration.ofMillis(200));
    long took = System.nanoTime() - before;
    release.set(true);

    assertThat(clean).isFalse();
    assertThat(Duration.ofNanos(took))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200))
        .isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void stopDropsTheQueuedPass() throws Exception {
    BlockingPass pass = new BlockingPass(recording, 1);
    Scheduler s = scheduler(pass, LONG);
    s.start();
    pass.awaitRunning();
    s.request(PassScope.all("api"));

    s.stop(Duration.ofSeconds(5));

    assertThat(recording.calls).hasSize(1);
  }

  @Test
  void intervalMustBePositive() {
    assertThatThrownBy(
            () ->
                new Scheduler(
                    recording, SyncListener.NONE, observer, Duration.ZERO, CLOCK, executor))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
