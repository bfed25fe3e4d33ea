package io.github.devpigiteasync.app.demo;

import io.github.devpigiteasync.server.PassScope;
import io.github.devpigiteasync.server.ServerLauncher;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code --demo}: starts the {@link Demo} world, serves it with the real server and publishes
 * a new sample release every minute, until the JVM is asked to stop; then removes what it wrote.
 */
public final class DemoServer {
  private static final Logger log = LoggerFactory.getLogger(DemoServer.class);
  private static final Duration RELEASE_EVERY = Duration.ofMinutes(1);

  private DemoServer() {}

  /**
   * Runs the demo until the JVM is asked to stop.
   *
   * @param host bind address, or null for the loopback address
   * @param port port (0 picks a free one), or null for 8080
   * @return 0 after a clean stop, 2 when the address cannot be bound
   */
  public static int run(
      @Nullable String host, @Nullable Integer port, PrintWriter out, PrintWriter err) {
    Demo demo = Demo.start();
    ServerLauncher launcher;
    try {
      SyncConfig config = SyncConfig.load(demo.config());
      launcher =
          ServerLauncher.builder(config, config.select(List.of(), List.of()))
              .host(host != null ? host : "127.0.0.1")
              .port(port)
              .build();
    } catch (RuntimeException | Error e) {
      demo.close();
      throw e;
    }
    ScheduledExecutorService releases =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-releases");
              t.setDaemon(true);
              return t;
            });
    releases.scheduleWithFixedDelay(
        () -> {
          try {
            demo.publishNextRelease();
            launcher.server().scheduler().request(PassScope.all("demo"));
          } catch (RuntimeException e) {
            log.warn("Demo release failed", e);
          }
        },
        RELEASE_EVERY.toSeconds(),
        RELEASE_EVERY.toSeconds(),
        TimeUnit.SECONDS);
    out.println(
        "devpi-gitea-sync demo: Gitea simulator at "
            + demo.giteaUrl()
            + ", devpi simulator at "
            + demo.devpiUrl());
    out.println(
        "A new sample release is published every minute. Press Ctrl-C to stop; the demo removes its files.");
    return launcher.runUntilStopped(
        out,
        err,
        () -> {
          releases.shutdownNow();
          demo.close();
        });
  }
}
