package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
}
