package io.github.devpigiteasync.devpi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.devpi.internal.DevpiAuth;
import io.github.devpigiteasync.devpi.internal.DevpiJson;
import io.github.devpigiteasync.devpi.internal.ErrorDecoder;
import io.github.devpigiteasync.devpi.internal.ExchangeLogInterceptor;
import io.github.devpigiteasync.devpi.internal.FileRequestBody;
import io.github.devpigiteasync.devpi.internal.HeadersInterceptor;
import io.github.devpigiteasync.devpi.internal.Pep503;
import io.github.devpigiteasync.devpi.internal.RetryInterceptor;
import io.github.devpigiteasync.devpi.internal.Secret;
import io.github.devpigiteasync.devpi.internal.Sleeper;
import io.github.devpigiteasync.devpi.internal.StreamingMultipartBody;
import io.github.devpigiteasync.devpi.internal.TlsSupport;
import io.github.devpigiteasync.devpi.model.AuthStatus;
import io.github.devpigiteasync.devpi.model.IndexInfo;
import io.github.devpigiteasync.devpi.model.ReleaseFile;
import io.github.devpigiteasync.devpi.model.VersionData;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger log = LoggerFactory.getLogger(DevpiClient.class);
  private static final String IDENTICAL_REASON = "upload of identical file";
  private static final int MAX_REDIRECTS = 5;

  private final Builder settings;
  private final HttpUrl baseUrl;
  private final OkHttpClient http;
  private final DevpiAuth auth;
  private final ObjectMapper mapper;
  private final ErrorDecoder errors;

  private DevpiClient(Builder builder) {
    this.settings = builder.copy();
    this.baseUrl = Objects.requireNonNull(builder.baseUrl, "baseUrl not set");
    this.mapper = new ObjectMapper();
    this.errors = new ErrorDecoder(mapper);

    Secret secret = builder.password != null ? builder.password : builder.token;
    DevpiAuth.Mode mode;
    if (secret == null) {
      mode = DevpiAuth.Mode.NONE;
    } else if (builder.token != null || secret.reveal().startsWith("devpi-")) {
      mode = DevpiAuth.Mode.BEARER;
    } else {
      mode = DevpiAuth.Mode.PASSWORD;
    }
    String user = builder.username == null ? "" : builder.username;
    if (mode == DevpiAuth.Mode.PASSWORD && user.isEmpty()) {
      throw new IllegalStateException("username is required with a password");
    }
    this.auth = new DevpiAuth(baseUrl, user, secret, mode, mapper, errors);

    OkHttpClient.Builder base =
        (builder.shared == null ? new OkHttpClient.Builder() : builder.shared.newBuilder())
            .connectTimeout(builder.connectTimeout)
            .readTimeout(builder.readTimeout)
            .writeTimeout(builder.readTimeout)
            // Never cap a whole call: uploads of big files may legitimately take long; read and
            // write timeouts act as inactivity timeouts instead.
            .callTimeout(Duration.ZERO)
            // devpi redirects GETs of non-normalised names; OkHttp would turn a redirected POST
            // into
            // a GET, so redirects are followed by hand, for GET only.
            .followRedirects(false)
            .followSslRedirects(false)
            // Our RetryInterceptor is the one place retries happen, so RetryPolicy.none() really
            // means one attempt; its default policy also covers stale pooled connections.
            .retryOnConnectionFailure(false);
    if (!builder.verifyTls) {
      TlsSupport.trustAll(base);
    } else if (builder.caBundle != null) {
      TlsSupport.trustPemBundle(base, builder.caBundle);
    }
    base.interceptors().add(0, new HeadersInterceptor(builder.userAgent));
    base.interceptors()
        .add(
            1,
            new RetryInterceptor(
                builder.retryPolicy.maxAttempts(),
                builder.retryPolicy.initialBackoff(),
                builder.retryPolicy.maxBackoff(),
                builder.sleeper,
                Clock.systemUTC()));
    base.interceptors().add(2, new ExchangeLogInterceptor());
    OkHttpClient loginClient = base.build();
    auth.loginClient(loginClient);
    this.http =
        loginClient
            .newBuilder()
            .addInterceptor(auth.interceptor())
            .authenticator(auth.authenticator())
            .build();
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
    return DevpiJson.authStatus(getJson(url));
  }

  /**
   * Reads an index's configuration: {@code GET /{user}/{index}?no_projects=}.
   *
   * @throws DevpiNotFoundException if the user or index does not exist
   */
  public IndexInfo index(IndexRef index) {
    HttpUrl url = indexUrl(index).newBuilder().addQueryParameter("no_projects", "").build();
    return DevpiJson.index(index.toString(), getJson(url));
  }

  /**
   * Lists the files stored in this index itself, not inherited through bases: {@code GET
   * /{user}/{index}/{project}?ignore_bases}. Empty when the project is absent.
   *
   * @throws DevpiNotFoundException if the index does not exist
   */
  public List<ReleaseFile> ownFiles(IndexRef index, String project) {
    String stage = index.toString();
    return project(index, project, false).values().stream()
        .flatMap(v -> v.files().stream())
        // ignore_bases already limits the answer; the href check also guards servers that ignore
        // it.
        .filter(f -> f.stage().isEmpty() || f.stage().equals(stage))
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * Lists a project's versions with their files: {@code GET /{user}/{index}/{project}}, adding
   * {@code ?ignore_bases} unless {@code includeBases}. Versions are in server order (unsorted).
   * Empty when the project is absent. The project name is PEP 503-normalised.
   *
   * @throws DevpiNotFoundException if the index does not exist
   */
  public Map<String, VersionData> project(IndexRef index, String project, boolean includeBases) {
    HttpUrl.Builder url = projectUrl(index, project).newBuilder();
    if (!includeBases) {
      url.addQueryParameter("ignore_bases", null);
    }
    HttpUrl built = url.build();
    Optional<JsonNode> root = getJsonOrEmptyOn404(built, index);
    return root.map(r -> DevpiJson.project(r, built)).orElse(Map.of());
  }

  /**
   * Reads one version: {@code GET /{user}/{index}/{project}/{version}} (always includes bases). The
   * version string is used exactly as given.
   *
   * @return empty if the project or version does not exist
   * @throws DevpiNotFoundException if the index does not exist
   */
  public Optional<VersionData> version(IndexRef index, String project, String version) {
    Objects.requireNonNull(version, "version == null");
    HttpUrl url = projectUrl(index, project).newBuilder().addPathSegment(version).build();
    return getJsonOrEmptyOn404(url, index)
        .map(root -> DevpiJson.version(version, root.path("result"), url));
  }

  /**
   * Uploads one file: {@code POST /{user}/{index}/} as streaming {@code multipart/form-data} with
   * {@code :action=file_upload}, {@code name}, {@code version}, the metadata fields and the file
   * part {@code content}. The file is never held in memory and is re-sent on retry or re-login.
   *
   * @param progress receives the number of file bytes written so far, or null
   * @return {@link UploadResult#IDENTICAL_ALREADY_PRESENT} when a non-volatile index already held
   *     the same bytes, otherwise {@link UploadResult#UPLOADED}
   * @throws DevpiConflictException different bytes under this name in a non-volatile index (409)
   * @throws DevpiInvalidUploadException devpi rejected file name, name or version (400)
   * @throws DevpiUnauthorizedException no valid credentials, even after logging in again (401)
   * @throws DevpiForbiddenException the user may not upload to this index (403)
   * @throws DevpiNotFoundException the index does not exist (404)
   * @throws DevpiTooLargeException the body exceeds the server or proxy limit (413)
   */
  public UploadResult upload(
      IndexRef index, UploadRequest request, @Nullable ProgressListener progress) {
    Objects.requireNonNull(request, "request == null");
    HttpUrl url = indexUrl(index).newBuilder().addPathSegment("").build();
    LongConsumer counter = progress == null ? null : progress::transferred;
    FileRequestBody fileBody;
    try {
      fileBody = new FileRequestBody(request.file(), counter);
    } catch (IOException e) {
      throw new DevpiException("cannot read " + request.file() + ": " + e.getMessage(), e);
    }
    MultipartBody.Builder form =
        new MultipartBody.Builder()
            .setType(MultipartBody.FORM)
            .addFormDataPart(":action", "file_upload")
            .addFormDataPart("name", request.name())
            .addFormDataPart("version", request.version());
    request.metadata().forEach((key, values) -> values.forEach(v -> form.addFormDataPart(key, v)));
    form.addFormDataPart("content", request.filename(), fileBody);
    Request post = new Request.Builder().url(url).post(form.build()).build();
    log.debug("Uploading {} ({} bytes) to {}", request.filename(), fileBody.contentLength(), index);
    try (Response response = execute(post)) {
      return uploadAnswer(response, request.filename(), index);
    }
  }

  /**
   * Uploads one file while its bytes are still arriving: {@code POST /{user}/{index}/} as a chunked
   * {@code multipart/form-data} body whose file part {@code content} is written by {@code source}
   * and whose form fields ({@code :action=file_upload}, name, version, metadata) follow once the
   * source returned them; devpi reads a form only after the whole body (notes §4.6). If the source
   * throws, the request is aborted before the end of its body, so devpi stores nothing. When devpi
   * fails after the file has passed (a reset, a 401 re-login, a retryable status), the form is
   * resent from the staged copy the source named, never read from the source again; a resend is
   * safe because devpi treats an identical re-upload as an overwrite or a no-op (notes §4.4).
   *
   * @param filename the bare file name devpi stores; the source's request must carry the same
   * @param progress receives the file bytes passed on so far (again from zero on a resend), or null
   * @return as {@link #upload(IndexRef, UploadRequest, ProgressListener)}
   * @throws DevpiUploadAbortedException the source failed; its exception is the cause
   * @throws DevpiConflictException different bytes under this name in a non-volatile index (409)
   * @throws DevpiInvalidUploadException devpi rejected file name, name or version (400)
   * @throws DevpiTooLargeException the body exceeds the server or proxy limit (413)
   */
  public UploadResult upload(
      IndexRef index, String filename, UploadSource source, @Nullable ProgressListener progress) {
    HttpUrl url = indexUrl(index).newBuilder().addPathSegment("").build();
    StreamingMultipartBody body =
        new StreamingMultipartBody(
            filename, source, progress == null ? null : progress::transferred);
    Request post = new Request.Builder().url(url).post(body).build();
    Call call = http.newCall(post);
    body.bind(call);
    log.debug("Streaming {} to {}", filename, index);
    try (Response response = call.execute()) {
      if (body.resends() > 0) {
        log.debug("{} was sent again from its staged copy {} time(s)", filename, body.resends());
      }
      return uploadAnswer(response, filename, index);
    } catch (IOException e) {
      Optional<Throwable> cause = body.abortCause();
      if (cause.isPresent()) {
        throw new DevpiUploadAbortedException(filename, cause.get());
      }
      throw new DevpiTransportException("POST " + ErrorDecoder.pathOf(url) + " failed: " + e, e);
    }
  }

  private UploadResult uploadAnswer(Response response, String filename, IndexRef index) {
    if (!response.isSuccessful()) {
      throw errors.decode(response, true);
    }
    if (identical(response)) {
      log.debug("{} already present with identical bytes in {}", filename, index);
      return UploadResult.IDENTICAL_ALREADY_PRESENT;
    }
    return UploadResult.UPLOADED;
  }

  /**
   * Deletes one file by its {@code href} (from {@link ReleaseFile#href()}): {@code DELETE <href>},
   * with {@code ?force} for non-volatile indices. A file already gone (404 or 410) counts as
   * deleted.
   *
   * @throws DevpiForbiddenException no permission, or a non-volatile index without {@code force}
   */
  public void deleteFile(String href, boolean force) {
    Objects.requireNonNull(href, "href == null");
    HttpUrl url = baseUrl.resolve(href);
    if (url == null) {
      throw new IllegalArgumentException("not a URL: " + href);
    }
    delete(url, force);
  }

  /**
   * Deletes a version with all its files: {@code DELETE /{user}/{index}/{project}/{version}}, with
   * {@code ?force} for non-volatile indices. A version already gone (404 or 410) counts as deleted.
   *
   * @throws DevpiForbiddenException no permission, or a non-volatile index without {@code force}
   */
  public void deleteVersion(IndexRef index, String project, String version, boolean force) {
    Objects.requireNonNull(version, "version == null");
    delete(projectUrl(index, project).newBuilder().addPathSegment(version).build(), force);
  }

  private void delete(HttpUrl target, boolean force) {
    HttpUrl url = target;
    if (force && url.queryParameterValues("force").isEmpty()) {
      url = url.newBuilder().addQueryParameter("force", null).build();
    }
    Request request = new Request.Builder().url(url).delete().build();
    Secret tokenBefore = auth.ensureToken();
    try {
      deleteOnce(request);
    } catch (DevpiForbiddenException e) {
      // An expired login token makes devpi treat us as anonymous, and DELETE then answers 403
      // (never 401), so the authenticator cannot see it. Log in again once and repeat.
      if (auth.mode() != DevpiAuth.Mode.PASSWORD) {
        throw e;
      }
      auth.renew(tokenBefore);
      deleteOnce(request);
    }
  }

  private void deleteOnce(Request request) {
    try (Response response = execute(request)) {
      int code = response.code();
      if (code == 404 || code == 410) {
        log.debug("{} already gone ({})", ErrorDecoder.pathOf(request.url()), code);
        return;
      }
      if (!response.isSuccessful()) {
        throw errors.decode(response, false);
      }
    }
  }

  private static boolean identical(Response response) {
    if (response.message().toLowerCase(Locale.ROOT).contains(IDENTICAL_REASON)) {
      return true;
    }
    // Behind HTTP/2 proxies there is no reason phrase; devpi repeats the text in the small HTML
    // body.
    try {
      String head = response.peekBody(4096).string();
      return head.toLowerCase(Locale.ROOT).contains(IDENTICAL_REASON);
    } catch (IOException e) {
      return false;
    }
  }

  private JsonNode getJson(HttpUrl url) {
    try (Response response = execute(new Request.Builder().url(url).get().build())) {
      if (!response.isSuccessful()) {
        throw errors.decode(response, false);
      }
      return readJson(response);
    }
  }

  private Optional<JsonNode> getJsonOrEmptyOn404(HttpUrl url, IndexRef index) {
    try (Response response = execute(new Request.Builder().url(url).get().build())) {
      if (response.code() == 404) {
        // devpi answers 404 both for a missing project/version and a missing index; tell them apart
        // with a cheap index lookup rather than by parsing human text.
        index(index);
        return Optional.empty();
      }
      if (!response.isSuccessful()) {
        throw errors.decode(response, false);
      }
      return Optional.of(readJson(response));
    }
  }

  private JsonNode readJson(Response response) {
    String where =
        response.request().method() + " " + ErrorDecoder.pathOf(response.request().url());
    try {
      JsonNode root = mapper.readTree(response.body().byteStream());
      // An empty body reads as a missing node; treat it like "{}".
      return root == null ? mapper.createObjectNode() : root;
    } catch (JsonProcessingException e) {
      throw new DevpiException(
          where + " answered with unreadable JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DevpiTransportException(where + " failed: " + e, e);
    }
  }

  /**
   * Executes a call, following redirects for GET only, mapping I/O failures to transport errors.
   */
  private Response execute(Request request) {
    Request current = request;
    for (int hop = 0; ; hop++) {
      Response response;
      try {
        response = http.newCall(current).execute();
      } catch (IOException e) {
        throw new DevpiTransportException(
            current.method() + " " + ErrorDecoder.pathOf(current.url()) + " failed: " + e, e);
      }
      String location = response.header("Location");
      if (!"GET".equals(current.method())
          || !response.isRedirect()
          || location == null
          || hop >= MAX_REDIRECTS) {
        return response;
      }
      HttpUrl next = current.url().resolve(location);
      response.close();
      if (next == null) {
        throw new DevpiException(
            "GET " + ErrorDecoder.pathOf(current.url()) + " redirected to an invalid URL");
      }
      current = current.newBuilder().url(next).build();
    }
  }

  private HttpUrl indexUrl(IndexRef index) {
    Objects.requireNonNull(index, "index == null");
    return baseUrl.newBuilder().addPathSegment(index.user()).addPathSegment(index.index()).build();
  }

  private HttpUrl projectUrl(IndexRef index, String project) {
    Objects.requireNonNull(project, "project == null");
    return indexUrl(index).newBuilder().addPathSegment(Pep503.normalize(project)).build();
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
