package io.github.devpigiteasync.testkit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.devpigiteasync.testkit.PublishedFile;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State and HTTP behaviour of the Gitea simulator, after {@code shared/notes/gitea-api.md}.
 * Thread-safe.
 */
public final class GiteaSim implements Route {
  private static final Logger log = LoggerFactory.getLogger(GiteaSim.class);
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final String JSON = "application/json;charset=utf-8";
  private static final String TEXT = "text/plain;charset=utf-8";
  private static final String REALM = "Basic realm=\"Gitea Package API\"";

  /** Fixed settings of one simulator. */
  public record Settings(
      String version,
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

  private static final class Owner {
    final long id;
    final String name;
    boolean isPrivate;

    Owner(long id, String name, boolean isPrivate) {
      this.id = id;
      this.name = name;
      this.isPrivate = isPrivate;
    }
  }

  private record Token(String value, Set<String> owners, boolean packageScope) {
    boolean reads(Owner owner) {
      return owners.contains("*") || owners.contains(owner.name.toLowerCase(Locale.ROOT));
    }
  }

  private static final class Repo {
    final long id;
    final Owner owner;
    final String name;
    final long createdUnix;
    boolean archived;
    long archivedUnix;

    Repo(long id, Owner owner, String name, long createdUnix) {
      this.id = id;
      this.owner = owner;
      this.name = name;
      this.createdUnix = createdUnix;
    }
  }

  private static final class Pkg {
    final Owner owner;
    final String name;
    final String lowerName;
    @Nullable Repo repo;

    Pkg(Owner owner, String name) {
      this.owner = owner;
      this.name = name;
      this.lowerName = name.toLowerCase(Locale.ROOT);
    }
  }

  private record FileRow(long id, String name, BlobStore.Blob blob, long createdUnix) {}

  private static final class Ver {
    final long id;
    final Pkg pkg;
    final String version;
    final long createdUnix;
    final @Nullable String requiresPython;
    final List<FileRow> files = new ArrayList<>();

    Ver(long id, Pkg pkg, String version, long createdUnix, @Nullable String requiresPython) {
      this.id = id;
      this.pkg = pkg;
      this.version = version;
      this.createdUnix = createdUnix;
      this.requiresPython = requiresPython;
    }
  }

  private enum AuthState {
    ANONYMOUS,
    INVALID,
    TOKEN
  }

  private record Viewer(AuthState state, @Nullable Token token) {}

  private final Settings settings;
  private final int major;
  private final int minor;
  private final ObjectMapper mapper;
  private final BlobStore blobs;
  private final Object lock = new Object();
  // all guarded by lock
  private final Map<String, Owner> owners = new HashMap<>();
  private final Map<String, Token> tokens = new HashMap<>();
  private final Map<String, Repo> repos = new HashMap<>();
  private final Map<String, Pkg> packages = new HashMap<>();
  private final List<Ver> versions = new ArrayList<>();
  private final Set<String> hidden = new HashSet<>();
  private long nextId = 2;
  private long nextFileId = 1;
  private long clock;

  public GiteaSim(Settings settings, ObjectMapper mapper, BlobStore blobs) {
    this.settings = settings;
    this.mapper = mapper;
    this.blobs = blobs;
    String[] parts = settings.version().split("[^0-9]+");
    this.major = parts.length > 0 && !parts[0].isEmpty() ? Integer.parseInt(parts[0]) : 0;
    this.minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    this.clock = settings.start().getEpochSecond();
  }

  private boolean atLeast(int maj, int min) {
    return major > maj || (major == maj && minor >= min);
  }

  // ---------------------------------------------------------------- state changes

  public void owner(String name, boolean isPrivate) {
    synchronized (lock) {
      Owner existing = owners.get(key(name));
      if (existing != null) {
        existing.isPrivate = isPrivate;
      } else {
        owners.put(key(name), new Owner(nextId++, name, isPrivate));
      }
    }
  }

  public void token(String value, boolean packageScope, String... readableOwners) {
    Objects.requireNonNull(value, "token == null");
    Set<String> set = new HashSet<>();
    for (String o : readableOwners) {
      set.add(key(o));
    }
    synchronized (lock) {
      tokens.put(value, new Token(value, Set.copyOf(set), packageScope));
    }
  }

  public void repo(String owner, String name, boolean archived) {
    synchronized (lock) {
      Owner o = requireOwner(owner);
      Repo repo =
          repos.computeIfAbsent(
              key(owner) + "/" + key(name), k -> new Repo(nextId++, o, name, clock));
      setArchived(repo, archived);
    }
  }

  public void archive(String owner, String name, boolean archived) {
    synchronized (lock) {
      Repo repo = repos.get(key(owner) + "/" + key(name));
      if (repo == null) {
        throw new IllegalArgumentException("no repository " + owner + "/" + name);
      }
      setArchived(repo, archived);
    }
  }

  private void setArchived(Repo repo, boolean archived) {
    if (archived && !repo.archived) {
      repo.archivedUnix = clock;
    } else if (!archived) {
      repo.archivedUnix = 0;
    }
    repo.archived = archived;
  }

  public void link(String owner, String packageName, String repo) {
    synchronized (lock) {
      Pkg pkg = packages.get(key(owner) + "/" + key(Names.gitea(packageName)));
      if (pkg == null) {
        throw new IllegalArgumentException("no package " + owner + "/" + packageName);
      }
      Repo r = repos.get(key(owner) + "/" + key(repo));
      if (r == null) {
        throw new IllegalArgumentException(
            "no repository " + owner + "/" + repo + " (same owner required)");
      }
      pkg.repo = r;
    }
  }

  public void hide(String token, String owner, String repo) {
    synchronized (lock) {
      hidden.add(token + "\n" + key(owner) + "/" + key(repo));
    }
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
    BlobStore.Blob blob = blobs.store(file);
    synchronized (lock) {
      Owner o = requireOwner(owner);
      String stored = Names.gitea(packageName);
      Pkg pkg = packages.computeIfAbsent(key(owner) + "/" + key(stored), k -> new Pkg(o, stored));
      Ver ver = null;
      for (Ver v : versions) {
        if (v.pkg == pkg && v.version.equalsIgnoreCase(version)) {
          ver = v;
        }
      }
      if (ver == null) {
        ver =
            new Ver(
                nextId++,
                pkg,
                version,
                clock,
                requiresPython == null || requiresPython.isEmpty() ? null : requiresPython);
        clock += settings.clockStep().getSeconds();
        versions.add(ver);
      }
      for (FileRow f : ver.files) {
        if (f.name.equalsIgnoreCase(filename)) {
          throw new IllegalStateException(
              "409: file " + filename + " already exists in " + stored + " " + version);
        }
      }
      FileRow row = new FileRow(nextFileId++, filename, blob, clock);
      ver.files.add(row);
      log.debug("Published {}/{} {} {}", owner, stored, version, filename);
      return new PublishedFile(
          o.name,
          stored,
          ver.version,
          filename,
          blob.size(),
          blob.sha256(),
          ver.id,
          row.id,
          downloadUrl(ver, row));
    }
  }

  public boolean deleteVersion(String owner, String packageName, String version) {
    synchronized (lock) {
      return versions.removeIf(
          v ->
              v.pkg.owner.name.equalsIgnoreCase(owner)
                  && v.pkg.lowerName.equals(key(Names.gitea(packageName)))
                  && v.version.equalsIgnoreCase(version));
    }
  }

  private Owner requireOwner(String owner) {
    Owner o = owners.get(key(owner));
    if (o == null) {
      throw new IllegalArgumentException("unknown owner " + owner + "; call owner() first");
    }
    return o;
  }

  private static String key(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private String downloadUrl(Ver ver, FileRow row) {
    return settings.rootUrl()
        + "api/packages/"
        + Names.segment(ver.pkg.owner.name)
        + "/pypi/files/"
        + Names.segment(ver.pkg.lowerName)
        + "/"
        + Names.segment(ver.version)
        + "/"
        + Names.segment(row.name);
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
      synchronized (lock) {
        apiV1(call, seg.subList(2, seg.size()));
      }
      return;
    }
    if (seg.size() >= 2 && seg.get(0).equals("api") && seg.get(1).equals("packages")) {
      if (!read) {
        call.sendText(405, TEXT, "Method Not Allowed\n");
        return;
      }
      Optional<FileRow> file;
      synchronized (lock) {
        file = registry(call, seg.subList(2, seg.size()));
      }
      if (file.isPresent()) {
        // streamed outside the lock: a slow download must not block other requests
        call.header("Content-Disposition", "attachment; filename=\"" + file.get().name + "\"");
        call.header(
            "Last-Modified", HTTP_DATE.format(Instant.ofEpochSecond(file.get().createdUnix)));
        call.sendFile(200, "application/octet-stream", file.get().blob.path());
      }
      return;
    }
    call.sendText(404, TEXT, "Not found.\n");
  }

  private Viewer viewer(Call call) {
    Optional<String> header = call.header("Authorization");
    String value = null;
    if (header.isPresent()) {
      String h = header.get().trim();
      int sp = h.indexOf(' ');
      String scheme = sp < 0 ? h : h.substring(0, sp);
      String cred = sp < 0 ? "" : h.substring(sp + 1).trim();
      if (scheme.equals("token")
          || (atLeast(1, 25) && scheme.equalsIgnoreCase("token"))
          || scheme.equalsIgnoreCase("bearer")) {
        value = cred;
      } else if (scheme.equalsIgnoreCase("basic")) {
        String decoded;
        try {
          decoded = new String(Base64.getDecoder().decode(cred), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return new Viewer(AuthState.INVALID, null);
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        String pass = colon < 0 ? "" : decoded.substring(colon + 1);
        if (tokens.containsKey(pass)) {
          value = pass;
        } else if (tokens.containsKey(user) && (pass.isEmpty() || pass.equals("x-oauth-basic"))) {
          value = user;
        } else {
          return new Viewer(AuthState.INVALID, null);
        }
      } else {
        return new Viewer(AuthState.ANONYMOUS, null);
      }
    } else if (call.query("token").isPresent() || call.query("access_token").isPresent()) {
      value = call.query("token").orElseGet(() -> call.query("access_token").orElse(""));
    }
    if (value == null) {
      return new Viewer(AuthState.ANONYMOUS, null);
    }
    Token token = tokens.get(value);
    return token == null ? new Viewer(AuthState.INVALID, null) : new Viewer(AuthState.TOKEN, token);
  }

  private void apiError(Call call, int status, String message) throws IOException {
    ObjectNode body = mapper.createObjectNode();
    body.put("message", message);
    body.put("url", settings.rootUrl() + "api/swagger");
    call.sendText(status, JSON, mapper.writeValueAsString(body));
  }

  private void apiV1(Call call, List<String> rest) throws IOException {
    Viewer viewer = viewer(call);
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
      Repo repo = repos.get(key(rest.get(1)) + "/" + key(rest.get(2)));
      if (repo == null || !canSee(viewer, repo)) {
        apiError(call, 404, "The target couldn't be found.");
        return;
      }
      sendJson(call, repoJson(repo));
    } else if (rest.size() >= 2 && rest.get(0).equals("packages")) {
      packages(call, viewer, rest.get(1), rest.subList(2, rest.size()));
    } else {
      apiError(call, 404, "404 page not found");
    }
  }

  private void packages(Call call, Viewer viewer, String ownerName, List<String> sub)
      throws IOException {
    Owner owner = owners.get(key(ownerName));
    if (viewer.state() == AuthState.ANONYMOUS) {
      if (!atLeast(1, 24)) {
        // 1.23 checks the owner and its visibility before reqToken
        if (owner == null) {
          apiError(call, 404, "GetUserByName");
          return;
        }
        if (owner.isPrivate) {
          apiError(call, 403, "user should have specific permission or be a site admin");
          return;
        }
      }
      apiError(call, 401, "token is required");
      return;
    }
    if (owner == null) {
      apiError(call, 404, "GetUserByName");
      return;
    }
    Token token = Objects.requireNonNull(viewer.token());
    if (!token.packageScope()) {
      apiError(call, 403, "token does not have at least one of required scope(s): [read:package]");
      return;
    }
    if (owner.isPrivate && !token.reads(owner)) {
      apiError(call, 403, "user should have specific permission or be a site admin");
      return;
    }
    if (sub.isEmpty()) {
      String type = call.query("type").orElse("");
      String q = call.query("q").orElse("");
      Pattern like = likePattern(q);
      List<Ver> matching = new ArrayList<>();
      if (type.isEmpty() || type.equals("all") || type.equals("pypi")) {
        for (Ver v : versions) {
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
    for (Ver v : versions) {
      if (v.pkg.owner == owner && type.equals("pypi") && v.pkg.lowerName.equals(key(name))) {
        ofPackage.add(v);
      }
    }
    if (sub.size() == 2) {
      if (!atLeast(1, 24)) {
        apiError(call, 404, "404 page not found");
      } else if (ofPackage.isEmpty() && atLeast(1, 26)) {
        apiError(call, 404, "package does not exist");
      } else {
        sendPage(call, viewer, ofPackage);
      }
      return;
    }
    if (sub.size() == 4
        && sub.get(2).equals("-")
        && sub.get(3).equals("latest")
        && atLeast(1, 24)) {
      Optional<Ver> latest = ofPackage.stream().max(Comparator.comparingLong(v -> v.id));
      if (latest.isEmpty()) {
        apiError(call, 404, "package does not exist");
      } else {
        sendJson(call, packageJson(latest.get(), viewer));
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
      sendJson(call, packageJson(ver.get(), viewer));
      return;
    }
    ArrayNode files = mapper.createArrayNode();
    for (FileRow f : ver.get().files) {
      ObjectNode n = files.addObject();
      n.put("id", f.id);
      n.put(atLeast(1, 24) ? "size" : "Size", f.blob.size());
      n.put("name", f.name);
      n.put("md5", f.blob.md5());
      n.put("sha1", f.blob.sha1());
      n.put("sha256", f.blob.sha256());
      n.put("sha512", f.blob.sha512());
    }
    sendJson(call, files);
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
      body.add(packageJson(v, viewer));
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

  private boolean canSee(Viewer viewer, Repo repo) {
    if (viewer.token() != null
        && hidden.contains(
            viewer.token().value() + "\n" + key(repo.owner.name) + "/" + key(repo.name))) {
      return false;
    }
    if (!repo.owner.isPrivate) {
      return true;
    }
    return viewer.token() != null && viewer.token().reads(repo.owner);
  }

  private String time(long unix) {
    return RFC3339.format(OffsetDateTime.ofInstant(Instant.ofEpochSecond(unix), settings.zone()));
  }

  private ObjectNode userJson(long id, String name, boolean isPrivate) {
    ObjectNode u = mapper.createObjectNode();
    u.put("id", id);
    u.put("login", name);
    u.put("login_name", "");
    u.put("source_id", 0);
    u.put("full_name", "");
    u.put("email", name.toLowerCase(Locale.ROOT) + "@noreply.localhost");
    u.put("avatar_url", settings.rootUrl() + "avatars/" + id);
    u.put("html_url", settings.rootUrl() + Names.segment(name));
    u.put("language", "");
    u.put("is_admin", false);
    u.put("last_login", "0001-01-01T00:00:00Z");
    u.put("created", time(settings.start().getEpochSecond()));
    u.put("restricted", false);
    u.put("active", false);
    u.put("prohibit_login", false);
    u.put("location", "");
    u.put("website", "");
    u.put("description", "");
    u.put("visibility", isPrivate ? "private" : "public");
    u.put("followers_count", 0);
    u.put("following_count", 0);
    u.put("starred_repos_count", 0);
    u.put("username", name);
    return u;
  }

  private ObjectNode repoJson(Repo repo) {
    ObjectNode r = mapper.createObjectNode();
    String full = repo.owner.name + "/" + repo.name;
    r.put("id", repo.id);
    r.set("owner", userJson(repo.owner.id, repo.owner.name, repo.owner.isPrivate));
    r.put("name", repo.name);
    r.put("full_name", full);
    r.put("description", "");
    r.put("empty", false);
    r.put("private", repo.owner.isPrivate);
    r.put("fork", false);
    r.put("template", false);
    r.put("mirror", false);
    r.put("size", 0);
    r.put("html_url", settings.rootUrl() + full);
    r.put("url", settings.rootUrl() + "api/v1/repos/" + full);
    r.put("clone_url", settings.rootUrl() + full + ".git");
    r.put("default_branch", "main");
    r.put("archived", repo.archived);
    r.put("created_at", time(repo.createdUnix));
    r.put("updated_at", time(repo.createdUnix));
    r.put("archived_at", time(repo.archivedUnix));
    ObjectNode perms = r.putObject("permissions");
    perms.put("admin", false);
    perms.put("push", false);
    perms.put("pull", true);
    return r;
  }

  private ObjectNode packageJson(Ver v, Viewer viewer) {
    ObjectNode p = mapper.createObjectNode();
    p.put("id", v.id);
    p.set("owner", userJson(v.pkg.owner.id, v.pkg.owner.name, v.pkg.owner.isPrivate));
    Repo repo = v.pkg.repo;
    if (repo != null && repos.containsValue(repo) && canSee(viewer, repo)) {
      p.set("repository", repoJson(repo));
    } else {
      p.putNull("repository");
    }
    p.set("creator", userJson(1, "gitea-admin", false));
    p.put("type", "pypi");
    p.put("name", v.pkg.name);
    p.put("version", v.version);
    p.put(
        "html_url",
        settings.rootUrl()
            + Names.segment(v.pkg.owner.name)
            + "/-/packages/pypi/"
            + Names.segment(v.pkg.lowerName)
            + "/"
            + Names.segment(v.version.toLowerCase(Locale.ROOT)));
    p.put("created_at", time(v.createdUnix));
    return p;
  }

  // ---------------------------------------------------------------- /api/packages/{owner}/pypi/...

  private Optional<FileRow> registry(Call call, List<String> seg) throws IOException {
    if (seg.size() < 2 || !seg.get(1).equals("pypi")) {
      call.sendText(404, TEXT, "Not found.\n");
      return Optional.empty();
    }
    Owner owner = owners.get(key(seg.get(0)));
    if (owner == null) {
      call.sendText(404, TEXT, "user does not exist\n");
      return Optional.empty();
    }
    Viewer viewer = viewer(call);
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
      Optional<FileRow> file = find(owner, rest.get(1), rest.get(2), rest.get(3));
      if (file.isEmpty()) {
        call.sendText(404, TEXT, "package file does not exist\n");
      }
      return file;
    } else {
      call.sendText(404, TEXT, "Not found.\n");
    }
    return Optional.empty();
  }

  private List<Ver> byRegistryName(Owner owner, String name) {
    String wanted = key(Names.gitea(name));
    List<Ver> out = new ArrayList<>();
    for (Ver v : versions) {
      if (v.pkg.owner == owner && v.pkg.lowerName.equals(wanted)) {
        out.add(v);
      }
    }
    return out;
  }

  private void simplePage(Call call, Owner owner, String name) throws IOException {
    List<Ver> vers = byRegistryName(owner, name);
    if (vers.isEmpty()) {
      call.sendText(404, TEXT, "package does not exist\n");
      return;
    }
    vers.sort(Comparator.comparing((Ver v) -> v.version));
    String pkgName = Names.html(vers.get(0).pkg.name);
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html>\n\t<head>\n\t\t<title>Links for ")
        .append(pkgName)
        .append("</title>\n\t</head>\n\t<body>\n\t\t<h1>Links for ")
        .append(pkgName)
        .append("</h1>\n");
    for (Ver v : vers) {
      for (FileRow f : v.files) {
        sb.append("\t\t<a href=\"")
            .append(Names.html(downloadUrl(v, f)))
            .append("#sha256=")
            .append(f.blob.sha256())
            .append('"');
        if (v.requiresPython != null) {
          sb.append(" data-requires-python=\"").append(Names.html(v.requiresPython)).append('"');
        }
        sb.append('>').append(Names.html(f.name)).append("</a><br>\n");
      }
    }
    sb.append("\t</body>\n</html>\n");
    call.sendText(200, "text/html; charset=utf-8", sb.toString());
  }

  private Optional<FileRow> find(Owner owner, String name, String version, String filename) {
    for (Ver v : byRegistryName(owner, name)) {
      if (v.version.equalsIgnoreCase(version)) {
        for (FileRow f : v.files) {
          if (f.name.equalsIgnoreCase(filename)) {
            return Optional.of(f);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Owners, packages and versions, for debugging output. */
  public Map<String, Integer> summary() {
    synchronized (lock) {
      Map<String, Integer> out = new LinkedHashMap<>();
      out.put("owners", owners.size());
      out.put("packages", packages.size());
      out.put("versions", versions.size());
      return out;
    }
  }
}
