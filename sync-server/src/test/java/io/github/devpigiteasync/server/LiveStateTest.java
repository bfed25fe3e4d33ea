package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.devpigiteasync.server.StatusSnapshot.FileStatus;
import io.github.devpigiteasync.server.StatusSnapshot.MappingStatus;
import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.config.Redactor;
import io.github.devpigiteasync.sync.config.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LiveStateTest {
  private static final Secret TOKEN = Secret.of("tok-123456");
  private final LiveState state =
      new LiveState(
          Fixtures.MAPPINGS,
          Redactor.of(List.of(TOKEN)),
          Clock.fixed(Fixtures.T0, ZoneOffset.UTC),
          false);

  private MappingStatus status(String name) {
    return state.mappingStatuses(true).stream()
        .filter(m -> m.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void mappingsStartIdleInConfigOrder() {
    assertThat(state.mappingStatuses(false))
        .extracting(MappingStatus::name)
        .containsExactly("web", "tools", "other");
    assertThat(state.mappingStatuses(false))
        .allSatisfy(m -> assertThat(m.state()).isEqualTo("idle"));
    assertThat(state.failedOutOf()).containsExactly(0, 3);
  }

  @Test
  void aTargetedPassMarksOnlyItsMappingsPlanning() {
    state.passStarted(1, PassScope.of(Set.of("tools"), "api"));

    assertThat(status("tools").state()).isEqualTo("planning");
    assertThat(status("web").state()).isEqualTo("idle");
  }

  @Test
  void progressCountsOnlyTransfersNotSkippedOrPresentFiles() {
    PlannedFile wheel = Fixtures.upload("example", "1.0", "example-1.0-py3-none-any.whl", 4096);
    PlannedFile skipped =
        Fixtures.skip("example", "1.0", "example-1.0.exe", "not a wheel or sdist");
    MappingPlan plan = Fixtures.plan(Fixtures.WEB, wheel, skipped);
    state.passStarted(1, PassScope.all("startup"));
    state.mappingPlanned(plan);
    state.mappingStarted(plan);

    state.fileFinished(
        plan, Fixtures.skipped("example", "1.0", "example-1.0.exe", "not a wheel or sdist"));
    state.fileStarted(plan, wheel);
    state.fileFinished(
        plan, Fixtures.uploaded("example", "1.0", "example-1.0-py3-none-any.whl", 4096));

    assertThat(status("web").filesTotal()).isEqualTo(1);
    assertThat(status("web").filesDone()).isEqualTo(1);
  }

  @Test
  void listenerEventsShowPlannedPendingTransferringAndProgress() {
    PlannedFile wheel = Fixtures.upload("example", "1.0", "example-1.0-py3-none-any.whl", 4096);
    PlannedFile sdist = Fixtures.upload("example", "1.0", "example-1.0.tar.gz", 100);
    MappingPlan plan = Fixtures.plan(Fixtures.WEB, wheel, sdist);
    state.passStarted(1, PassScope.all("startup"));

    state.mappingPlanned(plan);
    state.mappingStarted(plan);
    state.fileStarted(plan, wheel);
    state.fileProgress(plan, wheel, SyncListener.Phase.UPLOAD, 1024);

    MappingStatus web = status("web");
    assertThat(web.state()).isEqualTo("syncing");
    assertThat(web.filesTotal()).isEqualTo(2);
    assertThat(web.filesDone()).isZero();
    assertThat(web.transfers())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.filename()).isEqualTo("example-1.0-py3-none-any.whl");
              assertThat(t.phase()).isEqualTo("upload");
              assertThat(t.bytesDone()).isEqualTo(1024);
              assertThat(t.size()).isEqualTo(4096);
            });
    assertThat(web.files())
        .extracting(FileStatus::filename, FileStatus::status)
        .containsExactly(
            tuple("example-1.0-py3-none-any.whl", "transferring"),
            tuple("example-1.0.tar.gz", "pending"));

    state.fileFinished(
        plan, Fixtures.uploaded("example", "1.0", "example-1.0-py3-none-any.whl", 4096));

    assertThat(status("web").filesDone()).isEqualTo(1);
    assertThat(status("web").transfers()).isEmpty();
  }

  @Test
  void dryRunShowsFilesToUploadAsPlanned() {
    LiveState dry = new LiveState(Fixtures.MAPPINGS, Redactor.none(), Clock.systemUTC(), true);

    dry.mappingPlanned(
        Fixtures.plan(Fixtures.WEB, Fixtures.upload("example", "1.0", "example-1.0.tar.gz", 10)));

    assertThat(dry.mappingStatuses(true).get(0).files())
        .extracting(FileStatus::status)
        .containsExactly("planned");
  }

  @Test
  void aPlanningErrorFailsTheMappingWithARedactedError() {
    state.passStarted(1, PassScope.all("startup"));

    state.mappingPlanned(
        new MappingPlan(
            "web",
            "acme",
            "acme/prod",
            "default",
            List.of(),
            Optional.of("401 with token " + TOKEN.reveal())));

    assertThat(status("web").state()).isEqualTo("failed");
    assertThat(status("web").lastError()).isEqualTo("401 with token ****");
    assertThat(state.failedOutOf()).containsExactly(1, 3);
  }

  @Test
  void passFinishedRecordsARunSummaryAndSettlesUnreportedMappings() {
    state.passStarted(7, PassScope.all("schedule"));

    state.passFinished(
        7,
        PassScope.all("schedule"),
        Fixtures.report(
            List.of(
                Fixtures.ok(Fixtures.WEB, Fixtures.uploaded("a", "1", "a-1.tar.gz", 10)),
                Fixtures.failed(Fixtures.TOOLS, "no " + TOKEN.reveal()))));

    StatusSnapshot.RunSummary run = state.runs().get(0);
    assertThat(run.id()).isEqualTo("7");
    assertThat(run.trigger()).isEqualTo("schedule");
    assertThat(run.mappings()).containsExactly("web", "tools");
    assertThat(run.succeeded()).isFalse();
    assertThat(run.uploaded()).isEqualTo(1);
    assertThat(run.bytes()).isEqualTo(10);
    assertThat(run.error()).isEqualTo("tools: no ****");
    assertThat(status("other").state())
        .as("not in the report: back to its last state")
        .isEqualTo("idle");
    assertThat(state.lastRun()).isEqualTo(Fixtures.T0);
  }

  @Test
  void runHistoryKeepsTheNewestFifty() {
    for (long id = 1; id <= LiveState.RUN_HISTORY + 5; id++) {
      state.passStarted(id, PassScope.all("schedule"));
      state.passFinished(
          id, PassScope.all("schedule"), Fixtures.report(List.of(Fixtures.ok(Fixtures.WEB))));
    }

    assertThat(state.runs()).hasSize(LiveState.RUN_HISTORY);
    assertThat(state.runs().get(0).id()).isEqualTo(Integer.toString(LiveState.RUN_HISTORY + 5));
  }

  @Test
  void reasonsOfFileResultsAreRedacted() {
    state.mappingFinished(
        Fixtures.ok(
            Fixtures.WEB,
            new FileResult(
                "a",
                "1",
                "a-1.tar.gz",
                FileResult.Outcome.FAILED,
                "GET ?token=" + TOKEN.reveal(),
                0,
                Duration.ZERO)));

    assertThat(status("web").files().get(0).reason()).isEqualTo("GET ?token=****");
    assertThat(status("web").lastError())
        .isEqualTo("1 file(s) failed; a-1.tar.gz: GET ?token=****");
  }

  @Test
  void readersDoNotWaitForAWriterInTheMiddleOfAnEvent() throws InterruptedException {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    LiveState live =
        new LiveState(Fixtures.MAPPINGS, Redactor.none(), new StuckClock(inside, release), false);
    Thread writer = new Thread(() -> live.passStarted(1, PassScope.all("startup")));
    writer.start();
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

    try {
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () -> {
            assertThat(live.mappingStatuses(false))
                .allSatisfy(m -> assertThat(m.state()).isEqualTo("idle"));
            assertThat(live.runs()).isEmpty();
            assertThat(live.failedOutOf()).containsExactly(0, 3);
            assertThat(live.lastRun()).isNull();
          },
          "a reader waited for the writer's monitor");
    } finally {
      release.countDown();
      writer.join(30_000);
    }

    assertThat(live.mappingStatuses(false))
        .allSatisfy(m -> assertThat(m.state()).isEqualTo("planning"));
  }

  @Test
  void fileListsAreSharedBetweenReadsUntilAFileChanges() {
    PlannedFile wheel = Fixtures.upload("example", "1.0", "example-1.0-py3-none-any.whl", 4096);
    MappingPlan plan = Fixtures.plan(Fixtures.WEB, wheel);
    state.mappingPlanned(plan);

    List<FileStatus> first = status("web").files();
    List<FileStatus> second = status("web").files();
    state.fileStarted(plan, wheel);
    List<FileStatus> third = status("web").files();

    assertThat(second).isSameAs(first);
    assertThat(third).isNotSameAs(first);
    assertThat(third).extracting(FileStatus::status).containsExactly("transferring");
  }

  @Test
  void resultsForFilesOutsideThePlanJoinTheFileListInOrder() {
    PlannedFile b = Fixtures.upload("b", "1", "b-1.tar.gz", 10);
    MappingPlan plan = Fixtures.plan(Fixtures.WEB, b);
    state.mappingPlanned(plan);

    state.mappingFinished(
        Fixtures.ok(
            Fixtures.WEB,
            Fixtures.uploaded("b", "1", "b-1.tar.gz", 10),
            Fixtures.uploaded("a", "1", "a-1.tar.gz", 20),
            Fixtures.uploaded("c", "1", "c-1.tar.gz", 30)));

    assertThat(status("web").files())
        .extracting(FileStatus::filename, FileStatus::status)
        .containsExactly(
            tuple("a-1.tar.gz", "uploaded"),
            tuple("b-1.tar.gz", "uploaded"),
            tuple("c-1.tar.gz", "uploaded"));
    assertThat(status("web").fileCount()).isEqualTo(3);
    assertThat(state.mappingStatuses(false).get(0).fileCount()).isEqualTo(3);
  }

  /** A clock whose first reading blocks until released: a writer stuck under the monitor. */
  private static final class StuckClock extends Clock {
    private final CountDownLatch inside;
    private final CountDownLatch release;

    StuckClock(CountDownLatch inside, CountDownLatch release) {
      this.inside = inside;
      this.release = release;
    }

    @Override
    public Instant instant() {
      inside.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Fixtures.T0;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
