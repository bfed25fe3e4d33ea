package io.github.devpigiteasync.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.testkit.internal.BlobStore;
import io.github.devpigiteasync.testkit.internal.GiteaSim;
import io.github.devpigiteasync.testkit.internal.SimServer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A stateful in-process Gitea package registry (API v1 package endpoints and the PyPI registry
 * endpoints).
 *
 * <p>It follows {@code shared/notes/gitea-api.md}: list entries are versions, newest first ({@code
 * created DESC, id DESC}); {@code limit} defaults to 30 and is capped at {@code
 * max_response_items}; {@code X-Total-Count} and a {@code Link} header built from the ROOT_URL;
 * {@code Size} before 1.24 and {@code size} from 1.24; the per-package versions endpoint only from
 * 1.24 ({@code []} for an unknown package in 1.24/1.25, 404 from 1.26); the status codes of §5.
 * Every new version gets a creation time from a fake clock that advances one step (default 1 s) per
 * version.
 *
 * <p>{@link #forgejo(String)} makes it Forgejo instead, after {@code shared/notes/forgejo.md}: it
 * reports the given version ({@code 15.0.3+gitea-1.22.0}, or a bare {@code 15.0.3} as a source
 * build does) and answers {@code GET /api/forgejo/v1/version}; its package API is Gitea 1.23's
 * ({@code Size}, no versions list, no {@code /-/latest}); anonymous reads of public owners succeed
 * from v12; from v16 a JSON {@code Accept} on the simple page gets PEP 691 JSON, and both forms
 * come with two {@code Content-Type} lines. {@link #packageWebhook} gives the webhook either
 * product sends.
 *
 * <pre>{@code
 * try (FakeGitea gitea = FakeGitea.builder().version("1.23.8").maxResponseItems(10).build()) {
 *     gitea.owner("acme", true).token("t0ken", "acme").repo("acme", "tools", true);
 *     gitea.publish("acme", wheel);
 *     gitea.link("acme", wheel.name(), "tools");
 *     URI list = URI.create(gitea.url() + "api/v1/packages/acme?type=pypi");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Files are copied into a temp directory owned by the fake and deleted by {@link
 * #close()}.
 */
public final class FakeGitea implements AutoCloseable {
  private final BlobStore blobs = new BlobStore("fake-gitea-");
  private final SimServer server;
  private final String url;
  private final GiteaSim sim;
  private final Faults faults;
  private final String version;
  private final boolean forgejo;

  private FakeGitea(Builder b) {
    this.version = b.version;
    this.forgejo = b.forgejo;
    ObjectMapper mapper = new ObjectMapper();
    SimRef ref = new SimRef();
    try {
      this.server = new SimServer("Gitea", mapper, call -> ref.get().handle(call));
    } catch (RuntimeException e) {
      blobs.close();
      throw e;
    }
    this.url = "http://127.0.0.1:" + server.port() + b.subPath;
    String root = b.rootUrl == null ? url : b.rootUrl;
    this.sim =
        new GiteaSim(
            new GiteaSim.Settings(
                b.version,
                b.forgejo,
                b.maxResponseItems,
                b.defaultPagingNum,
                root,
                b.subPath,
                b.zone,
                b.start,
                b.clockStep),
            mapper,
            blobs);
    ref.set(sim);
    this.faults = new Faults(server.faults());
  }

  // Requests cannot arrive before the URL is handed out, but the handler thread still needs a safe
  // read.
  private static final class SimRef {
    private volatile @Nullable GiteaSim sim;

    GiteaSim get() {
      return Objects.requireNonNull(sim, "not started");
    }

    void set(GiteaSim s) {
      sim = s;
    }
  }

  /** Returns a builder; {@link Builder#build()} starts the server. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder for a Forgejo that reports {@code version}, e.g. {@code 15.0.3+gitea-1.22.0},
   * {@code 15.0.3} (source build) or {@code 16.0.0} (PEP 691 JSON simple page).
   */
  public static Builder forgejo(String version) {
    return new Builder().forgejo(version);
  }

  /** The version string the server reports. */
  public String version() {
    return version;
  }

  /** Whether the server behaves as Forgejo. */
  public boolean isForgejo() {
    return forgejo;
  }

  /**
   * The {@code package} webhook request the server sends for the version of {@code file} ({@code
   * action} is {@code created} or {@code deleted}), signed with {@code secret} (empty: unsigned,
   * the signature headers are sent empty).
   *
   * @throws IllegalArgumentException if that version no longer exists
   */
  public WebhookDelivery packageWebhook(String action, PublishedFile file, String secret) {
    Objects.requireNonNull(action, "action == null");
    Objects.requireNonNull(secret, "secret == null");
    return sim.packageWebhook(action, file.versionId(), secret);
  }

  /**
   * The base URL including the sub-path, with a trailing slash, for example {@code
   * http://127.0.0.1:41234/}.
   */
  public String url() {
    return url;
  }

  /** Adds (or changes the visibility of) a user or org. */
  public FakeGitea owner(String name, boolean isPrivate) {
    sim.owner(name, isPrivate);
    return this;
  }

  /**
   * Adds a token with {@code read:package} and {@code read:repository}. Public owners are readable
   * by every valid token; private ones only by tokens that list them ({@code "*"} = every owner).
   */
  public FakeGitea token(String token, String... readableOwners) {
    sim.token(token, true, readableOwners);
    return this;
  }

  /**
   * Adds a valid token without the {@code read:package} scope (403 on the package API, 401 on the
   * registry).
   */
  public FakeGitea tokenWithoutPackageScope(String token) {
    sim.token(token, false);
    return this;
  }

  /** Adds a repository of {@code owner} (which must exist). */
  public FakeGitea repo(String owner, String repo, boolean archived) {
    sim.repo(owner, repo, archived);
    return this;
  }

  /** Archives or unarchives an existing repository; links stay in place. */
  public FakeGitea archive(String owner, String repo, boolean archived) {
    sim.archive(owner, repo, archived);
    return this;
  }

  /** Publishes a distribution under its own name, version and Requires-Python. */
  public PublishedFile publish(String owner, Dist dist) {
    return publish(owner, dist.name(), dist.version(), dist, dist.requiresPython());
  }

  /**
   * Publishes a file under an explicit package name and version (stored as Gitea does: {@code
   * .}/{@code _} become {@code -}, case kept). A new version gets the next fake-clock time; a file
   * name already present in that version is refused with {@link IllegalStateException} (Gitea
   * answers 409).
   */
  public PublishedFile publish(
      String owner,
      String packageName,
      String version,
      Dist dist,
      @Nullable String requiresPython) {
    return sim.publish(owner, packageName, version, dist.filename(), dist.path(), requiresPython);
  }

  /** Links a package to a repository of the same owner. */
  public FakeGitea link(String owner, String packageName, String repo) {
    sim.link(owner, packageName, repo);
    return this;
  }

  /** Makes {@code repository} show as {@code null} (and the repo API answer 404) for that token. */
  public FakeGitea hideRepositoryFrom(String token, String owner, String repo) {
    sim.hide(token, owner, repo);
    return this;
  }

  /** Deletes one version with its files; returns whether it existed. */
  public boolean deleteVersion(String owner, String packageName, String version) {
    return sim.deleteVersion(owner, packageName, version);
  }

  /** The fault injector of this server. */
  public Faults faults() {
    return faults;
  }

  /** Counts recorded requests with this method whose path contains a match of {@code pathRegex}. */
  public int requestCount(String method, String pathRegex) {
    return server.requests().count(method, pathRegex);
  }

  /** All recorded requests, oldest first (the most recent 100,000 are kept). */
  public List<RecordedRequest> requests() {
    return server.requests().snapshot();
  }

  /** Forgets the recorded requests. */
  public void resetCounters() {
    server.requests().clear();
  }

  /** Same as {@link #close()}. */
  public void stop() {
    close();
  }

  /** Stops the server and deletes its files. */
  @Override
  public void close() {
    try {
      server.close();
    } finally {
      blobs.close();
    }
  }

  @Override
  public String toString() {
    return "FakeGitea[" + url + "]";
  }

  /** Settings of a {@link FakeGitea}. */
  public static final class Builder {
    private String version = "1.24.7";
    private boolean forgejo;
    private int maxResponseItems = 50;
    private int defaultPagingNum = 30;
    private @Nullable String rootUrl;
    private String subPath = "/";
    private ZoneOffset zone = ZoneOffset.UTC;
    private Instant start = Instant.parse("2026-01-05T10:00:00Z");
    private Duration clockStep = Duration.ofSeconds(1);

    private Builder() {}

    /** The Gitea version to imitate and report (default {@code 1.24.7}); Gitea, not Forgejo. */
    public Builder version(String version) {
      this.version = checkVersion(version);
      this.forgejo = false;
      return this;
    }

    /** Imitates Forgejo reporting {@code version}; see {@link FakeGitea#forgejo(String)}. */
    public Builder forgejo(String version) {
      this.version = checkVersion(version);
      this.forgejo = true;
      return this;
    }

    private static String checkVersion(String version) {
      if (!version.matches("\\d+\\.\\d+.*")) {
        throw new IllegalArgumentException("version must start with major.minor: " + version);
      }
      return version;
    }

    /** {@code [api] MAX_RESPONSE_ITEMS} (default 50). */
    public Builder maxResponseItems(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("max < 1");
      }
      this.maxResponseItems = max;
      return this;
    }

    /** {@code [api] DEFAULT_PAGING_NUM} (default 30). */
    public Builder defaultPagingNum(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("n < 1");
      }
      this.defaultPagingNum = n;
      return this;
    }

    /**
     * The configured ROOT_URL used in Link headers and simple pages; {@code null} means {@link
     * #url()}.
     */
    public Builder rootUrl(@Nullable String rootUrl) {
      this.rootUrl = rootUrl == null || rootUrl.endsWith("/") ? rootUrl : rootUrl + "/";
      return this;
    }

    /** Serves everything under a sub-path such as {@code /gitea/} (default {@code /}). */
    public Builder subPath(String subPath) {
      String s = subPath.startsWith("/") ? subPath : "/" + subPath;
      this.subPath = s.endsWith("/") ? s : s + "/";
      if (this.subPath.toLowerCase(Locale.ROOT).contains("//")) {
        throw new IllegalArgumentException("bad sub-path " + subPath);
      }
      return this;
    }

    /** The server's zone offset used in {@code created_at} (default UTC). */
    public Builder zone(ZoneOffset zone) {
      this.zone = Objects.requireNonNull(zone, "zone == null");
      return this;
    }

    /** The fake clock's first value (default 2026-01-05T10:00:00Z). */
    public Builder start(Instant start) {
      this.start = Objects.requireNonNull(start, "start == null");
      return this;
    }

    /** How far the fake clock moves per new version (default 1 s; zero gives same-second ties). */
    public Builder clockStep(Duration step) {
      if (step.isNegative()) {
        throw new IllegalArgumentException("step < 0");
      }
      this.clockStep = step;
      return this;
    }

    /** Starts the server on a free port of 127.0.0.1. */
    public FakeGitea build() {
      return new FakeGitea(this);
    }
  }
}
