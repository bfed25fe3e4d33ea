package io.github.devpigiteasync.gitea;

import io.github.devpigiteasync.gitea.internal.ErrorDecoder;
import io.github.devpigiteasync.gitea.internal.Pager;
import io.github.devpigiteasync.gitea.internal.SimplePageParser;
import io.github.devpigiteasync.gitea.model.DownloadResult;
import io.github.devpigiteasync.gitea.model.GiteaPackage;
import io.github.devpigiteasync.gitea.model.PackageFile;
import io.github.devpigiteasync.gitea.model.SimpleFile;
import io.github.devpigiteasync.http.Backoff;
import io.github.devpigiteasync.http.RetryInterceptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Package registry operations, reached through {@link GiteaClient#packages()}. */
public final class PackagesService {
  private static final Logger log = LoggerFactory.getLogger(PackagesService.class);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final int BUFFER = 64 * 1024;
  // pip's own Accept: the JSON form when the server has it (Forgejo v16+), HTML otherwise
  static final String SIMPLE_ACCEPT =
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2,"
          + " text/html;q=0.01";

  private final GiteaClient client;
  private final Transport transport;
  private final Backoff backoff;

  PackagesService(GiteaClient client, Transport transport, Backoff backoff) {
    this.client = client;
    this.transport = transport;
    this.backoff = backoff;
  }

  /**
   * Lists an owner's package <em>versions</em> (one entry per version, newest first), lazily.
   *
   * <p>{@code GET /api/v1/packages/{owner}?type=&q=&page=&limit=}. The page size is the server's
   * {@code max_response_items} (bounded by {@link GiteaClient.Builder#pageSize}); entries are
   * de-duplicated by id. An owner without packages gives an empty listing. Requests happen while
   * iterating, so the exceptions below surface from the iterator.
   *
   * @throws GiteaNotFoundException if the owner does not exist
   * @throws GiteaAuthenticationException on 401/403 (no token, or no access to a private owner)
   */
  public Paged<GiteaPackage> list(String owner, PackageQuery query) {
    Objects.requireNonNull(owner, "owner == null");
    Objects.requireNonNull(query, "query == null");
    Transport.checkSegment(owner);
    HttpUrl.Builder url = transport.api("packages", owner);
    if (!query.type().isEmpty()) {
      url.addQueryParameter("type", query.type());
    }
    String q = query.q();
    if (q != null && !q.isEmpty()) {
      url.addQueryParameter("q", q);
    }
    HttpUrl listing = url.build();
    return new Paged<>(
        () ->
            new Pager<>(
                (page, limit) -> transport.get(pageUrl(listing, page, limit), this::readPage),
                client.effectivePageSize(),
                GiteaPackage::id,
                client.readAhead(),
                (page, limit) ->
                    transport.getAsync(pageUrl(listing, page, limit), this::readPage)));
  }

  /**
   * Lists the versions of one package, lazily, newest first. An unknown package gives an empty
   * listing on every server version; an unknown owner throws {@link GiteaNotFoundException} (while
   * iterating). For {@code pypi}, every {@code .} and {@code _} in {@code name} is replaced by
   * {@code -} first, as Gitea does when it stores a PyPI name, so {@code foo_bar} finds {@code
   * foo-bar}; runs of {@code -} are kept ({@code a--b} is not {@code a-b}).
   *
   * <p>Gitea 1.24+: {@code GET /api/v1/packages/{owner}/{type}/{name}?page=&limit=} (1.26+ answers
   * 404 for unknown names, 1.24/1.25 {@code 200 []}). Gitea 1.23 and every Forgejo (see {@link
   * GiteaClient#server()}): {@code GET /api/v1/packages/{owner}?type={type}&q={name}}, keeping only
   * exact name matches (ignoring case), since {@code q} is a substring filter.
   */
  public Paged<GiteaPackage> versions(String owner, String type, String name) {
    Objects.requireNonNull(owner, "owner == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(name, "name == null");
    Transport.checkSegment(owner);
    Transport.checkSegment(type);
    String stored = Transport.checkSegment(storedName(type, name));
    String lowerName = stored.toLowerCase(Locale.ROOT);
    return new Paged<>(
        () -> {
          // Forgejo reports 7.x-17.x but has no per-package route: its package API is Gitea 1.23's
          if (!client.server().packageApiAtLeast(1, 24)) {
            Iterator<GiteaPackage> all =
                list(owner, new PackageQuery(type, stored)).stream()
                    .filter(p -> p.name().toLowerCase(Locale.ROOT).equals(lowerName))
                    .iterator();
            return all;
          }
          HttpUrl listing = transport.api("packages", owner, type, stored).build();
          return new Pager<>(
              (page, limit) -> {
                try {
                  return transport.get(pageUrl(listing, page, limit), this::readPage);
                } catch (GiteaNotFoundException e) {
                  if (page == 1) {
                    // 1.26+ answer 404 for an unknown package and for an unknown owner alike; one
                    // listing request
                    // of the owner tells them apart (it throws GiteaNotFoundException when the
                    // owner is missing)
                    transport.get(
                        pageUrl(
                            transport
                                .api("packages", owner)
                                .addQueryParameter("type", type)
                                .build(),
                            1,
                            1),
                        this::readPage);
                    log.debug("No versions of {}/{}/{} (404)", owner, type, stored);
                    return new Pager.Page<GiteaPackage>(List.of(), 0L);
                  }
                  throw e;
                }
              },
              client.effectivePageSize(),
              GiteaPackage::id,
              client.readAhead(),
              (page, limit) -> transport.getAsync(pageUrl(listing, page, limit), this::readPage));
        });
  }

  // Gitea's PyPI upload stores the name with "." and "_" replaced by "-" (case kept, runs of "-"
  // not
  // collapsed), and API v1 compares {name} with lower_name without any normalisation; the PyPI
  // registry routes do this replacement themselves. Stored PyPI names never contain "." or "_", so
  // the replacement cannot make an existing package unreachable. Other types are left alone.
  static String storedName(String type, String name) {
    return type.equalsIgnoreCase("pypi") ? name.replace('.', '-').replace('_', '-') : name;
  }

  private static HttpUrl pageUrl(HttpUrl listing, int page, int limit) {
    return listing
        .newBuilder()
        .addQueryParameter("page", Integer.toString(page))
        .addQueryParameter("limit", Integer.toString(limit))
        .build();
  }

  private Pager.Page<GiteaPackage> readPage(Response r) throws IOException {
    List<GiteaPackage> items = transport.json.readPackages(r.body().byteStream());
    Long total = parseTotal(r.header("X-Total-Count"));
    HttpUrl url = r.request().url();
    log.debug(
        "Fetched {} entries from {} page {} (total {})",
        items.size(),
        url.encodedPath(),
        url.queryParameter("page"),
        total);
    return new Pager.Page<>(items, total);
  }

  private static @Nullable Long parseTotal(@Nullable String header) {
    if (header == null) {
      return null;
    }
    try {
      long total = Long.parseLong(header.trim());
      return total < 0 ? null : total;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Lists the files of one version, sorted by filename (Gitea itself returns them unordered). The
   * list may be empty. For {@code pypi} the name is mapped like in {@link #versions}; the version
   * is sent exactly as given.
   *
   * <p>{@code GET /api/v1/packages/{owner}/{type}/{name}/{version}/files}
   *
   * @throws GiteaNotFoundException if the package or version does not exist
   */
  public List<PackageFile> files(String owner, String type, String name, String version) {
    Objects.requireNonNull(owner, "owner == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(version, "version == null");
    HttpUrl url =
        transport.api("packages", owner, type, storedName(type, name), version, "files").build();
    return transport.get(url, r -> transport.json.readFiles(r.body().byteStream()));
  }

  /**
   * Reads the simple page of one project: every file of every version, with its SHA-256 and {@code
   * Requires-Python}. Asks for the PEP 691 JSON form first and the PEP 503 HTML page second; Gitea
   * and Forgejo before v16 answer HTML, Forgejo v16+ JSON, and both forms are read.
   *
   * <p>{@code GET /api/packages/{owner}/pypi/simple/{name}}
   *
   * @throws GiteaNotFoundException if the project has no versions
   */
  public List<SimpleFile> pypiSimple(String owner, String name) {
    HttpUrl url = transport.packagesApi(owner, "pypi", "simple", name).build();
    Request request = new Request.Builder().url(url).header("Accept", SIMPLE_ACCEPT).get().build();
    try (Response response = transport.http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw transport.errors.toException(response);
      }
      // Forgejo sends two Content-Type lines (the PEP 691 type, then text/html or
      // application/json); any of them naming JSON means the JSON form
      boolean json =
          response.headers("Content-Type").stream()
              .anyMatch(t -> t.toLowerCase(Locale.ROOT).contains("json"));
      String body = boundedBody(response, url);
      return json
          ? SimplePageParser.parseJson(body, response.request().url(), transport.json.mapper())
          : SimplePageParser.parse(body, response.request().url());
    } catch (IOException e) {
      throw ErrorDecoder.transport("GET", url.encodedPath(), e);
    }
  }

  /** Largest simple page read (16 MiB); a project with a thousand releases has about 1 MiB. */
  static final long MAX_SIMPLE_PAGE_BYTES = 16L << 20;

  private static String boundedBody(Response response, HttpUrl url) throws IOException {
    okio.BufferedSource source = response.body().source();
    if (source.request(MAX_SIMPLE_PAGE_BYTES + 1)) {
      throw new GiteaException(
          "GET "
              + url.encodedPath()
              + ": the simple page is larger than "
              + (MAX_SIMPLE_PAGE_BYTES >> 20)
              + " MiB (the limit); refusing it");
    }
    return source.readString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Downloads one PyPI file to {@code target}, streaming. The bytes go to a temporary file next to
   * the target, which is moved into place only after the download completed and (if {@code
   * expectedSha256} is given) the SHA-256 matched; on any failure no file is left behind. A body
   * that breaks off is fetched again from the start, following the retry policy. Redirects to
   * object storage are followed without the Gitea token.
   *
   * <p>{@code GET /api/packages/{owner}/pypi/files/{name}/{version}/{filename}}
   *
   * @param filename untrusted server value; it only ever becomes a percent-encoded URL segment
   * @throws GiteaIntegrityException if the SHA-256 differs
   * @throws GiteaNotFoundException if the file does not exist
   * @throws GiteaTransportException on I/O failure, including writing {@code target}
   */
  public DownloadResult download(
      String owner,
      String name,
      String version,
      String filename,
      Path target,
      @Nullable String expectedSha256,
      @Nullable ProgressListener progress) {
    Objects.requireNonNull(target, "target == null");
    if (expectedSha256 != null && !SHA256.matcher(expectedSha256).matches()) {
      throw new IllegalArgumentException("expectedSha256 is not 64 hex digits");
    }
    HttpUrl url = fileUrl(owner, name, version, filename);
    Path absolute = target.toAbsolutePath();
    Path dir = Objects.requireNonNull(absolute.getParent(), "target has no parent directory");
    int maxAttempts = backoff.policy().maxAttempts();
    for (int attempt = 1; ; attempt++) {
      boolean bodyStarted = false;
      Path temp = null;
      try {
        Files.createDirectories(dir);
        temp = Files.createTempFile(dir, ".gitea-download-", ".part");
        Request request = new Request.Builder().url(url).get().build();
        MessageDigest digest = sha256();
        long size = 0;
        try (Response response = transport.http.newCall(request).execute()) {
          if (!response.isSuccessful()) {
            throw transport.errors.toException(response);
          }
          bodyStarted = true;
          ResponseBody body = response.body();
          // WRITE only: the temp file is new and empty, and truncating it would make ext4 flush the
          // whole file on close
          try (InputStream in = body.byteStream();
              OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) != -1) {
              out.write(buffer, 0, n);
              digest.update(buffer, 0, n);
              size += n;
              if (progress != null) {
                progress.transferred(size);
              }
            }
          }
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actual)) {
          throw new GiteaIntegrityException(
              filename, expectedSha256.toLowerCase(Locale.ROOT), actual);
        }
        moveIntoPlace(temp, absolute);
        log.debug("Downloaded {} ({} bytes) to {}", filename, size, absolute);
        return new DownloadResult(absolute, size, actual);
      } catch (IOException e) {
        // Only a broken body is retried here; the retry interceptor already covered the request.
        if (!bodyStarted || attempt >= maxAttempts || !RetryInterceptor.isRetryable(e)) {
          throw ErrorDecoder.transport("GET", url.encodedPath(), e);
        }
        log.debug(
            "Download of {} broke off ({}), restarting (attempt {}/{})",
            filename,
            e.getClass().getSimpleName(),
            attempt + 1,
            maxAttempts);
        try {
          backoff.sleep(backoff.delay(attempt, null));
        } catch (InterruptedIOException ie) {
          throw ErrorDecoder.transport("GET", url.encodedPath(), ie);
        }
      } finally {
        if (temp != null) {
          deleteQuietly(temp);
        }
      }
    }
  }

  /**
   * Opens one PyPI file as a stream; the caller must close it. Redirects are followed without the
   * Gitea token. No hash is checked. Reading it into an {@link okio.Buffer} moves OkHttp's segments
   * without copying them; {@link BufferedSource#inputStream()} reads it as a plain stream.
   *
   * <p>{@code GET /api/packages/{owner}/pypi/files/{name}/{version}/{filename}}
   *
   * @throws GiteaNotFoundException if the file does not exist
   */
  public BufferedSource open(String owner, String name, String version, String filename) {
    HttpUrl url = fileUrl(owner, name, version, filename);
    Request request = new Request.Builder().url(url).get().build();
    Response response;
    try {
      response = transport.http.newCall(request).execute();
    } catch (IOException e) {
      throw ErrorDecoder.transport("GET", url.encodedPath(), e);
    }
    if (!response.isSuccessful()) {
      try (response) {
        throw transport.errors.toException(response);
      }
    }
    return response.body().source();
  }

  private HttpUrl fileUrl(String owner, String name, String version, String filename) {
    Objects.requireNonNull(owner, "owner == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(filename, "filename == null");
    return transport.packagesApi(owner, "pypi", "files", name, version, filename).build();
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      log.warn("Could not delete temporary file {}: {}", p, e.toString());
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
