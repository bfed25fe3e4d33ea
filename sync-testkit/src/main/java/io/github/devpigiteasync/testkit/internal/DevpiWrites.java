package io.github.devpigiteasync.testkit.internal;

import static io.github.devpigiteasync.testkit.internal.DevpiResponses.HTML;
import static io.github.devpigiteasync.testkit.internal.DevpiResponses.acceptsJson;

import io.github.devpigiteasync.testkit.internal.DevpiState.FileEntry;
import io.github.devpigiteasync.testkit.internal.DevpiState.Index;
import io.github.devpigiteasync.testkit.internal.DevpiState.Version;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devpi simulator's writes: the multipart upload with devpi's checks and answers (notes §4) and
 * the deletes (§6). As in devpi behind waitress, the whole body is read before anything is decided,
 * and a body that ends early or is aborted stores nothing (§4.6).
 */
final class DevpiWrites {
  private static final Logger log = LoggerFactory.getLogger(DevpiWrites.class);
  private static final List<String> ARCHIVE_EXTENSIONS =
      List.of(
          ".whl", ".tar.gz", ".tgz", ".zip", ".bz2", ".egg", ".exe", ".msi", ".dmg", ".rpm",
          ".deb");

  private final DevpiState state;
  private final DevpiResponses responses;
  private final DevpiCredentials credentials;
  private final BlobStore blobs;
  private final Clock clock;
  private final long maxBodySize;

  DevpiWrites(
      DevpiState state,
      DevpiResponses responses,
      DevpiCredentials credentials,
      BlobStore blobs,
      Clock clock,
      long maxBodySize) {
    this.state = state;
    this.responses = responses;
    this.credentials = credentials;
    this.blobs = blobs;
    this.clock = clock;
    this.maxBodySize = maxBodySize;
  }

  // ---------------------------------------------------------------- upload

  /** {@code POST /{user}/{index}/}: reads the whole body first, then decides under the lock. */
  void upload(Call call, String indexId) throws IOException {
    long declared = call.requestContentLength();
    List<Multipart.Part> parts = List.of();
    try {
      if (declared > maxBodySize) {
        throw new Multipart.TooLargeException();
      }
      String boundary = Multipart.boundary(call.header("Content-Type").orElse(null));
      if (boundary != null) {
        parts =
            Multipart.parse(new Multipart.LimitedStream(call.body(), maxBodySize), boundary, blobs);
      } else {
        call.body().transferTo(new CountingSink(maxBodySize));
      }
    } catch (Multipart.TooLargeException e) {
      call.drainBody();
      synchronized (state.lock) {
        responses.common(call, state.serial);
      }
      responses.tooLarge(call, maxBodySize);
      return;
    } catch (IOException e) {
      // waitress hands devpi only complete bodies: a truncated or aborted one stores nothing, and
      // the client that broke it off is not listening any more
      log.debug("devpi upload to {} ended before its body was complete: {}", indexId, e.toString());
      throw e;
    }
    try {
      synchronized (state.lock) {
        responses.common(call, state.serial);
        submit(call, indexId, parts);
      }
    } finally {
      for (Multipart.Part p : parts) {
        if (p.file() != null && !state.isLiveBlob(p.file())) {
          Files.deleteIfExists(p.file());
        }
      }
    }
  }

  /** Counts the bytes of a body that is not multipart; fails once it exceeds the limit. */
  private static final class CountingSink extends OutputStream {
    private final long max;
    private long n;

    CountingSink(long max) {
      this.max = max;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      n += len;
      if (n > max) {
        throw new Multipart.TooLargeException();
      }
    }
  }

  private void submit(Call call, String indexId, List<Multipart.Part> parts) throws IOException {
    Index index = state.indexes.get(indexId);
    if (index == null) {
      if (acceptsJson(call)) {
        responses.stageNotFound(call, indexId);
      } else {
        call.sendText(404, HTML, "The stage " + indexId + " could not be found.");
      }
      return;
    }
    DevpiCredentials.Auth auth = credentials.auth(call);
    if (auth.tokenError() != null) {
      responses.message(call, 403, auth.tokenError());
      return;
    }
    String user = auth.user();
    if (user == null) {
      responses.unauthorized(call);
      return;
    }
    if (!index.acl.contains(user) && !user.equals("root")) {
      responses.abort(call, 403, "no permission to submit");
      return;
    }
    Map<String, List<String>> form = new LinkedHashMap<>();
    Multipart.Part content = null;
    for (Multipart.Part p : parts) {
      if (p.file() != null) {
        if (p.name().equals("content")) {
          content = p;
        }
      } else {
        form.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p.value());
      }
    }
    String action = first(form, ":action");
    if (action == null) {
      responses.message(call, 400, "Bad request: could not decode json");
      return;
    }
    if (!List.of("file_upload", "submit", "doc_upload").contains(action)) {
      responses.abort(call, 400, "action " + Names.pyRepr(action) + " not supported");
      return;
    }
    String name = first(form, "name");
    String version = first(form, "version");
    if (name == null || version == null) {
      responses.internalError(call);
      return;
    }
    if (version.isEmpty()) {
      responses.abort(call, 400, "invalid metadata: Missing required field \"version\"");
      return;
    }
    if ((name + version).matches(".*[<>%#\"].*")) {
      responses.abort(call, 400, "invalid metadata: Invalid package name or version (URL safety)");
      return;
    }
    if (!name.matches("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")) {
      responses.abort(
          call,
          400,
          "invalid metadata: Invalid package name. Names must contain only ASCII letters, "
              + "digits, underscores, hyphens, and periods");
      return;
    }
    if (action.equals("doc_upload")) {
      call.sendEmpty(200, HTML);
      return;
    }
    String project = Names.pep503(name);
    if (action.equals("submit")) {
      Version v =
          index
              .projects
              .computeIfAbsent(project, k -> new LinkedHashMap<>())
              .computeIfAbsent(version, k -> new Version(name, version));
      v.name = name;
      v.clearMeta();
      applyMeta(v, form);
      state.serial++;
      call.sendEmpty(200, HTML);
      return;
    }
    if (content == null) {
      responses.abort(call, 400, "content file field not found");
      return;
    }
    String filename = Objects.requireNonNull(content.filename());
    String escaped = version.replaceAll("[^\\w\\d.]+", "_");
    if (!filename.contains(version) && !filename.contains(escaped)) {
      responses.abort(
          call,
          400,
          "filename "
              + Names.pyRepr(filename)
              + " does not contain version "
              + Names.pyRepr(version));
      return;
    }
    if (ARCHIVE_EXTENSIONS.stream().noneMatch(e -> filename.toLowerCase(Locale.ROOT).endsWith(e))) {
      responses.abort(call, 400, Names.pyRepr(filename) + " is not a valid archive name");
      return;
    }
    if (!Names.pep503(filename).startsWith(project)) {
      responses.abort(
          call,
          400,
          "filename "
              + Names.pyRepr(filename)
              + " does not match project name "
              + Names.pyRepr(name));
      return;
    }
    Map<String, Version> versions =
        index.projects.computeIfAbsent(project, k -> new LinkedHashMap<>());
    Version v = versions.get(version);
    if (v == null) {
      v = new Version(name, version);
      versions.put(version, v);
    }
    // metadata is written even when the file is then refused (notes §4.4)
    v.name = name;
    applyMeta(v, form);
    state.serial++;
    FileEntry existing = v.files.get(filename);
    Path file = Objects.requireNonNull(content.file());
    String href = DevpiPages.href(index, content.sha256(), filename);
    if (existing != null && !index.isVolatile) {
      if (existing.sha256().equals(content.sha256())) {
        call.reason("Upload of identical file to non volatile index.");
        call.sendText(
            200, HTML, "<html><body>Upload of identical file to non volatile index.</body></html>");
      } else {
        responses.abort(call, 409, filename + " already exists in non-volatile index");
      }
      return;
    }
    String what = "upload";
    if (existing != null) {
      state.liveFiles.remove(existing.href());
      if (!existing.href().equals(href)) {
        state.goneFiles.add(existing.href());
      }
      what = "overwrite";
    }
    FileEntry entry =
        new FileEntry(
            filename, file, content.size(), content.sha256(), href, clock.instant(), user, what);
    v.files.put(filename, entry);
    FileEntry previous = state.liveFiles.put(href, entry);
    if (previous != null && previous != existing) {
      // same bytes and name uploaded under another project share one URL, as in devpi
      log.debug("devpi file {} now shared", href);
    }
    state.goneFiles.remove(href);
    log.debug("devpi stored {}/{} {} {}", indexId, project, version, filename);
    call.sendEmpty(200, HTML);
  }

  private static @Nullable String first(Map<String, List<String>> form, String key) {
    List<String> values = form.get(key);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static void applyMeta(Version v, Map<String, List<String>> form) {
    for (String f : DevpiState.SINGLE_FIELDS) {
      String value = first(form, f);
      if (value != null) {
        v.meta.put(f, value.equals("UNKNOWN") ? "" : value);
      }
    }
    for (String f : DevpiState.LIST_FIELDS) {
      List<String> values = form.get(f);
      if (values != null) {
        v.meta.put(f, List.copyOf(values));
      }
    }
  }

  // ---------------------------------------------------------------- delete

  private boolean mayModify(Call call, Index index) throws IOException {
    DevpiCredentials.Auth auth = credentials.auth(call);
    if (auth.tokenError() != null) {
      responses.message(call, 403, auth.tokenError());
      return false;
    }
    String user = auth.user();
    if (user == null
        || !(index.acl.contains(user) || user.equals(index.user) || user.equals("root"))) {
      responses.permissionDenied(call);
      return false;
    }
    return true;
  }

  void deleteFile(Call call, List<String> seg, String path) throws IOException {
    String indexId = seg.get(0) + "/" + seg.get(1);
    Index index = state.indexes.get(indexId);
    if (index == null) {
      responses.stageNotFound(call, indexId);
      return;
    }
    if (!mayModify(call, index)) {
      return;
    }
    String rel = path.substring(1);
    FileEntry f = state.liveFiles.get(path);
    if (f == null) {
      responses.message(
          call,
          state.goneFiles.contains(path) ? 410 : 404,
          "file " + Names.pyRepr(rel) + " existed, deleted in later serial");
      return;
    }
    if (!index.isVolatile && !call.hasQuery("force")) {
      responses.message(call, 403, "cannot delete version on non-volatile index");
      return;
    }
    index
        .projects
        .values()
        .forEach(
            vs -> {
              vs.values().forEach(v -> v.files.values().removeIf(x -> x == f));
              vs.values().removeIf(v -> v.files.isEmpty());
            });
    index.projects.values().removeIf(Map::isEmpty);
    state.liveFiles.remove(path);
    state.goneFiles.add(path);
    state.serial++;
    responses.message(call, 200, "package " + Names.pyRepr(rel) + " deleted");
  }

  void deleteProjectOrVersion(Call call, List<String> seg) throws IOException {
    String indexId = seg.get(0) + "/" + seg.get(1);
    Index index = state.indexes.get(indexId);
    if (index == null) {
      responses.stageNotFound(call, indexId);
      return;
    }
    if (!mayModify(call, index)) {
      return;
    }
    String project = Names.pep503(seg.get(2));
    String repr = "<NormalizedName " + Names.pyRepr(seg.get(2)) + " " + Names.pyRepr(project) + ">";
    Map<String, Version> versions = index.projects.get(project);
    if (seg.size() == 3) {
      if (versions == null) {
        responses.message(
            call, 404, "project " + Names.pyRepr(project) + " not found on stage " + indexId);
        return;
      }
      if (!index.isVolatile && !call.hasQuery("force")) {
        responses.message(call, 403, "project " + repr + " is on non-volatile index " + indexId);
        return;
      }
      versions.values().forEach(this::forget);
      index.projects.remove(project);
      state.serial++;
      responses.message(call, 200, "project " + project + " deleted from stage " + indexId);
      return;
    }
    String version = seg.get(3);
    Version v = versions == null ? null : versions.get(version);
    if (v == null) {
      responses.message(
          call,
          404,
          "version "
              + Names.pyRepr(version)
              + " of project "
              + repr
              + " not found on stage "
              + Names.pyRepr(indexId));
      return;
    }
    if (!index.isVolatile && !call.hasQuery("force")) {
      responses.message(call, 403, "cannot delete version on non-volatile index");
      return;
    }
    forget(v);
    versions.remove(version);
    if (versions.isEmpty()) {
      index.projects.remove(project);
    }
    state.serial++;
    responses.message(
        call, 200, "project " + repr + " version " + Names.pyRepr(version) + " deleted");
  }

  private void forget(Version v) {
    for (FileEntry f : v.files.values()) {
      state.liveFiles.remove(f.href());
      state.goneFiles.add(f.href());
    }
  }
}
