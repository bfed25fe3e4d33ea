package io.github.devpigiteasync.devpi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.devpi.internal.Caller;
import io.github.devpigiteasync.devpi.internal.DevpiAuth;
import io.github.devpigiteasync.devpi.internal.DevpiJson;
import io.github.devpigiteasync.devpi.internal.ErrorDecoder;
import io.github.devpigiteasync.devpi.internal.Secret;
import io.github.devpigiteasync.devpi.model.AuthStatus;
import io.github.devpigiteasync.devpi.model.IndexInfo;
import io.github.devpigiteasync.devpi.model.ReleaseFile;
import io.github.devpigiteasync.devpi.model.VersionData;
import io.github.devpigiteasync.http.Backoff;
import io.github.devpigiteasync.http.HttpStack;
import io.github.devpigiteasync.http.RetrySettings;
import io.github.devpigiteasync.http.Sleeper;
import io.github.devpigiteasync.http.Tls;
import io.github.devpigiteasync.http.UserAgentInterceptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Synchronous, thread-safe client for one devpi-server.
 *
 * <p>Every call sends {@code Accept: application/json}. With a password the client logs in on first
 * use ({@code POST /+login}) and sends the 10-hour token as {@code X-Devpi-Auth}; when devpi
 * answers 401 because the token expired or the server restarted, it logs in again once and repeats
 * the request. A devpi-tokens token ({@code devpi-…}) is sent as {@code Authorization: Bearer} and
 * never to {@code /+login}. Transient failures are retried according to the {@link RetryPolicy}.
 *
 * <pre>{@code
 * DevpiClient devpi = DevpiClient.builder()
 *     .baseUrl("https://devpi.example.invalid/")
 *     .username("alice").password(password)
 *     .build();
 * List<ReleaseFile> files = devpi.ownFiles(IndexRef.parse("alice/dev"), "foo-bar");
 * }</pre>
 */
public final class DevpiClient {
  private final Builder settings;
  private final HttpUrl baseUrl;
  private final DevpiAuth auth;
  private final Transport transport;
  private final IndexesService indexes;
  private final ProjectsService projects;
  private final UploadsService uploads;
  private final DeletesService deletes;

  private DevpiClient(Builder builder) {
    this.settings = builder.copy();
    this.baseUrl = Objects.requireNonNull(builder.baseUrl, "baseUrl not set");
    ObjectMapper mapper = new ObjectMapper();
    ErrorDecoder errors = new ErrorDecoder(mapper);
    this.auth =
        DevpiAuth.select(
            baseUrl, builder.username, builder.password, builder.token, mapper, errors);

    OkHttpClient.Builder base =
        HttpStack.newBuilder(
                builder.shared, builder.connectTimeout, builder.readTimeout, builder.readTimeout)
            // Never cap a whole call: uploads of big files may legitimately take long; read and
            // write timeouts act as inactivity timeouts instead.
            .callTimeout(Duration.ZERO)
            // devpi redirects GETs of non-normalised names; OkHttp would turn a redirected POST
            // into a GET, so redirects are followed by hand (internal.Caller), for GET only.
            .followRedirects(false)
            .followSslRedirects(false);
    if (!builder.verifyTls) {
      Tls.trustAll(base, baseUrl.host());
    } else if (builder.caBundle != null) {
      Tls.trustPemBundle(base, builder.caBundle);
    }
    RetryPolicy policy = builder.retryPolicy;
    Backoff backoff =
        new Backoff(
            new RetrySettings(policy.maxAttempts(), policy.initialBackoff(), policy.maxBackoff()),
            builder.sleeper);
    // devpi answers 415 or HTML to JSON views without Accept: application/json.
    HttpStack.addInterceptors(
        base,
        new UserAgentInterceptor(builder.userAgent, Map.of("Accept", "application/json")),
        backoff);
    OkHttpClient loginClient = base.build();
    auth.loginClient(loginClient);
    OkHttpClient http =
        loginClient
            .newBuilder()
            .addInterceptor(auth.interceptor())
            .authenticator(auth.authenticator())
            .build();
    this.transport = new Transport(baseUrl, new Caller(http), auth, mapper, errors);
    this.indexes = new IndexesService(transport);
    this.projects = new ProjectsService(transport, indexes);
    this.uploads = new UploadsService(transport);
    this.deletes = new DeletesService(transport);
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this client's settings (a new client logs in separately). */
  public Builder newBuilder() {
    return settings.copy();
  }

  /** The devpi root URL, normalised to end with {@code /}. */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** Index lookups. */
  public IndexesService indexes() {
    return indexes;
  }

  /** What an index holds for a project: versions and files. */
  public ProjectsService projects() {
    return projects;
  }

  /** Streaming uploads. */
  public UploadsService uploads() {
    return uploads;
  }

  /** Deletes of files and versions. */
  public DeletesService deletes() {
    return deletes;
  }

  /**
   * Logs in now with {@code POST /+login} (password mode) instead of on first need. A no-op with a
   * devpi-tokens token or without credentials.
   *
   * @throws DevpiUnauthorizedException on a wrong user or password
   */
  public void login() {
    auth.login();
  }

  /**
   * Asks who the server thinks the caller is: {@code GET /+api}, {@code result.authstatus}. The
   * cheapest way to check credentials.
   */
  public AuthStatus authStatus() {
    HttpUrl url = baseUrl.newBuilder().addPathSegment("+api").build();
    return DevpiJson.authStatus(transport.getJson(url));
  }

  /**
   * Reads an index's configuration; the same as {@link IndexesService#get indexes().get(index)}.
   *
   * @throws DevpiNotFoundException if the user or index does not exist
   */
  public IndexInfo index(IndexRef index) {
    return indexes.get(index);
  }

  /**
   * Lists the files stored in this index itself; the same as {@link ProjectsService#ownFiles
   * projects().ownFiles(index, project)}.
   *
   * @throws DevpiNotFoundException if the index does not exist
   */
  public List<ReleaseFile> ownFiles(IndexRef index, String project) {
    return projects.ownFiles(index, project);
  }

  /**
   * Lists a project's versions with their files; the same as {@link ProjectsService#versions
   * projects().versions(index, project, includeBases)}.
   *
   * @throws DevpiNotFoundException if the index does not exist
   */
  public Map<String, VersionData> project(IndexRef index, String project, boolean includeBases) {
    return projects.versions(index, project, includeBases);
  }

  /**
   * Reads one version; the same as {@link ProjectsService#version projects().version(index,
   * project, version)}.
   *
   * @return empty if the project or version does not exist
   * @throws DevpiNotFoundException if the index does not exist
   */
  public Optional<VersionData> version(IndexRef index, String project, String version) {
    return projects.version(index, project, version);
  }

  /**
   * Uploads one file; the same as {@link UploadsService#upload uploads().upload(index, request,
   * progress)}, which lists the exceptions.
   */
  public UploadResult upload(
      IndexRef index, UploadRequest request, @Nullable ProgressListener progress) {
    return uploads.upload(index, request, progress);
  }

  /**
   * Uploads one file while its bytes are still arriving; the same as {@link
   * UploadsService#upload(IndexRef, String, UploadSource, ProgressListener) uploads().upload(index,
   * filename, source, progress)}.
   */
  public UploadResult upload(
      IndexRef index, String filename, UploadSource source, @Nullable ProgressListener progress) {
    return uploads.upload(index, filename, source, progress);
  }

  /**
   * Deletes one file by its {@code href}; the same as {@link DeletesService#file
   * deletes().file(href, force)}.
   *
   * @throws DevpiForbiddenException no permission, or a non-volatile index without {@code force}
   */
  public void deleteFile(String href, boolean force) {
    deletes.file(href, force);
  }

  /**
   * Deletes a version with all its files; the same as {@link DeletesService#version
   * deletes().version(index, project, version, force)}.
   *
   * @throws DevpiForbiddenException no permission, or a non-volatile index without {@code force}
   */
  public void deleteVersion(IndexRef index, String project, String version, boolean force) {
    deletes.version(index, project, version, force);
  }

  @Override
  public String toString() {
    return "DevpiClient{" + baseUrl + ", " + auth + "}";
  }

  /** Configures a {@link DevpiClient}. Only {@link #baseUrl} is required. */
  public static final class Builder {
    private @Nullable HttpUrl baseUrl;
    private @Nullable String username;
    private @Nullable Secret password;
    private @Nullable Secret token;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private boolean verifyTls = true;
    private @Nullable Path caBundle;
    private @Nullable OkHttpClient shared;
    private String userAgent = defaultUserAgent();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Sleeper sleeper = Sleeper.SYSTEM;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.baseUrl = baseUrl;
      b.username = username;
      b.password = password;
      b.token = token;
      b.connectTimeout = connectTimeout;
      b.readTimeout = readTimeout;
      b.verifyTls = verifyTls;
      b.caBundle = caBundle;
      b.shared = shared;
      b.userAgent = userAgent;
      b.retryPolicy = retryPolicy;
      b.sleeper = sleeper;
      return b;
    }

    private static String defaultUserAgent() {
      String version = DevpiClient.class.getPackage().getImplementationVersion();
      return "devpi-gitea-sync-devpi-client/" + (version == null ? "dev" : version);
    }

    /**
     * The devpi root URL, for example {@code https://devpi.example.invalid/} (a path prefix is
     * kept).
     */
    public Builder baseUrl(String url) {
      Objects.requireNonNull(url, "url == null");
      HttpUrl parsed = HttpUrl.parse(url);
      if (parsed == null) {
        throw new IllegalArgumentException("not an http(s) URL: " + url);
      }
      return baseUrl(parsed);
    }

    /** The devpi root URL; normalised to end with {@code /}, query and fragment dropped. */
    public Builder baseUrl(HttpUrl url) {
      Objects.requireNonNull(url, "url == null");
      HttpUrl.Builder b = url.newBuilder().query(null).fragment(null);
      List<String> segments = url.pathSegments();
      if (!segments.get(segments.size() - 1).isEmpty()) {
        b.addPathSegment("");
      }
      this.baseUrl = b.build();
      return this;
    }

    /** The devpi user name. */
    public Builder username(String user) {
      this.username = Objects.requireNonNull(user, "user == null");
      return this;
    }

    /**
     * The user's password (exclusive with {@link #token}); a value starting with {@code devpi-} is
     * treated as a devpi-tokens token. Null clears it.
     */
    public Builder password(@Nullable String password) {
      this.password = password == null ? null : new Secret(password);
      return this;
    }

    /** A devpi-tokens token, sent as {@code Authorization: Bearer} (exclusive with password). */
    public Builder token(@Nullable String devpiTokensToken) {
      this.token = devpiTokensToken == null ? null : new Secret(devpiTokensToken);
      return this;
    }

    /** Sets connect, read and write timeouts at once. */
    public Builder timeout(Duration t) {
      connectTimeout(t);
      return readTimeout(t);
    }

    /** Connect timeout (default 10 s). */
    public Builder connectTimeout(Duration t) {
      this.connectTimeout = checkTimeout(t);
      return this;
    }

    /**
     * Read and write inactivity timeout (default 60 s): the longest wait for the next bytes, never
     * a cap on a whole upload.
     */
    public Builder readTimeout(Duration t) {
      this.readTimeout = checkTimeout(t);
      return this;
    }

    private static Duration checkTimeout(Duration t) {
      Objects.requireNonNull(t, "timeout == null");
      if (t.isNegative()) {
        throw new IllegalArgumentException("negative timeout: " + t);
      }
      return t;
    }

    /** False accepts any certificate and host name (test servers only). Default true. */
    public Builder verifyTls(boolean verify) {
      this.verifyTls = verify;
      return this;
    }

    /** Trusts exactly the CA certificates in this PEM file instead of the JDK's. */
    public Builder caBundle(Path pemFile) {
      this.caBundle = Objects.requireNonNull(pemFile, "pemFile == null");
      return this;
    }

    /** Shares this client's connection pool and dispatcher; its interceptors are kept. */
    public Builder okHttpClient(OkHttpClient shared) {
      this.shared = Objects.requireNonNull(shared, "shared == null");
      return this;
    }

    /** The {@code User-Agent} header. */
    public Builder userAgent(String ua) {
      this.userAgent = Objects.requireNonNull(ua, "ua == null");
      return this;
    }

    /** Retries of transient failures (default {@link RetryPolicy#defaults()}). */
    public Builder retryPolicy(RetryPolicy p) {
      this.retryPolicy = Objects.requireNonNull(p, "p == null");
      return this;
    }

    // Tests replace the sleeper so that retries do not wait.
    Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws IllegalStateException if the base URL is missing, both password and token are set, or
     *     a password is set without a user name
     */
    public DevpiClient build() {
      if (baseUrl == null) {
        throw new IllegalStateException("baseUrl is required");
      }
      if (password != null && token != null) {
        throw new IllegalStateException("password and token are exclusive");
      }
      return new DevpiClient(this);
    }
  }
}
