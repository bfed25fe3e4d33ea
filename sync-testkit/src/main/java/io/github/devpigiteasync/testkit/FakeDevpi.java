package io.github.devpigiteasync.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.testkit.internal.BlobStore;
import io.github.devpigiteasync.testkit.internal.DevpiSim;
import io.github.devpigiteasync.testkit.internal.SimServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A stateful in-process devpi-server (6.19 behaviour, with the devpi-tokens plugin).
 *
 * <p>It follows {@code shared/notes/devpi-protocol.md}: {@code POST /+login} tokens (opaque, with
 * spaces and quotes, {@code expiration} in seconds), {@code X-Devpi-Auth}, Basic and {@code Bearer
 * devpi-…} credentials, {@code /+api} with {@code authstatus}, index/project/version JSON (415
 * without {@code Accept: application/json}, 302 for non-normalised names, {@code ?ignore_bases}),
 * the multipart upload with devpi's checks and status codes (413, 404, 401, 403, 400, 500,
 * identical-file 200 and 409 on non-volatile indices, overwrite on volatile ones), relative simple
 * pages, downloads and deletes. Uploaded files are streamed to a temp directory deleted by {@link
 * #close()}.
 *
 * <pre>{@code
 * try (FakeDevpi devpi = FakeDevpi.builder().maxRequestBodySize(10_000_000).build()) {
 *     devpi.user("alice", "secret").index("alice/stable", false).index("alice/dev", true, "alice/stable");
 *     String token = devpi.mintDevpiToken("alice");
 *     // ... upload to devpi.url() + "alice/dev/" ...
 *     assertThat(devpi.files("alice/dev")).extracting(StoredFile::filename).contains("foo-1.0.tar.gz");
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class FakeDevpi implements AutoCloseable {
  private final BlobStore blobs = new BlobStore("fake-devpi-");
  private final SimServer server;
  private final String url;
  private final DevpiSim sim;
  private final Faults faults;

  private FakeDevpi(Builder b) {
    ObjectMapper mapper = new ObjectMapper();
    this.sim = new DevpiSim(mapper, blobs, b.clock, b.tokenLifetime, b.maxRequestBodySize);
    try {
      this.server = new SimServer("devpi", mapper, sim);
    } catch (RuntimeException e) {
      blobs.close();
      throw e;
    }
    this.url = "http://127.0.0.1:" + server.port() + "/";
    sim.baseUrl(url);
    this.faults = new Faults(server.faults());
  }

  /** Returns a builder; {@link Builder#build()} starts the server. */
  public static Builder builder() {
    return new Builder();
  }

  /** The root URL with a trailing slash, for example {@code http://127.0.0.1:41235/}. */
  public String url() {
    return url;
  }

  /** Adds a user, or changes its password (tokens already issued stay valid, as in devpi). */
  public FakeDevpi user(String name, String password) {
    Objects.requireNonNull(password, "password == null");
    sim.user(name, password);
    return this;
  }

  /**
   * Adds an index {@code user/name} with {@code acl_upload = [user]}. A missing user is created
   * without a password (it cannot log in).
   */
  public FakeDevpi index(String userSlashIndex, boolean volatileIndex, String... bases) {
    sim.index(userSlashIndex, volatileIndex, bases);
    return this;
  }

  /** Adds {@code user} to the index's {@code acl_upload}. */
  public FakeDevpi allowUpload(String userSlashIndex, String user) {
    sim.allowUpload(userSlashIndex, user);
    return this;
  }

  /** Creates a devpi-tokens token ({@code devpi-…}) for an existing user. */
  public String mintDevpiToken(String user) {
    return sim.mintDevpiToken(user);
  }

  /**
   * Makes every login token invalid, like a restart without {@code --secretfile}. Data and devpi
   * tokens stay.
   */
  public void expireAllTokens() {
    sim.newSecret();
  }

  /** Same as {@link #expireAllTokens()}: a restart keeps the data but gets a new secret. */
  public void restart() {
    sim.newSecret();
  }

  /** The release files held by the index itself (not its bases). */
  public List<StoredFile> files(String userSlashIndex) {
    return sim.files(userSlashIndex);
  }

  /** The file of that name held by the index itself. */
  public Optional<StoredFile> file(String userSlashIndex, String filename) {
    return files(userSlashIndex).stream().filter(f -> f.filename().equals(filename)).findFirst();
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

  /**
   * Waits until no request is being handled, for example an upload whose client went away while the
   * simulator still reads its body; false if that takes longer than {@code timeout}.
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (server.inFlight() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
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
    return "FakeDevpi[" + url + "]";
  }

  /** Settings of a {@link FakeDevpi}. */
  public static final class Builder {
    private long maxRequestBodySize = 1L << 30;
    private Duration tokenLifetime = Duration.ofSeconds(36000);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** {@code --max-request-body-size} (default 1 GiB); larger uploads get 413. */
    public Builder maxRequestBodySize(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("bytes < 1");
      }
      this.maxRequestBodySize = bytes;
      return this;
    }

    /** Lifetime of login tokens, also reported as {@code expiration} (default 36000 s). */
    public Builder tokenLifetime(Duration lifetime) {
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("lifetime must be positive");
      }
      this.tokenLifetime = lifetime;
      return this;
    }

    /** The clock used for token age and upload times (default system UTC). */
    public Builder clock(@Nullable Clock clock) {
      this.clock = clock == null ? Clock.systemUTC() : clock;
      return this;
    }

    /** Starts the server on a free port of 127.0.0.1. */
    public FakeDevpi build() {
      return new FakeDevpi(this);
    }
  }
}
