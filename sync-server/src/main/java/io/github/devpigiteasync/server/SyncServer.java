package io.github.devpigiteasync.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.devpigiteasync.server.handler.DashboardHandler;
import io.github.devpigiteasync.server.handler.HealthHandler;
import io.github.devpigiteasync.server.handler.HistoryHandler;
import io.github.devpigiteasync.server.handler.MetricsHandler;
import io.github.devpigiteasync.server.handler.PayloadTooLargeException;
import io.github.devpigiteasync.server.handler.RunsHandler;
import io.github.devpigiteasync.server.handler.SecurityHeadersHandler;
import io.github.devpigiteasync.server.handler.StatusHandler;
import io.github.devpigiteasync.server.handler.TriggerHandler;
import io.github.devpigiteasync.server.handler.WebhookHandler;
import io.github.devpigiteasync.server.view.DashboardRenderer;
import io.github.devpigiteasync.store.HistoryStore;
import io.github.devpigiteasync.store.Role;
import io.github.devpigiteasync.store.StoreOptions;
import io.github.devpigiteasync.store.StoreUnavailableException;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.config.Redactor;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.ExceptionHandler;
import io.undertow.server.handlers.accesslog.AccessLogHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server: scheduler, live state, metrics and the HTTP endpoints, around one {@link Pass}.
 *
 * <pre>{@code
 * SyncServer server = SyncServer.builder(settings, pass).redactor(redactor).build();
 * server.start();              // binds, then runs the first pass
 * String url = server.url();   // http://127.0.0.1:8080/
 * server.close();              // stops scheduling, interrupts the running pass, waits for the grace period
 * }</pre>
 *
 * <p>With a history store ({@link Builder#store}) every pass is recorded and {@code GET
 * /api/history} and {@code GET /api/runs} read it. With a PostgreSQL store the server takes part in
 * the leader election: only the leader runs passes, a standby hands pass requests to it.
 */
public final class SyncServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyncServer.class);

  private final ServerSettings settings;
  private final Scheduler scheduler;
  private final LiveState state;
  private final ServerStatus status;
  private final ServerMetrics metrics;
  private final Leadership leadership;
  private final ScheduledExecutorService passThread;
  private final ScheduledExecutorService timerThread;
  private final Undertow undertow;
  private final Object lock = new Object();
  private boolean started;
  private boolean closed;

  private SyncServer(Builder b) {
    this.settings = b.settings;
    Clock clock = b.clock;
    // the server's own secrets are redacted too, whatever redactor the caller passed
    Redactor redactor =
        b.redactor.and(
            Stream.of(settings.apiToken(), settings.webhookSecret())
                .flatMap(Optional::stream)
                .toList());
    this.state = new LiveState(settings.mappings(), redactor, clock, settings.dryRun());
    this.metrics = new ServerMetrics(settings.mappings());
    this.passThread = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "sync-pass"));
    this.timerThread =
        Executors.newSingleThreadScheduledExecutor(r -> thread(r, "sync-webhook-debounce"));
    this.leadership = new Leadership(b.store);
    RecentRuns recent = new RecentRuns(b.runSource.apply(b.store::recentRuns), redactor, clock);
    this.scheduler =
        new Scheduler(
            b.pass,
            b.extraListener == null ? state : fanOut(state, b.extraListener),
            PassObserver.of(state, metrics, new PassLogger(redactor)),
            settings.pollInterval(),
            clock,
            passThread,
            b.store,
            redactor,
            leadership::mayStart,
            recent::recorded);
    this.status =
        new ServerStatus(
            state,
            scheduler,
            clock,
            settings.version(),
            settings.dryRun(),
            leadership,
            redactor,
            recent);
    Triggers triggers =
        new Triggers(scheduler, state, settings.webhookDebounce(), timerThread, leadership);
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    this.undertow =
        Undertow.builder()
            .addHttpListener(settings.port(), settings.host())
            .setHandler(handlers(triggers, mapper))
            .build();
  }

  /** A builder for a server running {@code pass} with {@code settings}. */
  public static Builder builder(ServerSettings settings, Pass pass) {
    return new Builder(settings, pass);
  }

  /**
   * Binds the port and starts the scheduler (which runs the first pass right away).
   *
   * @throws BindFailedException when the address cannot be bound
   */
  public void start() {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("already started");
      }
      if (closed) {
        throw new IllegalStateException("closed");
      }
      started = true;
    }
    try {
      undertow.start();
    } catch (RuntimeException e) {
      shutdownExecutors();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new BindFailedException(settings.host(), settings.port(), cause);
    }
    scheduler.start();
    leadership.start(scheduler, state::hasMapping);
    log.info("Dashboard listening on {} ({})", url(), leadership.role().wireName());
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** The dashboard URL; a wildcard bind address is shown as {@code localhost}. */
  public String url() {
    String host = settings.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isEmpty()) {
      host = "localhost";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port() + "/";
  }

  /** The scheduler, e.g. to request a pass from code. */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** This daemon's role now: {@code LEADER}, {@code STANDBY} or {@code SINGLE}. */
  public Role role() {
    return leadership.role();
  }

  /** The dashboard's data and health. */
  public ServerStatus status() {
    return status;
  }

  /**
   * Stops scheduling, interrupts a running pass and waits up to the grace period for it, then
   * leaves the election (a standby takes over) and stops HTTP. The history store stays open: its
   * owner closes it. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    boolean clean = scheduler.stop(settings.shutdownGrace());
    if (!clean) {
      log.warn("The running pass did not end within {}", settings.shutdownGrace());
    }
    // only now: a standby must not start a pass while this one may still run
    leadership.close();
    shutdownExecutors();
    if (started) {
      undertow.stop();
    }
  }

  private void shutdownExecutors() {
    timerThread.shutdownNow();
    passThread.shutdownNow();
  }

  private HttpHandler handlers(Triggers triggers, ObjectMapper mapper) {
    HttpHandler notFound = ex -> error(ex, 404, "not found");
    HttpHandler badMethod =
        ex -> {
          // RFC 9110 §15.5.6: a 405 names the methods the resource supports
          String path = ex.getRelativePath();
          ex.getResponseHeaders()
              .put(
                  Headers.ALLOW,
                  path.equals("/api/sync") || path.equals("/hooks/gitea") ? "POST" : "GET, HEAD");
          error(ex, 405, "method not allowed");
        };
    RoutingHandler routes = Handlers.routing();
    // every read-only page answers HEAD too (load balancers and uptime checks use it); Undertow
    // drops the body
    Map<String, HttpHandler> pages = new LinkedHashMap<>();
    pages.put("/", new DashboardHandler(status, new DashboardRenderer()));
    pages.put("/health", new HealthHandler(status, mapper));
    pages.put("/metrics", new MetricsHandler(metrics));
    pages.put("/api/status", new StatusHandler(status, mapper));
    pages.put("/api/history", new HistoryHandler(status, mapper));
    pages.put("/api/runs", new RunsHandler(status, mapper));
    pages.forEach((path, handler) -> routes.get(path, handler).add(Methods.HEAD, path, handler));
    routes
        .post(
            "/api/sync",
            new TriggerHandler(settings.apiToken(), triggers, mapper, settings.maxBodyBytes()))
        .post(
            "/hooks/gitea",
            new WebhookHandler(settings.webhookSecret(), triggers, mapper, settings.maxBodyBytes()))
        .setFallbackHandler(notFound)
        .setInvalidMethodHandler(badMethod);
    // The exception handler must sit inside the BlockingHandler: handlers run on a worker thread
    // after the
    // dispatch, so an exception handler outside it never sees their exceptions (Undertow answers
    // 500 instead).
    ExceptionHandler exceptions =
        Handlers.exceptionHandler(routes)
            .addExceptionHandler(
                PayloadTooLargeException.class, ex -> error(ex, 413, "request body too large"))
            .addExceptionHandler(
                StoreUnavailableException.class,
                ex -> {
                  // a standby could not hand a pass request to the leader: nothing was accepted
                  log.warn(
                      "{} {}: {}",
                      ex.getRequestMethod(),
                      ex.getRequestPath(),
                      ex.getAttachment(ExceptionHandler.THROWABLE).getMessage());
                  error(ex, 503, "history store unavailable");
                })
            .addExceptionHandler(
                Throwable.class,
                ex -> {
                  Throwable t = ex.getAttachment(ExceptionHandler.THROWABLE);
                  log.error("Request {} {} failed", ex.getRequestMethod(), ex.getRequestPath(), t);
                  error(ex, 500, "internal error");
                });
    HttpHandler secured = new SecurityHeadersHandler(new BlockingHandler(exceptions));
    return new AccessLogHandler(
        secured,
        message -> log.debug("{}", message),
        "%h \"%r\" %s %b %Dms",
        SyncServer.class.getClassLoader());
  }

  private static void error(HttpServerExchange exchange, int status, String message) {
    if (exchange.isResponseStarted()) {
      exchange.endExchange();
      return;
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
    exchange.getResponseSender().send("{\"error\":\"" + message + "\"}");
  }

  private static Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static SyncListener fanOut(SyncListener a, SyncListener b) {
    return a.andThen(b);
  }

  /** Builds a {@link SyncServer}. */
  public static final class Builder {
    private final ServerSettings settings;
    private final Pass pass;
    private Clock clock = Clock.systemUTC();
    private Redactor redactor = Redactor.none();
    private @Nullable SyncListener extraListener;
    private HistoryStore store = HistoryStore.open(StoreOptions.none());
    private UnaryOperator<RecentRuns.Source> runSource = UnaryOperator.identity();

    private Builder(ServerSettings settings, Pass pass) {
      this.settings = Objects.requireNonNull(settings, "settings == null");
      this.pass = Objects.requireNonNull(pass, "pass == null");
    }

    /** The clock for shown times and next-run computation. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Redacts secrets from every stored and logged error text. */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor == null");
      return this;
    }

    /** Another listener that also receives the engine's events. */
    public Builder listener(SyncListener listener) {
      this.extraListener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Records every pass in {@code store} and serves its history; with a PostgreSQL store the
     * server also elects a leader among the daemons sharing it. The caller closes the store after
     * the server. Default: no store (nothing recorded, role {@code single}).
     */
    public Builder store(HistoryStore store) {
      this.store = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /** Wraps where the status's recent runs are read from (tests count the store reads). */
    Builder runSource(UnaryOperator<RecentRuns.Source> wrap) {
      this.runSource = Objects.requireNonNull(wrap, "wrap == null");
      return this;
    }

    public SyncServer build() {
      return new SyncServer(this);
    }
  }

  /** Logs each pass's outcome (redacted). */
  private static final class PassLogger implements PassObserver {
    private final Redactor redactor;

    PassLogger(Redactor redactor) {
      this.redactor = redactor;
    }

    @Override
    public void passStarted(long id, PassScope scope) {
      log.info("Pass {} started ({})", id, scope.triggerText());
    }

    @Override
    public void passFinished(
        long id, PassScope scope, io.github.devpigiteasync.sync.SyncReport report) {
      log.info(
          "Pass {} finished in {} ms: {} uploaded, {} failed, {}",
          id,
          report.duration().toMillis(),
          report.count(io.github.devpigiteasync.sync.FileResult.Outcome.UPLOADED),
          report.count(io.github.devpigiteasync.sync.FileResult.Outcome.FAILED),
          report.succeeded() ? "ok" : "with failures");
    }

    @Override
    public void passFailed(long id, PassScope scope, RuntimeException error) {
      log.warn("Pass {} failed: {}", id, redactor.redact(LiveState.describe(error)));
    }
  }
}
