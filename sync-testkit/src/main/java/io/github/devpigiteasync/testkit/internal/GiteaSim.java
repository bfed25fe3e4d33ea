package io.github.devpigiteasync.testkit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.devpigiteasync.testkit.PublishedFile;
import io.github.devpigiteasync.testkit.WebhookDelivery;
import io.github.devpigiteasync.testkit.internal.GiteaAuth.AuthState;
import io.github.devpigiteasync.testkit.internal.GiteaAuth.Viewer;
import io.github.devpigiteasync.testkit.internal.GiteaState.FileRow;
import io.github.devpigiteasync.testkit.internal.GiteaState.Owner;
import io.github.devpigiteasync.testkit.internal.GiteaState.Repo;
import io.github.devpigiteasync.testkit.internal.GiteaState.Token;
import io.github.devpigiteasync.testkit.internal.GiteaState.Ver;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Gitea simulator, after {@code shared/notes/gitea-api.md}, or Forgejo after {@code
 * shared/notes/forgejo.md}: routing here; data in {@link GiteaState}, auth in {@link GiteaAuth},
 * bodies in {@link GiteaRender} and {@link GiteaWebhooks}, product and version differences in
 * {@link GiteaFlavor}. Thread-safe.
 */
public final class GiteaSim implements Route {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final String JSON = "application/json;charset=utf-8";
  private static final String TEXT = "text/plain;charset=utf-8";
  private static final String REALM = "Basic realm=\"Gitea Package API\"";
  private static final String PEP691_JSON = "application/vnd.pypi.simple.v1+json";

  /**
   * Fixed settings of one simulator.
   *
   * @param version the version string {@code GET /api/v1/version} reports
   * @param forgejo whether to behave as Forgejo (with {@code /api/forgejo/v1/version})
   */
  public record Settings(
      String version,
      boolean forgejo,
      int maxResponseItems,
      int defaultPagingNum,
      String rootUrl,
      String subPath,
      ZoneOffset zone,
      Instant start,
      Duration clockStep) {
    public Settings {
      Objects.requireNonNull(version, "version == null");
      Objects.requireNonNull(rootUrl, "rootUrl == null");
      Objects.requireNonNull(subPath, "subPath == null");
      Objects.requireNonNull(zone, "zone == null");
      Objects.requireNonNull(start, "start == null");
      Objects.requireNonNull(clockStep, "clockStep == null");
    }
  }

  private final Settings settings;
  private final GiteaFlavor flavor;
  private final ObjectMapper mapper;
  private final GiteaState state;
  private final GiteaAuth auth;
  private final GiteaRender render;
  private final GiteaWebhooks webhooks;

  public GiteaSim(Settings settings, ObjectMapper mapper, BlobStore blobs) {
    this.settings = settings;
    this.mapper = mapper;
    this.flavor = new GiteaFlavor(settings.forgejo(), versionWithoutSuffix(settings.version()));
    GiteaRender[] renderRef = new GiteaRender[1];
    this.state =
        new GiteaState(
            blobs,
            settings.start().getEpochSecond(),
            settings.clockStep(),
            (ver, row) -> renderRef[0].downloadUrl(ver, row));
    this.auth = new GiteaAuth(state, flavor);
    this.render = new GiteaRender(settings, mapper, state, auth);
    renderRef[0] = render;
    this.webhooks = new GiteaWebhooks(flavor, render, mapper);
  }

  private static String versionWithoutSuffix(String version) {
    int plus = version.indexOf('+');
    return plus < 0 ? version : version.substring(0, plus);
  }

  // ---------------------------------------------------------------- state changes

  public void owner(String name, boolean isPrivate) {
    state.owner(name, isPrivate);
  }

  public void token(String value, boolean packageScope, String... readableOwners) {
    state.token(value, packageScope, readableOwners);
  }

  public void repo(String owner, String name, boolean archived) {
    state.repo(owner, name, archived);
  }

  public void archive(String owner, String name, boolean archived) {
    state.archive(owner, name, archived);
  }

  public void link(String owner, String packageName, String repo) {
    state.link(owner, packageName, repo);
  }

  public void hide(String token, String owner, String repo) {
    state.hide(token, owner, repo);
  }

  /**
   * Stores a file, creating the package and version if new; the version's time is that of its first
   * file.
   */
  public PublishedFile publish(
      String owner,
      String packageName,
      String version,
      String filename,
      Path file,
      @Nullable String requiresPython) {
    return state.publish(owner, packageName, version, filename, file, requiresPython);
  }

  public boolean deleteVersion(String owner, String packageName, String version) {
    return state.deleteVersion(owner, packageName, version);
  }

  /** The {@code package} webhook the server sends for this version ({@code created}, ...). */
  public WebhookDelivery packageWebhook(String action, long versionId, String secret) {
    synchronized (state.lock) {
      Ver ver =
          state
              .version(versionId)
              .orElseThrow(() -> new IllegalArgumentException("no version with id " + versionId));
      return webhooks.delivery(action, ver, secret);
    }
  }

  /** Owners, packages and versions, for debugging output. */
  public Map<String, Integer> summary() {
    return state.summary();
  }

  // ---------------------------------------------------------------- HTTP

  @Override
  public void handle(Call call) throws IOException {
    String sub = settings.subPath();
    String path = call.path();
    if (!path.startsWith(sub) && !(path + "/").equals(sub)) {
      call.sendText(404, TEXT, "Not found.\n");
      return;
    }
    List<String> seg = call.segments(sub);
    boolean read = call.method().equals("GET") || call.method().equals("HEAD");
    if (seg.size() >= 2 && seg.get(0).equals("api") && seg.get(1).equals("v1")) {
      if (!read) {
        apiError(call, 405, "method not allowed");
        return;
      }
      // JSON answers are small, so they are written while holding the lock
      synchronized (state.lock) {
        apiV1(call, seg.subList(2, seg.size()));
      }
      return;
    }
    if (seg.equals(List.of("api", "forgejo", "v1", "version")) && flavor.forgejo() && read) {
      ObjectNode body = mapper.createObjectNode();
      body.put("version", settings.version());
      sendJson(call, body);
      return;
    }
    if (seg.size() >= 2 && seg.get(0).equals("api") && seg.get(1).equals("packages")) {
      if (!read) {
        call.sendText(405, TEXT, "Method Not Allowed\n");
        return;
      }
      Optional<FileRow> file;
      synchronized (state.lock) {
        file = registry(call, seg.subList(2, seg.size()));
      }
      if (file.isPresent()) {
        // streamed outside the lock: a slow download must not block other requests
        call.header("Content-Disposition", "attachment; filename=\"" + file.get().name() + "\"");
        call.header(
            "Last-Modified", HTTP_DATE.format(Instant.ofEpochSecond(file.get().createdUnix())));
        call.sendFile(200, "application/octet-stream", file.get().blob().path());
      }
      return;
    }
    call.sendText(404, TEXT, "Not found.\n");
  }

  private void apiError(Call call, int status, String message) throws IOException {
    ObjectNode body = mapper.createObjectNode();
    body.put("message", message);
    body.put("url", settings.rootUrl() + "api/swagger");
    call.sendText(status, JSON, mapper.writeValueAsString(body));
  }

  private void apiV1(Call call, List<String> rest) throws IOException {
    Viewer viewer = auth.viewer(call);
    if (viewer.state() == AuthState.INVALID) {
      apiError(call, 401, "user does not exist [uid: 0, name: ]");
      return;
    }
    if (rest.equals(List.of("version"))) {
      ObjectNode body = mapper.createObjectNode();
      body.put("version", settings.version());
      sendJson(call, body);
    } else if (rest.equals(List.of("settings", "api"))) {
      ObjectNode body = mapper.createObjectNode();
      body.put("max_response_items", settings.maxResponseItems());
      body.put("default_paging_num", settings.defaultPagingNum());
      body.put("default_git_trees_per_page", 1000);
      body.put("default_max_blob_size", 10485760);
      body.put("default_max_response_size", 52428800);
      sendJson(call, body);
    } else if (rest.size() == 3 && rest.get(0).equals("repos")) {
      Repo repo = state.repos.get(GiteaState.key(rest.get(1)) + "/" + GiteaState.key(rest.get(2)));
      if (repo == null || !auth.canSee(viewer, repo)) {
        apiError(call, 404, "The target couldn't be found.");
        return;
      }
      sendJson(call, render.repoJson(repo));
    } else if (rest.size() >= 2 && rest.get(0).equals("packages")) {
      packages(call, viewer, rest.get(1), rest.subList(2, rest.size()));
    } else {
      apiError(call, 404, "404 page not found");
    }
  }

  private void packages(Call call, Viewer viewer, String ownerName, List<String> sub)
      throws IOException {
    Owner owner = state.owners.get(GiteaState.key(ownerName));
    if (viewer.state() == AuthState.ANONYMOUS) {
      if (flavor.ownerCheckedBeforeToken() || flavor.anonymousReadsPublicOwners()) {
        // Gitea 1.23 and Forgejo v7-v10 check the owner and its visibility before reqToken;
        // Forgejo v12+ has no reqToken on reads at all
        if (owner == null) {
          apiError(call, 404, "GetUserByName");
          return;
        }
        if (owner.isPrivate) {
          apiError(call, 403, "user should have specific permission or be a site admin");
          return;
        }
      }
      if (!flavor.anonymousReadsPublicOwners()) {
        apiError(call, 401, "token is required");
        return;
      }
    }
    if (owner == null) {
      apiError(call, 404, "GetUserByName");
      return;
    }
    Token token = viewer.token();
    if (token != null && !token.packageScope()) {
      apiError(call, 403, "token does not have at least one of required scope(s): [read:package]");
      return;
    }
    if (owner.isPrivate && (token == null || !token.reads(owner))) {
      apiError(call, 403, "user should have specific permission or be a site admin");
      return;
    }
    if (sub.isEmpty()) {
      String type = call.query("type").orElse("");
      String q = call.query("q").orElse("");
      Pattern like = likePattern(q);
      List<Ver> matching = new ArrayList<>();
      if (type.isEmpty() || type.equals("all") || type.equals("pypi")) {
        for (Ver v : state.versions) {
          if (v.pkg.owner == owner && like.matcher(v.pkg.lowerName).find()) {
            matching.add(v);
          }
        }
      }
      sendPage(call, viewer, matching);
      return;
    }
    String type = sub.get(0);
    if (sub.size() < 2) {
      apiError(call, 404, "404 page not found");
      return;
    }
    String name = sub.get(1);
    List<Ver> ofPackage = new ArrayList<>();
    for (Ver v : state.versions) {
      if (v.pkg.owner == owner
          && type.equals("pypi")
          && v.pkg.lowerName.equals(GiteaState.key(name))) {
        ofPackage.add(v);
      }
    }
    if (sub.size() == 2) {
      // Gitea 1.23 and every Forgejo have no such route
      if (!flavor.packageApiAtLeast(1, 24)) {
        apiError(call, 404, "404 page not found");
      } else if (ofPackage.isEmpty() && flavor.packageApiAtLeast(1, 26)) {
        apiError(call, 404, "package does not exist");
      } else {
        sendPage(call, viewer, ofPackage);
      }
      return;
    }
    if (sub.size() == 4
        && sub.get(2).equals("-")
        && sub.get(3).equals("latest")
        && flavor.packageApiAtLeast(1, 24)) {
      Optional<Ver> latest = ofPackage.stream().max(Comparator.comparingLong(v -> v.id));
      if (latest.isEmpty()) {
        apiError(call, 404, "package does not exist");
      } else {
        sendJson(call, render.packageJson(latest.get(), viewer));
      }
      return;
    }
    Optional<Ver> ver =
        ofPackage.stream().filter(v -> v.version.equalsIgnoreCase(sub.get(2))).findFirst();
    if (ver.isEmpty() || sub.size() > 4 || (sub.size() == 4 && !sub.get(3).equals("files"))) {
      apiError(call, 404, "package does not exist");
      return;
    }
    if (sub.size() == 3) {
      sendJson(call, render.packageJson(ver.get(), viewer));
      return;
    }
    sendJson(call, render.filesJson(ver.get(), flavor.packageApiAtLeast(1, 24)));
  }

  // SQL LIKE '%q%' with unescaped % and _ wildcards, on lower_name
  private static Pattern likePattern(String q) {
    StringBuilder sb = new StringBuilder();
    for (char c : q.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '%') {
        sb.append(".*");
      } else if (c == '_') {
        sb.append('.');
      } else {
        sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(sb.toString(), Pattern.DOTALL);
  }

  private void sendPage(Call call, Viewer viewer, List<Ver> rows) throws IOException {
    rows.sort(
        Comparator.comparingLong((Ver v) -> v.createdUnix).thenComparingLong(v -> v.id).reversed());
    int page = Math.max(1, intParam(call, "page"));
    int limit = intParam(call, "limit");
    if (limit <= 0) {
      limit = settings.defaultPagingNum();
    }
    limit = Math.min(limit, settings.maxResponseItems());
    int total = rows.size();
    long from = (long) (page - 1) * limit;
    List<Ver> slice =
        from >= total ? List.of() : rows.subList((int) from, (int) Math.min(total, from + limit));
    ArrayNode body = mapper.createArrayNode();
    for (Ver v : slice) {
      body.add(render.packageJson(v, viewer));
    }
    call.header("X-Total-Count", Integer.toString(total));
    call.header("Access-Control-Expose-Headers", "Link, X-Total-Count");
    String link = linkHeader(call, total, limit, page);
    if (!link.isEmpty()) {
      call.header("Link", link);
    }
    sendJson(call, body);
  }

  private static int intParam(Call call, String name) {
    try {
      return Integer.parseInt(call.query(name).orElse("0").trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private String linkHeader(Call call, int total, int limit, int page) {
    int pages = (total + limit - 1) / limit;
    if (pages <= 1) {
      return "";
    }
    int cur = Math.min(page, pages);
    List<String> links = new ArrayList<>();
    if (cur < pages) {
      links.add(link(call, cur + 1, "next"));
    }
    if (cur != pages) {
      links.add(link(call, pages, "last"));
    }
    if (cur != 1) {
      links.add(link(call, 1, "first"));
    }
    if (cur > 1) {
      links.add(link(call, cur - 1, "prev"));
    }
    return String.join(",", links);
  }

  // ROOT_URL + request path + query with page replaced; keys sorted like Go's url.Values.Encode
  private String link(Call call, int page, String rel) {
    String path = call.path().substring(settings.subPath().length());
    TreeMap<String, List<String>> query = new TreeMap<>();
    for (Map.Entry<String, Deque<String>> e : call.queryParameters().entrySet()) {
      query.put(e.getKey(), new ArrayList<>(e.getValue()));
    }
    query.put("page", List.of(Integer.toString(page)));
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      for (String v : e.getValue()) {
        sb.append(sb.length() == 0 ? "" : "&")
            .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    }
    return "<" + settings.rootUrl() + path + "?" + sb + ">; rel=\"" + rel + "\"";
  }

  private void sendJson(Call call, Object body) throws IOException {
    call.sendText(200, JSON, mapper.writeValueAsString(body));
  }

  // ---------------------------------------------------------------- /api/packages/{owner}/pypi/...

  private Optional<FileRow> registry(Call call, List<String> seg) throws IOException {
    if (seg.size() < 2 || !seg.get(1).equals("pypi")) {
      call.sendText(404, TEXT, "Not found.\n");
      return Optional.empty();
    }
    Owner owner = state.owners.get(GiteaState.key(seg.get(0)));
    if (owner == null) {
      call.sendText(404, TEXT, "user does not exist\n");
      return Optional.empty();
    }
    Viewer viewer = auth.viewer(call);
    boolean allowed =
        switch (viewer.state()) {
          case INVALID -> false;
          case ANONYMOUS -> !owner.isPrivate;
          case TOKEN ->
              Objects.requireNonNull(viewer.token()).packageScope()
                  && (!owner.isPrivate || viewer.token().reads(owner));
        };
    if (!allowed) {
      call.header("WWW-Authenticate", REALM);
      call.sendText(401, TEXT, "Unauthorized\n");
      return Optional.empty();
    }
    List<String> rest = seg.subList(2, seg.size());
    if (rest.size() == 2 && rest.get(0).equals("simple")) {
      simplePage(call, owner, rest.get(1));
    } else if (rest.size() == 4 && rest.get(0).equals("files")) {
      Optional<FileRow> file = state.find(owner, rest.get(1), rest.get(2), rest.get(3));
      if (file.isEmpty()) {
        call.sendText(404, TEXT, "package file does not exist\n");
      }
      return file;
    } else {
      call.sendText(404, TEXT, "Not found.\n");
    }
    return Optional.empty();
  }

  private void simplePage(Call call, Owner owner, String name) throws IOException {
    List<Ver> vers = state.byRegistryName(owner, name);
    if (vers.isEmpty()) {
      call.sendText(404, TEXT, "package does not exist\n");
      return;
    }
    vers.sort(Comparator.comparing((Ver v) -> v.version));
    if (!flavor.jsonSimplePage()) {
      call.sendText(200, "text/html; charset=utf-8", render.simpleHtml(vers));
    } else if (wantsJson(call)) {
      call.send(
          200,
          List.of(PEP691_JSON, "application/json"),
          render.simpleJson(vers).getBytes(StandardCharsets.UTF_8));
    } else {
      call.send(
          200,
          List.of("application/vnd.pypi.simple.v1+html", "text/html"),
          render.simpleHtml(vers).getBytes(StandardCharsets.UTF_8));
    }
  }

  // Forgejo v16 answers JSON when an Accept line starts with the PEP 691 JSON type
  private static boolean wantsJson(Call call) {
    return call.exchange().getRequestHeaders().get("Accept") != null
        && call.exchange().getRequestHeaders().get("Accept").stream()
            .anyMatch(a -> a.trim().startsWith(PEP691_JSON));
  }
}
