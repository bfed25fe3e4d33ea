package io.github.devpigiteasync.testkit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.testkit.StoredFile;
import io.github.devpigiteasync.testkit.internal.DevpiState.FileEntry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The devpi simulator, after {@code shared/notes/devpi-protocol.md}: set-up calls for tests, and
 * the routing of each request to its part ({@link DevpiState} holds the data, {@link
 * DevpiCredentials} authenticates, {@link DevpiPages} renders the read views, {@link DevpiWrites}
 * uploads and deletes). Thread-safe.
 */
public final class DevpiSim implements Route {
  private final DevpiState state = new DevpiState();
  private final DevpiResponses responses;
  private final DevpiCredentials credentials;
  private final DevpiPages pages;
  private final DevpiWrites writes;

  public DevpiSim(
      ObjectMapper mapper, BlobStore blobs, Clock clock, Duration tokenLifetime, long maxBodySize) {
    this.responses = new DevpiResponses(mapper);
    this.credentials = new DevpiCredentials(state, responses, mapper, clock, tokenLifetime);
    this.pages = new DevpiPages(state, responses, credentials);
    this.writes = new DevpiWrites(state, responses, credentials, blobs, clock, maxBodySize);
  }

  /** Sets the URL the simulator is reachable at, without a trailing slash. */
  public void baseUrl(String url) {
    pages.baseUrl(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  // ---------------------------------------------------------------- set-up

  public void user(String name, @Nullable String password) {
    state.user(name, password == null ? "" : password);
  }

  public void index(String userSlashIndex, boolean isVolatile, String... bases) {
    state.index(userSlashIndex, isVolatile, bases);
  }

  public void allowUpload(String userSlashIndex, String user) {
    state.allowUpload(userSlashIndex, user);
  }

  public String mintDevpiToken(String user) {
    return credentials.mintDevpiToken(user);
  }

  public void newSecret() {
    credentials.newSecret();
  }

  public List<StoredFile> files(String userSlashIndex) {
    return state.files(userSlashIndex);
  }

  // ---------------------------------------------------------------- routing

  @Override
  public void handle(Call call) throws IOException {
    List<String> seg = call.segments("/");
    String method = call.method();
    String path = call.path();
    if (method.equals("POST") && seg.size() == 2 && !seg.get(1).startsWith("+")) {
      writes.upload(call, seg.get(0) + "/" + seg.get(1));
      return;
    }
    if ((method.equals("GET") || method.equals("HEAD"))
        && seg.size() == 6
        && seg.get(2).equals("+f")) {
      Optional<FileEntry> file;
      synchronized (state.lock) {
        responses.common(call, state.serial);
        file = pages.fileView(call, path);
      }
      if (file.isPresent()) {
        // streamed outside the lock: a slow download must not block other requests
        call.header("Cache-Control", "max-age=365000000, immutable, public");
        call.header("Last-Modified", DevpiPages.HTTP_DATE.format(file.get().when()));
        call.sendFile(
            200,
            file.get().filename().endsWith(".whl") ? "None" : "application/octet-stream",
            file.get().path());
      }
      return;
    }
    synchronized (state.lock) {
      responses.common(call, state.serial);
      route(call, method, path, seg);
    }
  }

  private void route(Call call, String method, String path, List<String> seg) throws IOException {
    if (method.equals("POST") && path.equals("/+login")) {
      credentials.login(call);
    } else if (method.equals("GET") && seg.equals(List.of("+api"))) {
      pages.api(call, null);
    } else if (method.equals("GET") && seg.size() == 3 && seg.get(2).equals("+api")) {
      pages.api(call, seg.get(0) + "/" + seg.get(1));
    } else if (method.equals("GET") && seg.size() == 2) {
      pages.indexConfig(call, seg.get(0) + "/" + seg.get(1));
    } else if (method.equals("GET") && seg.size() >= 3 && seg.get(2).equals("+simple")) {
      pages.simple(call, seg, path.endsWith("/"));
    } else if (method.equals("GET") && (seg.size() == 3 || seg.size() == 4)) {
      pages.projectOrVersion(call, seg);
    } else if (method.equals("DELETE") && seg.size() == 6 && seg.get(2).equals("+f")) {
      writes.deleteFile(call, seg, path);
    } else if (method.equals("DELETE") && (seg.size() == 3 || seg.size() == 4)) {
      writes.deleteProjectOrVersion(call, seg);
    } else {
      responses.message(call, 404, "The resource could not be found.");
    }
  }
}
