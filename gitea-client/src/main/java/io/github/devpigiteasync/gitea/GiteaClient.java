package io.github.devpigiteasync.gitea;

import io.github.devpigiteasync.gitea.internal.AuthInterceptor;
import io.github.devpigiteasync.gitea.internal.GiteaJson;
import io.github.devpigiteasync.gitea.model.ApiSettings;
import io.github.devpigiteasync.gitea.model.GiteaVersion;
import io.github.devpigiteasync.gitea.model.ServerInfo;
import io.github.devpigiteasync.gitea.model.ServerKind;
import io.github.devpigiteasync.http.Backoff;
import io.github.devpigiteasync.http.HttpStack;
import io.github.devpigiteasync.http.RetrySettings;
import io.github.devpigiteasync.http.Sleeper;
import io.github.devpigiteasync.http.Tls;
import io.github.devpigiteasync.http.UserAgentInterceptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client for one Gitea instance. Immutable and thread-safe; create one per instance and share it.
 *
 * <pre>{@code
 * GiteaClient gitea = GiteaClient.builder()
 *     .baseUrl("https://git.example.org/gitea/")
 *     .token(System.getenv("GITEA_TOKEN"))
 *     .build();
 * List<PackageFile> files = gitea.packages().files("acme", "pypi", "acme-utils", "1.2.0");
 * }</pre>
 */
public final class GiteaClient {
  private static final Logger log = LoggerFactory.getLogger(GiteaClient.class);

  private final Builder settings;
  private final HttpUrl baseUrl;
  private final boolean anonymous;
  private final @Nullable Integer pageSizeBound;
  private final int readAhead;
  private final Transport transport;
  private final PackagesService packages;
  private final ReposService repos;
  private volatile @Nullable GiteaVersion cachedVersion;
  private volatile @Nullable ServerInfo cachedServer;
  private volatile @Nullable ApiSettings cachedSettings;

  private GiteaClient(Builder b, HttpUrl baseUrl, OkHttpClient http, Backoff backoff) {
    this.settings = b.copy();
    this.baseUrl = baseUrl;
    this.anonymous = b.token == null;
    this.pageSizeBound = b.pageSize;
    this.readAhead = b.readAhead;
    this.transport = new Transport(http, baseUrl, new GiteaJson());
    this.packages = new PackagesService(this, transport, backoff);
    this.repos = new ReposService(transport);
  }

  /** A new builder with default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder pre-filled with this client's settings, e.g. to derive a client with another token.
   */
  public Builder newBuilder() {
    return settings.copy();
  }

  /** Package registry operations. */
  public PackagesService packages() {
    return packages;
  }

  /** Repository operations. */
  public ReposService repos() {
    return repos;
  }

  /** The normalised instance root URL, ending in {@code /} (not the {@code api/v1/} URL). */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /**
   * The server's version, fetched once and cached.
   *
   * <p>{@code GET /api/v1/version}
   */
  public GiteaVersion version() {
    GiteaVersion v = cachedVersion;
    if (v == null) {
      v =
          transport.get(
              transport.api("version").build(),
              r -> transport.json.readVersion(r.body().byteStream()));
      cachedVersion = v;
    }
    return v;
  }

  /**
   * Detects the server once and caches it. Forgejo when its version decides it: the {@code +gitea-}
   * suffix of an official build, or a major version of 2 or more (Gitea is still 1.x; Forgejo
   * counts from 7); otherwise Forgejo when {@code GET /api/forgejo/v1/version} answers 200, and
   * Gitea when that route answers 404 (or refuses with 401/403). The suffix alone is not enough:
   * Forgejo built from a source tarball reports a bare {@code 15.0.3}, which would read as a Gitea
   * release newer than any, and the Forgejo 1.x releases report {@code 1.21.11-1}.
   *
   * <p>{@code GET /api/v1/version}, then {@code GET /api/forgejo/v1/version} only when the version
   * did not decide
   */
  public ServerInfo server() {
    ServerInfo s = cachedServer;
    if (s == null) {
      GiteaVersion v = version();
      boolean forgejo = v.hasForgejoSuffix() || v.atLeast(2, 0) || answersForgejoVersion();
      s = new ServerInfo(forgejo ? ServerKind.FORGEJO : ServerKind.GITEA, v);
      log.info(
          "Server at {} is {} (package API as {})",
          baseUrl.host(),
          s,
          forgejo ? "Gitea 1.23" : "reported");
      cachedServer = s;
    }
    return s;
  }

  private boolean answersForgejoVersion() {
    HttpUrl url =
        baseUrl
            .newBuilder()
            .addPathSegment("api")
            .addPathSegment("forgejo")
            .addPathSegment("v1")
            .addPathSegment("version")
            .build();
    try {
      return transport.get(url, r -> true);
    } catch (GiteaNotFoundException e) {
      return false;
    } catch (GiteaAuthenticationException e) {
      log.debug("{} refused {} ({}); taking it for Gitea", baseUrl.host(), url, e.status());
      return false;
    }
  }

  /**
   * The server's paging limits, fetched once and cached; Gitea's defaults (50/30) if the endpoint
   * answers 404.
   *
   * <p>{@code GET /api/v1/settings/api}
   */
  public ApiSettings apiSettings() {
    ApiSettings s = cachedSettings;
    if (s == null) {
      try {
        s =
            transport.get(
                transport.api("settings", "api").build(),
                r -> transport.json.readApiSettings(r.body().byteStream()));
      } catch (GiteaNotFoundException e) {
        log.debug("No /api/v1/settings/api on {}; assuming defaults", baseUrl.host());
        s = ApiSettings.DEFAULTS;
      }
      cachedSettings = s;
    }
    return s;
  }

  int effectivePageSize() {
    int max = apiSettings().maxResponseItems();
    Integer bound = pageSizeBound;
    return bound == null ? max : Math.min(bound, max);
  }

  int readAhead() {
    return readAhead;
  }

  @Override
  public String toString() {
    return "GiteaClient{baseUrl="
        + baseUrl
        + ", auth="
        + (anonymous ? "anonymous" : "token ****")
        + "}";
  }

  /** Configures a {@link GiteaClient}. Only {@link #baseUrl} is required. */
  public static final class Builder {
    private @Nullable HttpUrl baseUrl;
    private @Nullable String token;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration readTimeout;
    private @Nullable Duration writeTimeout;
    private boolean verifyTls = true;
    private @Nullable Path caBundle;
    private @Nullable OkHttpClient okHttpClient;
    private @Nullable String userAgent;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private @Nullable Integer pageSize;
    private int readAhead;
    private Sleeper sleeper = Sleeper.SYSTEM;

    Builder() {}

    Builder copy() {
      Builder b = new Builder();
      b.baseUrl = baseUrl;
      b.token = token;
      b.connectTimeout = connectTimeout;
      b.readTimeout = readTimeout;
      b.writeTimeout = writeTimeout;
      b.verifyTls = verifyTls;
      b.caBundle = caBundle;
      b.okHttpClient = okHttpClient;
      b.userAgent = userAgent;
      b.retryPolicy = retryPolicy;
      b.pageSize = pageSize;
      b.readAhead = readAhead;
      b.sleeper = sleeper;
      return b;
    }

    /**
     * The instance root, with or without a sub-path and trailing slash ({@code
     * https://host/gitea}). A trailing {@code api/v1} is removed.
     *
     * @throws IllegalArgumentException if it is not an http(s) URL, or has a query or fragment
     */
    public Builder baseUrl(String url) {
      Objects.requireNonNull(url, "url == null");
      HttpUrl parsed = HttpUrl.parse(url.trim());
      if (parsed == null) {
        throw new IllegalArgumentException("not an http(s) URL: " + redactUserInfo(url));
      }
      return baseUrl(parsed);
    }

    /** The instance root; see {@link #baseUrl(String)}. */
    public Builder baseUrl(HttpUrl url) {
      Objects.requireNonNull(url, "url == null");
      if (url.query() != null || url.fragment() != null) {
        throw new IllegalArgumentException("base URL must not have a query or fragment");
      }
      if (!url.username().isEmpty() || !url.password().isEmpty()) {
        throw new IllegalArgumentException("base URL must not contain credentials; use token()");
      }
      List<String> segments = new java.util.ArrayList<>(url.pathSegments());
      segments.removeIf(String::isEmpty);
      int n = segments.size();
      if (n >= 2 && segments.get(n - 2).equals("api") && segments.get(n - 1).equals("v1")) {
        segments = segments.subList(0, n - 2);
      }
      HttpUrl.Builder b = url.newBuilder().encodedPath("/");
      for (String s : segments) {
        b.addPathSegment(s);
      }
      if (!segments.isEmpty()) {
        b.addPathSegment("");
      }
      this.baseUrl = b.build();
      return this;
    }

    /** The access token, sent as {@code Authorization: token ...}; null or blank for anonymous. */
    public Builder token(@Nullable String token) {
      this.token = token == null || token.isBlank() ? null : token.strip();
      return this;
    }

    /** Sets connect, read and write timeouts at once. */
    public Builder timeout(Duration t) {
      checkTimeout(t);
      this.connectTimeout = t;
      this.readTimeout = t;
      this.writeTimeout = t;
      return this;
    }

    /** Connect timeout (default 10 s). */
    public Builder connectTimeout(Duration t) {
      this.connectTimeout = checkTimeout(t);
      return this;
    }

    /** Read timeout between bytes, also the write timeout (default 60 s). */
    public Builder readTimeout(Duration t) {
      this.readTimeout = checkTimeout(t);
      this.writeTimeout = t;
      return this;
    }

    /**
     * {@code false} trusts every certificate and host name (a warning is logged once per client).
     * For testing only; prefer {@link #caBundle}.
     */
    public Builder verifyTls(boolean verify) {
      this.verifyTls = verify;
      return this;
    }

    /** A PEM file of CA certificates that replaces the JDK trust store for this client. */
    public Builder caBundle(Path pemFile) {
      this.caBundle = Objects.requireNonNull(pemFile, "pemFile == null");
      return this;
    }

    /**
     * A shared client whose connection pool and dispatcher are reused (via {@code newBuilder()}).
     */
    public Builder okHttpClient(OkHttpClient shared) {
      this.okHttpClient = Objects.requireNonNull(shared, "shared == null");
      return this;
    }

    /** The User-Agent (default {@code devpi-gitea-sync-gitea-client/<version>}). */
    public Builder userAgent(String ua) {
      Objects.requireNonNull(ua, "ua == null");
      if (ua.isBlank()) {
        throw new IllegalArgumentException("userAgent is blank");
      }
      this.userAgent = ua;
      return this;
    }

    /** Retry policy for GET/HEAD requests; {@link RetryPolicy#none()} turns retries off. */
    public Builder retryPolicy(RetryPolicy p) {
      this.retryPolicy = Objects.requireNonNull(p, "p == null");
      return this;
    }

    /** Upper bound for the page size; the server's {@code max_response_items} applies otherwise. */
    public Builder pageSize(int maxPageSize) {
      if (maxPageSize < 1) {
        throw new IllegalArgumentException("pageSize < 1: " + maxPageSize);
      }
      this.pageSize = maxPageSize;
      return this;
    }

    /**
     * How many pages a listing may request ahead of the page being read, in parallel on the HTTP
     * client's dispatcher threads (default 0: each page is requested when iteration reaches it).
     * Read-ahead starts once a page has answered with an {@code X-Total-Count}, and requests only
     * pages that total says exist; entries still come in page order. It pays when the whole listing
     * is read (each page is a round trip otherwise); a caller that stops early may have caused up
     * to this many extra requests.
     */
    public Builder readAhead(int pages) {
      if (pages < 0) {
        throw new IllegalArgumentException("readAhead < 0: " + pages);
      }
      this.readAhead = pages;
      return this;
    }

    // Tests replace the sleeper so that retries do not depend on the wall clock.
    Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws IllegalStateException if no base URL is set, or both a CA bundle and {@code
     *     verifyTls(false)} are set
     * @throws IllegalArgumentException if the CA bundle cannot be read or holds no certificate
     */
    public GiteaClient build() {
      HttpUrl base = baseUrl;
      if (base == null) {
        throw new IllegalStateException("baseUrl is required");
      }
      if (!verifyTls && caBundle != null) {
        throw new IllegalStateException("caBundle and verifyTls(false) contradict each other");
      }
      OkHttpClient.Builder http =
          HttpStack.newBuilder(okHttpClient, connectTimeout, readTimeout, writeTimeout);
      http.followRedirects(true).followSslRedirects(true);
      Path bundle = caBundle;
      if (!verifyTls) {
        Tls.trustAll(http, base.host());
      } else if (bundle != null) {
        Tls.trustPemBundle(http, bundle);
      }
      Backoff backoff =
          new Backoff(
              new RetrySettings(
                  retryPolicy.maxAttempts(),
                  retryPolicy.initialBackoff(),
                  retryPolicy.maxBackoff()),
              sleeper);
      String ua = userAgent != null ? userAgent : defaultUserAgent();
      HttpStack.addInterceptors(http, new UserAgentInterceptor(ua), backoff);
      http.addNetworkInterceptor(new AuthInterceptor(base, token));
      return new GiteaClient(this, base, http.build(), backoff);
    }

    @Override
    public String toString() {
      return "GiteaClient.Builder{baseUrl="
          + baseUrl
          + ", auth="
          + (token == null ? "anonymous" : "token ****")
          + ", verifyTls="
          + verifyTls
          + ", retryPolicy="
          + retryPolicy
          + "}";
    }

    private static Duration checkTimeout(Duration t) {
      Objects.requireNonNull(t, "timeout == null");
      if (t.isNegative()) {
        throw new IllegalArgumentException("timeout is negative: " + t);
      }
      return t;
    }

    private static String redactUserInfo(String url) {
      return url.replaceAll("//[^/@]*@", "//****@");
    }

    static String defaultUserAgent() {
      String version = GiteaClient.class.getPackage().getImplementationVersion();
      return "devpi-gitea-sync-gitea-client/" + (version != null ? version : "dev");
    }
  }
}
