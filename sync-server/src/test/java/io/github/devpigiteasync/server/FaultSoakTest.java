package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.FakeGitea;
import io.github.devpigiteasync.testkit.PublishedFile;
import io.github.devpigiteasync.testkit.Sandbox;
import io.github.devpigiteasync.testkit.StoredFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fault soak: server mode over the real engine with passes back to back while both simulators
 * inject seeded random faults before every pass (5xx, Retry-After, connection dropped mid-body,
 * slow answers, expired devpi tokens, corrupt downloads) and new versions are published along the
 * way. At the end, after one calm pass, devpi holds every Gitea file exactly once with Gitea's
 * sha256, and heap after GC, live threads, open file descriptors and staged files did not grow
 * between the early mark and the end beyond the stated noise.
 *
 * <p>30 passes (mark at 10) in the normal suite; {@code -Preliability} runs 500 (mark at 50) and
 * prints the figures that {@code docs/reliability.md} quotes.
 */
class FaultSoakTest {
  private static final boolean FULL = Boolean.getBoolean("reliability.full");
  private static final long SEED = Long.getLong("reliability.seed", 20261204L);

  // Noise allowed between the mark and the end (see docs/reliability.md).
  private static final long HEAP_NOISE_BYTES = 24L << 20;
  private static final int THREAD_NOISE = 4;
  private static final int FD_NOISE = 16;

  @TempDir Path dir;

  record Figures(int pass, long heapAfterGc, int threads, long fds, long stagedFiles) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "pass %d: heap after GC %.1f MiB, %d live threads, %d open fds, %d staged files",
          pass,
          heapAfterGc / 1048576.0,
          threads,
          fds,
          stagedFiles);
    }
  }

  @Test
  void manyPassesUnderRandomFaultsEndWithEveryFileOnceAndFlatResources() throws Exception {
    int passes = FULL ? 500 : 30;
    int mark = FULL ? 50 : 10;
    Path staging = dir.resolve("staging");
    try (Sandbox sandbox = Sandbox.start(dir)) {
      FakeGitea gitea = sandbox.gitea();
      FakeDevpi devpi = sandbox.devpi();
      Map<String, PublishedFile> published = new ConcurrentHashMap<>();
      for (int p = 0; p < 5; p++) {
        publish(sandbox, published, "soak" + p, "1.0");
      }
      SyncConfig config =
          SyncConfig.parse(
              sandbox.ini(
                  "[mapping:acme]",
                  "index = " + Sandbox.INDEX,
                  "",
                  "[runtime]",
                  "concurrency = 3",
                  "download_dir = " + staging),
              dir.resolve("soak.conf"),
              name -> null);
      Selection selection = config.select(List.of(), List.of());
      Random random = new Random(SEED);
      AtomicInteger done = new AtomicInteger();
      AtomicBoolean calm = new AtomicBoolean();
      Figures[] figures = new Figures[2];

      try (SyncEngine engine =
          SyncEngine.builder()
              .config(config)
              .retries(2, Duration.ofMillis(5), Duration.ofMillis(20))
              .build()) {
        EnginePass real = new EnginePass(engine, selection, SyncOptions.defaults(), false);
        Pass faulty =
            (Set<String> mappings, SyncListener listener) -> {
              int n = done.get() + 1;
              gitea.faults().clear();
              devpi.faults().clear();
              if (!calm.get()) {
                if (n % 10 == 0) {
                  publish(sandbox, published, "soak" + random.nextInt(8), "2." + n);
                }
                injectFaults(random, gitea, devpi);
              }
              try {
                SyncReport report = real.run(mappings, listener);
                return report;
              } finally {
                if (n == mark) {
                  figures[0] = measure(n, staging);
                }
                done.incrementAndGet();
              }
            };
        ServerSettings settings =
            ServerSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .pollInterval(Duration.ofMillis(20))
                .webhookDebounce(Duration.ofMillis(100))
                .shutdownGrace(Duration.ofSeconds(5))
                .version("soak")
                .mappings(
                    ServerLauncher.settings(config, selection, false, "127.0.0.1", 0).mappings())
                .build();
        try (TestServer t = TestServer.start(settings, faulty)) {
          await(() -> done.get() >= passes, Duration.ofMinutes(FULL ? 60 : 5));
          calm.set(true);
          int settled = done.get();
          await(() -> done.get() >= settled + 2, Duration.ofMinutes(2));
          figures[1] = measure(done.get(), staging);

          String health = TestServer.json(t.get("health")).path("status").asText();
          assertThat(health).isEqualTo("ok");
        }
      }
      System.out.println("Fault soak, seed " + SEED + ": " + figures[0] + " -> " + figures[1]);

      List<StoredFile> stored = devpi.files(Sandbox.INDEX);
      Map<String, String> storedSha =
          stored.stream()
              .collect(Collectors.toMap(StoredFile::filename, StoredFile::sha256, (a, b) -> a));
      Map<String, String> giteaSha =
          published.values().stream()
              .collect(Collectors.toMap(PublishedFile::filename, PublishedFile::sha256));
      assertThat(stored).as("no file twice").hasSize(storedSha.size());
      assertThat(storedSha).as("devpi == Gitea").isEqualTo(giteaSha);
      assertThat(figures[1].stagedFiles()).isZero();
      assertThat(figures[1].threads() - figures[0].threads())
          .as("%s -> %s", figures[0], figures[1])
          .isLessThanOrEqualTo(THREAD_NOISE);
      assertThat(figures[1].fds() - figures[0].fds())
          .as("%s -> %s", figures[0], figures[1])
          .isLessThanOrEqualTo(FD_NOISE);
      assertThat(figures[1].heapAfterGc() - figures[0].heapAfterGc())
          .as("%s -> %s", figures[0], figures[1])
          .isLessThanOrEqualTo(HEAP_NOISE_BYTES);
    }
  }

  private static void await(java.util.function.BooleanSupplier condition, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + limit);
      }
      Thread.sleep(20);
    }
  }

  /** Zero to three faults for the coming pass, on either side. */
  private static void injectFaults(Random random, FakeGitea gitea, FakeDevpi devpi) {
    int count = random.nextInt(4);
    for (int i = 0; i < count; i++) {
      int status = List.of(500, 502, 503, 504).get(random.nextInt(4));
      switch (random.nextInt(10)) {
        case 0 -> gitea.faults().failNext(".*", status, 1 + random.nextInt(3));
        case 1 -> gitea.faults().failNextWithRetryAfter("^/api/v1/packages/acme", 503, 1, 0);
        case 2 -> gitea.faults().dropConnectionMidBody("/files/", 1);
        case 3 -> gitea.faults().corruptNextDownload("/files/");
        case 4 -> gitea.faults().delayNext(".*", Duration.ofMillis(150));
        case 5 -> devpi.faults().failNext(".*", status, 1 + random.nextInt(2));
        case 6 -> devpi.expireAllTokens();
        case 7 -> devpi.faults().dropConnectionMidBody(".*", 1);
        case 8 -> devpi.faults().delayNext(".*", Duration.ofMillis(150));
        default -> gitea.faults().dropConnectionMidBody("/simple/|/api/", 1);
      }
    }
  }

  private static void publish(
      Sandbox sandbox, Map<String, PublishedFile> published, String name, String version) {
    for (PublishedFile f :
        List.of(
            sandbox
                .gitea()
                .publish(
                    Sandbox.ORG, sandbox.dists().wheel(name, version).padding(64 * 1024).build()),
            sandbox.gitea().publish(Sandbox.ORG, sandbox.dists().sdist(name, version).build()))) {
      published.put(f.filename(), f);
    }
  }

  private static Figures measure(int pass, Path staging) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    return new Figures(pass, heap, threads, count(Path.of("/proc/self/fd")), stagedFiles(staging));
  }

  private static long count(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0; // not Linux: nothing to compare
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long stagedFiles(Path staging) {
    if (!Files.isDirectory(staging)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(staging)) {
      return files.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
