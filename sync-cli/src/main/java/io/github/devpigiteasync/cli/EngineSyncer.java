package io.github.devpigiteasync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncPlan;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.io.IOException;
import okhttp3.OkHttpClient;
import org.slf4j.LoggerFactory;

/** Adapts the sync engine to {@link Syncer}. */
final class EngineSyncer implements Syncer {
  private final SyncEngine engine;

  private EngineSyncer(SyncEngine engine) {
    this.engine = engine;
  }

  /**
   * Loads the HTTP client's TLS set-up and Jackson's classes on a background thread, so that on a
   * multi-core machine they load while the main thread parses the configuration: about half of a
   * one-off run's start-up is class loading for these two.
   */
  static void warmUpInBackground() {
    Thread t =
        new Thread(
            () -> {
              try {
                new OkHttpClient();
                new ObjectMapper().readTree("{\"warm\":[1]}");
              } catch (IOException | RuntimeException e) {
                // only a head start; the real clients report real problems
              }
            },
            "warm-up");
    t.setDaemon(true);
    t.start();
  }

  static Syncer create(SyncConfig config) {
    return new EngineSyncer(
        SyncEngine.builder()
            .config(config)
            .userAgent("devpi-gitea-sync/" + ManifestVersionProvider.version())
            // a one-off run shows the detected Gitea or Forgejo only in the clients' log (-v and
            // up);
            // the pass does not depend on it, so a quiet run skips its one or two requests
            .detectServer(LoggerFactory.getLogger(Logging.PROJECT_LOGGERS).isInfoEnabled())
            .build());
  }

  @Override
  public SyncPlan plan(Selection selection, SyncOptions options, SyncListener listener) {
    return engine.plan(selection, options, listener);
  }

  @Override
  public SyncReport apply(SyncPlan plan, SyncListener listener) {
    return engine.apply(plan, listener);
  }

  @Override
  public SyncReport dryRunReport(SyncPlan plan) {
    return SyncEngine.dryRun(plan);
  }

  @Override
  public void close() {
    engine.close();
  }
}
