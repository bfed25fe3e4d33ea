package io.github.devpigiteasync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.sync.FileResult.Outcome;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.Dist;
import io.github.devpigiteasync.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code transfer_mode = streaming} (the default) end to end against the simulators: one pass per
 * file, and whatever goes wrong before the form fields are sent leaves nothing in devpi.
 */
class StreamingTransferTest {
  private static final String UPLOADS = "^/ci/prod/$";
  private static final String DOWNLOADS = "/pypi/files/";
  private static final long MIB = 1 << 20;

  @TempDir Path dir;
  SimHarness sim;

  @BeforeEach
  void start() {
    sim = new SimHarness(dir);
  }

  @AfterEach
  void stop() throws InterruptedException {
    assertThat(sim.devpi.awaitIdle(Duration.ofSeconds(30))).isTrue();
    assertThat(sim.stagedFiles()).as("staged files left behind").isEmpty();
    sim.close();
  }

  private Dist big(String name, long padding) {
    Dist d = sim.dists.wheel(name, "1.0").padding(padding).build();
    sim.gitea.publish("acme", d);
    return d;
  }

  private static FileResult file(SyncReport report, String filename) {
    return report.mappings().get(0).files().stream()
        .filter(f -> f.filename().equals(filename))
        .findFirst()
        .orElseThrow();
  }

  private List<RecordedRequest> uploads() {
    return sim.devpi.requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().equals("/ci/prod/"))
        .toList();
  }

  @Test
  void eachFileTravelsInOneChunkedUploadWithOneDownload() {
    Dist wheel = sim.wheel("foo", "1.0");

    SyncReport report = sim.sync(sim.config("ci/prod"));

    assertThat(file(report, wheel.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
    assertThat(file(report, wheel.filename()).bytes()).isEqualTo(wheel.size());
    assertThat(sim.devpi.file("ci/prod", wheel.filename()).orElseThrow().sha256())
        .isEqualTo(wheel.sha256());
    assertThat(sim.devpi.file("ci/prod", wheel.filename()).orElseThrow().metadata())
        .containsEntry("requires_python", List.of(">=3.9"));
    assertThat(sim.gitea.requestCount("GET", DOWNLOADS)).isEqualTo(1);
    assertThat(uploads()).hasSize(1);
    assertThat(uploads().get(0).header("Transfer-Encoding")).contains("chunked");
  }

  @Test
  void stagedModeUploadsFromDiskWithAKnownLength() {
    Dist wheel = sim.wheel("foo", "1.0");
    SyncConfig config =
        sim.parse(sim.head("transfer_mode = staged") + "[mapping:acme]\nindex = ci/prod\n");

    SyncReport report = sim.sync(config);

    assertThat(file(report, wheel.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
    assertThat(sim.devpi.file("ci/prod", wheel.filename()).orElseThrow().sha256())
        .isEqualTo(wheel.sha256());
    assertThat(uploads()).hasSize(1);
    assertThat(uploads().get(0).header("Content-Length")).isPresent();
    assertThat(uploads().get(0).header("Transfer-Encoding")).isEmpty();
  }

  @Test
  void aWheelCorruptedInTheMiddleIsAbortedNamingBothHashesAndTheOthersAreUploaded() {
    Dist corrupt = big("corrupt", 16 * MIB);
    Dist fine = sim.wheel("fine", "1.0");
    sim.gitea.faults().corruptNextDownload("/corrupt/");

    SyncReport report = sim.sync(sim.config("ci/prod"));

    FileResult result = file(report, corrupt.filename());
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.reason())
        .contains("sha256 mismatch", corrupt.sha256(), "hash to ", "not uploaded");
    assertThat(result.reason().replace(corrupt.sha256(), "")).containsPattern("[0-9a-f]{64}");
    assertThat(sim.devpi.file("ci/prod", corrupt.filename())).isEmpty();
    assertThat(file(report, fine.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
    assertThat(report.succeeded()).as("a failed file fails the pass (exit code 1)").isFalse();
    // the corrupt file did reach devpi as a stream, which was aborted before its end
    assertThat(uploads()).hasSize(2);
  }

  @Test
  void aDownloadCutOffHalfwayEveryTimeStoresNothing() {
    Dist wheel = big("cut", 4 * MIB);
    sim.gitea.faults().dropConnectionMidBody(DOWNLOADS, 3);

    SyncReport report = sim.sync(sim.config("ci/prod"));

    FileResult result = file(report, wheel.filename());
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.reason()).startsWith("download failed:");
    assertThat(sim.devpi.files("ci/prod")).isEmpty();
    assertThat(sim.gitea.requestCount("GET", DOWNLOADS)).as("the retry policy's 3").isEqualTo(3);
  }

  @Test
  void aDownloadCutOffHalfwayOnceIsRetriedAndStoresTheExactFile() {
    Dist wheel = big("cut", 4 * MIB);
    sim.gitea.faults().dropConnectionMidBody(DOWNLOADS, 1);

    SyncReport report = sim.sync(sim.config("ci/prod"));

    assertThat(file(report, wheel.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
    assertThat(sim.devpi.file("ci/prod", wheel.filename()).orElseThrow().sha256())
        .isEqualTo(wheel.sha256());
    assertThat(sim.devpi.file("ci/prod", wheel.filename()).orElseThrow().size())
        .isEqualTo(wheel.size());
    assertThat(sim.gitea.requestCount("GET", DOWNLOADS)).isEqualTo(2);
  }

  @Test
  void metadataNamingAnotherProjectAbortsTheStreamAndStoresNothing() throws Exception {
    Dist bar = sim.dists.wheel("bar", "1.0").padding(2 * MIB).build();
    Path renamed = Files.copy(bar.path(), dir.resolve("foo-1.0-py3-none-any.whl"));
    Dist disguised =
        new Dist("foo-1.0-py3-none-any.whl", renamed, bar.size(), bar.sha256(), "foo", "1.0", "");
    sim.gitea.publish("acme", disguised);

    SyncReport report = sim.sync(sim.config("ci/prod"));

    FileResult result = file(report, disguised.filename());
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.reason()).contains("metadata Name 'bar'", "'foo'", "not uploaded");
    assertThat(uploads()).as("streamed, then aborted").hasSize(1);
    assertThat(sim.devpi.files("ci/prod")).isEmpty();
  }

  @Test
  void devpiResettingMidUploadOnceGetsTheFileAgainFromTheStagedCopyWithOneDownload() {
    Dist wheel = big("reset", 16 * MIB);
    sim.devpi.faults().resetConnectionMidRequest(UPLOADS, 1);

    SyncReport report = sim.sync(sim.config("ci/prod"));

    assertThat(file(report, wheel.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
    assertThat(sim.devpi.files("ci/prod")).hasSize(1);
    assertThat(sim.devpi.file("ci/prod", wheel.filename()).orElseThrow().sha256())
        .isEqualTo(wheel.sha256());
    assertThat(sim.gitea.requestCount("GET", DOWNLOADS)).isEqualTo(1);
    assertThat(uploads()).hasSize(2);
  }

  @Test
  void devpiFailingAfterTheFileHasPassedGetsItAgainFromTheStagedCopy() {
    Dist wheel = big("flaky", 2 * MIB);
    sim.devpi.faults().failNext(UPLOADS, 503, 1);

    SyncReport report = sim.sync(sim.config("ci/prod"));

    assertThat(file(report, wheel.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
    assertThat(sim.devpi.file("ci/prod", wheel.filename()).orElseThrow().sha256())
        .isEqualTo(wheel.sha256());
    assertThat(sim.gitea.requestCount("GET", DOWNLOADS)).isEqualTo(1);
    assertThat(uploads()).hasSize(2);
  }

  @Test
  void cancellingDuringTheStreamStoresNothingAndEmptiesStaging() throws Exception {
    Dist wheel = big("slow", 16 * MIB);
    SyncConfig config = sim.config("ci/prod");
    AtomicReference<SyncReport> result = new AtomicReference<>();
    CountDownLatch streaming = new CountDownLatch(1);
    SyncListener listener =
        new SyncListener() {
          @Override
          public void fileProgress(
              MappingPlan mapping, PlannedFile file, Phase phase, long bytesDone) {
            if (phase == Phase.TRANSFER && bytesDone >= MIB) {
              streaming.countDown();
              try {
                // hold the stream until the cancel arrives (an interrupt ends the wait)
                Thread.sleep(30_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    try (SyncEngine engine = sim.engine(config)) {
      SyncPlan plan = engine.plan(config.select(List.of(), List.of()), SyncOptions.defaults());
      Thread t = new Thread(() -> result.set(engine.apply(plan, listener)));
      t.start();
      assertThat(streaming.await(30, TimeUnit.SECONDS)).isTrue();

      t.interrupt();
      t.join(30_000);

      assertThat(t.isAlive()).isFalse();
    }
    FileResult r = file(result.get(), wheel.filename());
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).contains("cancelled");
    assertThat(sim.devpi.awaitIdle(Duration.ofSeconds(30))).isTrue();
    assertThat(sim.devpi.files("ci/prod")).isEmpty();
    assertThat(uploads()).hasSize(1);
  }
}
