package io.github.devpigiteasync.sync;

import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.sync.internal.Engine;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Keeps devpi indices in step with Gitea's PyPI registry: {@link #plan} works out, per mapping,
 * which files are missing, present, in conflict or skipped (and why), without writing anything;
 * {@link #apply} transfers the missing ones. A dry run is a plan that is never applied ({@link
 * #dryRun}).
 *
 * <p>An engine is thread-safe and meant to be kept: it holds the HTTP clients (so devpi logins and
 * connections are reused from pass to pass) and a pool of {@code concurrency} worker threads. Close
 * it when done.
 *
 * <pre>{@code
 * SyncConfig config = SyncConfig.load(Path.of("devpi-gitea-sync.conf"));
 * try (SyncEngine engine = SyncEngine.builder().config(config).build()) {
 *   SyncPlan plan = engine.plan(config.select(List.of(), List.of()), SyncOptions.defaults());
 *   SyncReport report = engine.apply(plan, SyncListener.NONE);
 * }
 * }</pre>
 */
public final class SyncEngine implements AutoCloseable {
  private final Engine engine;

  private SyncEngine(Engine engine) {
    this.engine = engine;
  }

  /** Starts building an engine; a configuration is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Plans a pass over the selected mappings: discover, filter, group and diff. Makes no writes. A
   * mapping that cannot be planned (configuration error, server down, index missing) gets {@link
   * MappingPlan#error()} instead of files.
   */
  public SyncPlan plan(Selection selection, SyncOptions options) {
    return plan(selection, options, SyncListener.NONE);
  }

  /**
   * As {@link #plan(Selection, SyncOptions)}, telling {@code listener} as each mapping is planned.
   */
  public SyncPlan plan(Selection selection, SyncOptions options, SyncListener listener) {
    Objects.requireNonNull(selection, "selection == null");
    Objects.requireNonNull(options, "options == null");
    Objects.requireNonNull(listener, "listener == null");
    return engine.plan(selection, options, listener);
  }

  /**
   * Transfers the plan's {@code UPLOAD} files, {@code concurrency} at a time, and reports every
   * file's outcome. Files of 64 MiB and up go to each devpi server one at a time, while smaller
   * files use the other transfers. One failing file or mapping never stops the others. Interrupting
   * the calling thread cancels the transfers in flight (their staged files are deleted) and reports
   * the files not done as failed; the interrupt flag is kept.
   */
  public SyncReport apply(SyncPlan plan, SyncListener listener) {
    Objects.requireNonNull(plan, "plan == null");
    Objects.requireNonNull(listener, "listener == null");
    return engine.apply(plan, listener);
  }

  /** Plans and applies in one go. */
  public SyncReport sync(Selection selection, SyncOptions options, SyncListener listener) {
    return apply(plan(selection, options, listener), listener);
  }

  /**
   * The report a dry run of {@code plan} gives: files to upload are {@link
   * FileResult.Outcome#PLANNED}.
   */
  public static SyncReport dryRun(SyncPlan plan) {
    return Engine.dryRun(Objects.requireNonNull(plan, "plan == null"));
  }

  /** Stops the worker threads and releases connections the engine opened itself. */
  @Override
  public void close() {
    engine.close();
  }

  /** Builds a {@link SyncEngine}. */
  public static final class Builder {
    private @Nullable SyncConfig config;
    private Clock clock = Clock.systemUTC();
    private @Nullable OkHttpClient http;
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private @Nullable String userAgent;
    private boolean detectServer = true;

    private Builder() {}

    /** The configuration (required): Gitea, devpi servers, mappings, runtime. */
    public Builder config(SyncConfig config) {
      this.config = Objects.requireNonNull(config, "config == null");
      return this;
    }

    /** The clock for report times and durations (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** A shared OkHttp client whose connection pool and dispatcher the engine's clients reuse. */
    public Builder okHttpClient(OkHttpClient shared) {
      this.http = Objects.requireNonNull(shared, "shared == null");
      return this;
    }

    /**
     * Retries of transient failures (connect/read errors, 429, 502, 503, 504) with capped, jittered
     * exponential backoff, for both servers. Default: 4 attempts, 200 ms initial, 5 s maximum.
     * {@code maxAttempts = 1} disables retries.
     */
    public Builder retries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff == null");
      this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff == null");
      return this;
    }

    /** The User-Agent sent to both servers (default {@code devpi-gitea-sync/<version>}). */
    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent == null");
      return this;
    }

    /**
     * Whether each plan's {@link MappingTarget#source()} names the detected server, Gitea or
     * Forgejo and its version (default {@code true}). Detection costs one or two requests per
     * engine; a one-off run that shows no source turns it off. The pass itself does not depend on
     * it.
     */
    public Builder detectServer(boolean detect) {
      this.detectServer = detect;
      return this;
    }

    /**
     * Builds the engine. Makes no network call.
     *
     * @throws IllegalStateException if no configuration is set
     */
    public SyncEngine build() {
      SyncConfig c = config;
      if (c == null) {
        throw new IllegalStateException("config is required");
      }
      String ua = userAgent;
      if (ua == null) {
        String version = SyncEngine.class.getPackage().getImplementationVersion();
        ua = "devpi-gitea-sync/" + (version == null ? "dev" : version);
      }
      return new SyncEngine(
          new Engine(
              c,
              new Engine.Options(
                  clock, http, maxAttempts, initialBackoff, maxBackoff, ua, detectServer)));
    }
  }
}
