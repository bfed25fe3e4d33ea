package io.github.devpigiteasync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.FileResult.Outcome;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncPlan;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.Dist;
import io.github.devpigiteasync.testkit.Distributions;
import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.FakeGitea;
import io.github.devpigiteasync.testkit.StoredFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step 5's scheduling end to end against the simulators: each devpi server gets at most one large
 * file at a time, small files use the other workers alongside, and a cancel still leaves nothing
 * behind. "Large" is lowered to {@value #LARGE} bytes so the files stay small.
 */
class EngineSchedulingTest {
  private static final long LARGE = 100_000;
  private static final String TOKEN = "gitea-secret-token-0123456789";
  private static final String PASSWORD = "pw-for-ci-0123";
  private static final long WAIT_SECONDS = 30;

  @TempDir Path dir;
  FakeGitea gitea;
  FakeDevpi devpi;
  FakeDevpi mirror;
  Distributions dists;

  @BeforeEach
  void start() throws IOException {
    gitea = FakeGitea.builder().build();
    gitea.owner("acme", false).token(TOKEN, "*");
    devpi = FakeDevpi.builder().build();
    devpi.user("ci", PASSWORD).index("ci/prod", false).allowUpload("ci/prod", "ci");
    mirror = FakeDevpi.builder().build();
    mirror.user("ci", PASSWORD).index("ci/mirror", false).allowUpload("ci/mirror", "ci");
    dists = Distributions.in(Files.createDirectories(dir.resolve("dists")));
  }

  @AfterEach
  void stop() throws InterruptedException {
    assertThat(devpi.awaitIdle(Duration.ofSeconds(WAIT_SECONDS))).isTrue();
    assertThat(mirror.awaitIdle(Duration.ofSeconds(WAIT_SECONDS))).isTrue();
    assertThat(stagedFiles()).as("staged files left behind").isEmpty();
    gitea.close();
    devpi.close();
    mirror.close();
  }

  private Dist publish(String name, long padding) {
    Dist d = dists.wheel(name, "1.0").padding(padding).build();
    gitea.publish("acme", d);
    return d;
  }

  /** Publishes {@code large} wheels above the threshold and {@code small} ones well below it. */
  private List<Dist> publish(int large, int small) {
    List<Dist> all = new ArrayList<>();
    for (int i = 0; i < large; i++) {
      all.add(publish("big" + i, 2 * LARGE));
    }
    for (int i = 0; i < small; i++) {
      all.add(publish("small" + i, 0));
    }
    assertThat(all).filteredOn(d -> d.size() >= LARGE).hasSize(large);
    return all;
  }

  private SyncConfig config(int concurrency, boolean withMirror) {
    String ini =
        "[gitea]\nurl = "
            + gitea.url()
            + "\ntoken_env = GITEA_TOKEN\n\n"
            + "[devpi]\nurl = "
            + devpi.url()
            + "\nusername = ci\npassword_env = DEVPI_PASSWORD\n\n"
            + (withMirror
                ? "[devpi:mirror]\nurl = "
                    + mirror.url()
                    + "\nusername = ci\npassword_env = DEVPI_PASSWORD\n\n"
                : "")
            + "[runtime]\ndownload_dir = "
            + dir.resolve("staging")
            + "\nconcurrency = "
            + concurrency
            + "\n\n[mapping:prod]\norganization = acme\nindex = ci/prod\n\n"
            + (withMirror
                ? "[mapping:mirror]\norganization = acme\nindex = ci/mirror\ndevpi = mirror\n"
                : "");
    Map<String, String> env = Map.of("GITEA_TOKEN", TOKEN, "DEVPI_PASSWORD", PASSWORD);
    return SyncConfig.parse(ini, dir.resolve("devpi-gitea-sync.conf"), env::get);
  }

  private static Engine engine(SyncConfig config) {
    return new Engine(
        config,
        new Engine.Options(
            Clock.systemUTC(), null, 3, Duration.ofMillis(10), Duration.ofMillis(50), "test", true),
        LARGE);
  }

  private List<Path> stagedFiles() {
    Path staging = dir.resolve("staging");
    if (!Files.exists(staging)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(staging)) {
      return walk.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Watches the transfers in flight. The first large file to each server holds its worker until a
   * small file to the same server has finished and the other server has a large file in flight too,
   * so both can only happen if small files and the other lane run alongside it.
   */
  private static final class Watch implements SyncListener {
    final Map<String, AtomicInteger> largeInFlight = new ConcurrentHashMap<>();
    final Map<String, Integer> mostLargeAtOnce = new ConcurrentHashMap<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final Map<String, CountDownLatch> smallDoneBesideLarge = new ConcurrentHashMap<>();
    final CountDownLatch largeOnEachServer;
    final Set<String> firstLargeSeen = ConcurrentHashMap.newKeySet();
    final List<String> unmet = new CopyOnWriteArrayList<>();
    final Set<String> large = ConcurrentHashMap.newKeySet();

    Watch(int servers) {
      largeOnEachServer = new CountDownLatch(servers);
    }

    private AtomicInteger large(String server) {
      return largeInFlight.computeIfAbsent(server, k -> new AtomicInteger());
    }

    private CountDownLatch smallDone(String server) {
      return smallDoneBesideLarge.computeIfAbsent(server, k -> new CountDownLatch(1));
    }

    @Override
    public void fileStarted(MappingPlan mapping, PlannedFile file) {
      String server = mapping.devpiServer();
      mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      if (file.size() < LARGE) {
        return;
      }
      large.add(server + "/" + file.filename());
      mostLargeAtOnce.merge(server, large(server).incrementAndGet(), Math::max);
      if (firstLargeSeen.add(server)) {
        largeOnEachServer.countDown();
        if (!await(largeOnEachServer)) {
          unmet.add(server + ": the other server got no large file while this one was in flight");
        }
        if (!await(smallDone(server))) {
          unmet.add(server + ": no small file finished while a large one was in flight");
        }
      }
    }

    @Override
    public void fileFinished(MappingPlan mapping, FileResult result) {
      if (result.outcome() != Outcome.UPLOADED) {
        return;
      }
      String server = mapping.devpiServer();
      inFlight.decrementAndGet();
      if (large.contains(server + "/" + result.filename())) {
        large(server).decrementAndGet();
      } else if (large(server).get() > 0) {
        smallDone(server).countDown();
      }
    }
  }

  @Test
  void eachDevpiServerGetsOneLargeFileAtATimeWhileSmallFilesRunAlongside() {
    List<Dist> published = publish(3, 12);
    SyncConfig config = config(4, true);
    Watch watch = new Watch(2);

    SyncReport report;
    try (Engine engine = engine(config)) {
      SyncPlan plan =
          engine.plan(config.select(List.of(), List.of()), SyncOptions.defaults(), watch);
      report = engine.apply(plan, watch);
    }

    assertThat(report.succeeded()).isTrue();
    assertThat(watch.unmet).isEmpty();
    assertThat(watch.mostLargeAtOnce)
        .containsExactlyInAnyOrderEntriesOf(Map.of("default", 1, "mirror", 1));
    assertThat(watch.mostAtOnce.get()).isLessThanOrEqualTo(4);
    for (FakeDevpi server : List.of(devpi, mirror)) {
      String index = server == devpi ? "ci/prod" : "ci/mirror";
      assertThat(server.requestCount("POST", "^/" + index + "/$")).isEqualTo(published.size());
      assertThat(server.files(index))
          .extracting(StoredFile::filename, StoredFile::sha256)
          .containsExactlyInAnyOrderElementsOf(
              published.stream()
                  .map(d -> org.assertj.core.groups.Tuple.tuple(d.filename(), d.sha256()))
                  .toList());
    }
  }

  @Test
  void onlyLargeFilesForOneServerStillAllGetUploadedOneAtATime() {
    List<Dist> published = publish(4, 0);
    SyncConfig config = config(4, false);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    SyncListener listener =
        new SyncListener() {
          @Override
          public void fileStarted(MappingPlan mapping, PlannedFile file) {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          }

          @Override
          public void fileFinished(MappingPlan mapping, FileResult result) {
            inFlight.decrementAndGet();
          }
        };

    SyncReport report;
    try (Engine engine = engine(config)) {
      report =
          engine.apply(
              engine.plan(config.select(List.of(), List.of()), SyncOptions.defaults(), listener),
              listener);
    }

    assertThat(report.succeeded()).isTrue();
    assertThat(most.get()).isEqualTo(1);
    assertThat(devpi.requestCount("POST", "^/ci/prod/$")).isEqualTo(published.size());
    assertThat(devpi.files("ci/prod")).hasSize(published.size());
  }

  @Test
  void cancellingWhileALargeFileStreamsStoresNothingOfItAndLeavesNoStagedFiles() throws Exception {
    List<Dist> published = publish(3, 6);
    SyncConfig config = config(2, false);
    CountDownLatch streaming = new CountDownLatch(1);
    AtomicReference<String> held = new AtomicReference<>();
    SyncListener listener =
        new SyncListener() {
          @Override
          public void fileProgress(
              MappingPlan mapping, PlannedFile file, Phase phase, long bytesDone) {
            if (file.size() >= LARGE && bytesDone > 0 && streaming.getCount() > 0) {
              held.set(file.filename());
              streaming.countDown();
              // hold the transfer mid-body until the cancel interrupts this worker
              try {
                new CountDownLatch(1).await(WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    AtomicReference<SyncReport> result = new AtomicReference<>();

    try (Engine engine = engine(config)) {
      SyncPlan plan =
          engine.plan(config.select(List.of(), List.of()), SyncOptions.defaults(), listener);
      Thread t = new Thread(() -> result.set(engine.apply(plan, listener)));
      t.start();
      assertThat(streaming.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

      t.interrupt();
      t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

      assertThat(t.isAlive()).isFalse();
    }
    List<FileResult> files = result.get().mappings().get(0).files();
    assertThat(files).hasSize(published.size());
    assertThat(files)
        .filteredOn(f -> f.outcome() != Outcome.UPLOADED)
        .isNotEmpty()
        .allSatisfy(
            f -> {
              assertThat(f.outcome()).isEqualTo(Outcome.FAILED);
              assertThat(f.reason()).contains("cancelled");
            });
    assertThat(devpi.awaitIdle(Duration.ofSeconds(WAIT_SECONDS))).isTrue();
    List<String> uploaded =
        files.stream()
            .filter(f -> f.outcome() == Outcome.UPLOADED)
            .map(FileResult::filename)
            .toList();
    // a small file whose upload devpi finished just as the cancel came may be stored yet reported
    // cancelled; what must never be stored is the large file cut off mid-body
    assertThat(devpi.files("ci/prod"))
        .extracting(StoredFile::filename)
        .containsAll(uploaded)
        .doesNotContain(held.get());
    for (StoredFile stored : devpi.files("ci/prod")) {
      Dist d =
          published.stream()
              .filter(p -> p.filename().equals(stored.filename()))
              .findFirst()
              .orElseThrow();
      assertThat(stored.sha256()).isEqualTo(d.sha256());
    }
  }
}
