package io.github.devpigiteasync.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.devpigiteasync.testkit.StoredFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State and HTTP behaviour of the devpi simulator, after {@code shared/notes/devpi-protocol.md}.
 * Thread-safe.
 */
public final class DevpiSim implements Route {
  private static final Logger log = LoggerFactory.getLogger(DevpiSim.class);
  private static final String JSON = "application/json";
  private static final String HTML = "text/html; charset=UTF-8";
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  static final List<String> SINGLE_FIELDS =
      List.of(
          "metadata_version",
          "summary",
          "home_page",
          "author",
          "author_email",
          "maintainer",
          "maintainer_email",
          "license",
          "description",
          "keywords",
          "download_url",
          "comment",
          "requires_python",
          "description_content_type",
          "license_expression");
  static final List<String> LIST_FIELDS =
      List.of(
          "platform",
          "classifiers",
          "supported_platform",
          "provides",
          "requires",
          "obsoletes",
          "project_urls",
          "provides_dist",
          "obsoletes_dist",
          "requires_dist",
          "requires_external",
          "provides_extras",
          "dynamic",
          "license_file");
  private static final List<String> ARCHIVE_EXTENSIONS =
      List.of(
          ".whl", ".tar.gz", ".tgz", ".zip", ".bz2", ".egg", ".exe", ".msi", ".dmg", ".rpm",
          ".deb");

  private static final class Index {
    final String user;
    final String name;
    final boolean isVolatile;
    final List<String> bases;
    final Set<String> acl = new LinkedHashSet<>();
    final Map<String, Map<String, Version>> projects = new LinkedHashMap<>();

    Index(String user, String name, boolean isVolatile, List<String> bases) {
      this.user = user;
      this.name = name;
      this.isVolatile = isVolatile;
      this.bases = bases;
      acl.add(user);
    }

    String id() {
      return user + "/" + name;
    }
  }

  private static final class Version {
    final String version;
    String name;
    final Map<String, Object> meta = new LinkedHashMap<>();
    final Map<String, FileEntry> files = new LinkedHashMap<>();

    Version(String name, String version) {
      this.name = name;
      this.version = version;
      clearMeta();
    }

    void clearMeta() {
      SINGLE_FIELDS.forEach(f -> meta.put(f, ""));
      LIST_FIELDS.forEach(f -> meta.put(f, List.of()));
    }
  }

  private record FileEntry(
      String filename,
      Path path,
      long size,
      String sha256,
      String href,
      Instant when,
      String who,
      String what) {}

  private record Auth(@Nullable String user, @Nullable String tokenError) {}

  private final ObjectMapper mapper;
  private final BlobStore blobs;
  private final Clock clock;
  private final Duration tokenLifetime;
  private final long maxBodySize;
  private final String uuid = UUID.randomUUID().toString().replace("-", "");
  private final SecureRandom random = new SecureRandom();
  private final Object lock = new Object();
  private String baseUrl = "";
  // guarded by lock
  private final Map<String, String> users = new LinkedHashMap<>();
  private final Map<String, Index> indexes = new LinkedHashMap<>();
  private final Map<String, String> devpiTokens = new HashMap<>();
  private final Map<String, FileEntry> liveFiles = new HashMap<>();
  private final Set<String> goneFiles = new HashSet<>();
  private byte[] secret = new byte[32];
  private long serial;

  public DevpiSim(
      ObjectMapper mapper, BlobStore blobs, Clock clock, Duration tokenLifetime, long maxBodySize) {
    this.mapper = mapper;
    this.blobs = blobs;
    this.clock = clock;
    this.tokenLifetime = tokenLifetime;
    this.maxBodySize = maxBodySize;
    random.nextBytes(secret);
  }

  /** Sets the URL the simulator is reachable at, without a trailing slash. */
  public void baseUrl(String url) {
    this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  // ---------------------------------------------------------------- state

  public void user(String name, @Nullable String password) {
    synchronized (lock) {
      users.put(name, password == null ? "" : password);
    }
  }

  public void index(String userSlashIndex, boolean isVolatile, String... bases) {
    String[] parts = splitIndex(userSlashIndex);
    synchronized (lock) {
      users.putIfAbsent(parts[0], "");
      if (indexes.containsKey(userSlashIndex)) {
        throw new IllegalStateException("index exists: " + userSlashIndex);
      }
      indexes.put(userSlashIndex, new Index(parts[0], parts[1], isVolatile, List.of(bases)));
      serial++;
    }
  }

  public void allowUpload(String userSlashIndex, String user) {
    synchronized (lock) {
      requireIndex(userSlashIndex).acl.add(user);
    }
  }

  public String mintDevpiToken(String user) {
    byte[] raw = new byte[24];
    random.nextBytes(raw);
    String token = "devpi-" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    synchronized (lock) {
      if (!users.containsKey(user)) {
        throw new IllegalArgumentException("unknown user " + user);
      }
      devpiTokens.put(token, user);
    }
    return token;
  }

  public void newSecret() {
    synchronized (lock) {
      secret = new byte[32];
      random.nextBytes(secret);
    }
  }

  public List<StoredFile> files(String userSlashIndex) {
    synchronized (lock) {
      Index index = requireIndex(userSlashIndex);
      List<StoredFile> out = new ArrayList<>();
      index.projects.forEach(
          (project, versions) ->
              versions
                  .values()
                  .forEach(
                      v ->
                          v.files
                              .values()
                              .forEach(
                                  f ->
                                      out.add(
                                          new StoredFile(
                                              project,
                                              v.version,
                                              f.filename,
                                              f.sha256,
                                              f.size,
                                              metadataOf(v))))));
      return out;
    }
  }

  private static Map<String, List<String>> metadataOf(Version v) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    v.meta.forEach(
        (k, value) -> {
          if (value instanceof String s && !s.isEmpty()) {
            out.put(k, List.of(s));
          } else if (value instanceof List<?> l && !l.isEmpty()) {
            List<String> strings = new ArrayList<>();
            l.forEach(o -> strings.add(String.valueOf(o)));
            out.put(k, List.copyOf(strings));
          }
        });
    return out;
  }

  private Index requireIndex(String id) {
    Index index = indexes.get(id);
    if (index == null) {
      throw new IllegalArgumentException("unknown index " + id);
    }
    return index;
  }

  private static String[] splitIndex(String userSlashIndex) {
    String[] parts = userSlashIndex.split("/");
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException("expected user/index: " + userSlashIndex);
    }
    return parts;
  }

  // ---------------------------------------------------------------- tokens and auth

  String loginToken(String user) {
    String payload = "[\"" + user + "\", [], true]";
    long now = clock.instant().getEpochSecond();
    byte[] ts = ByteBuffer.allocate(8).putLong(now).array();
    int skip = 0;
    while (skip < 7 && ts[skip] == 0) {
      skip++;
    }
    String tsText = b64(java.util.Arrays.copyOfRange(ts, skip, 8));
    return payload + "." + tsText + "." + b64(hmac(payload + "." + tsText));
  }

  private boolean validLoginToken(String user, String token) {
    int last = token.lastIndexOf('.');
    int mid = last <= 0 ? -1 : token.lastIndexOf('.', last - 1);
    if (mid <= 0) {
      return false;
    }
    String signed = token.substring(0, last);
    if (!MessageDigest.isEqual(
        token.substring(last + 1).getBytes(StandardCharsets.UTF_8),
        b64(hmac(signed)).getBytes(StandardCharsets.UTF_8))) {
      return false;
    }
    try {
      JsonNode payload = mapper.readTree(token.substring(0, mid));
      if (!payload.isArray() || !user.equals(payload.path(0).asText(null))) {
        return false;
      }
      byte[] ts = Base64.getUrlDecoder().decode(token.substring(mid + 1, last));
      long issued = 0;
      for (byte b : ts) {
        issued = (issued << 8) | (b & 0xff);
      }
      return clock.instant().getEpochSecond() - issued <= tokenLifetime.getSeconds();
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private byte[] hmac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private Auth auth(Call call) {
    Optional<String> x = call.header("X-Devpi-Auth");
    if (x.isPresent()) {
      String[] up = decodePair(x.get().trim());
      return up == null ? new Auth(null, null) : check(up[0], up[1]);
    }
    Optional<String> authorization = call.header("Authorization");
    if (authorization.isEmpty()) {
      return new Auth(null, null);
    }
    String h = authorization.get().trim();
    int sp = h.indexOf(' ');
    String scheme = sp < 0 ? h : h.substring(0, sp);
    String value = sp < 0 ? "" : h.substring(sp + 1).trim();
    if (scheme.equalsIgnoreCase("bearer")) {
      return value.startsWith("devpi-") ? check(null, value) : new Auth(null, null);
    }
    if (scheme.equalsIgnoreCase("basic")) {
      String[] up = decodePair(value);
      if (up == null) {
        return new Auth(null, null);
      }
      if (up[1].isEmpty() && up[0].startsWith("devpi-")) {
        return check(null, up[0]);
      }
      if (up[0].isEmpty() && up[1].startsWith("devpi-")) {
        return check(null, up[1]);
      }
      return check(up[0], up[1]);
    }
    return new Auth(null, null);
  }

  private static String @Nullable [] decodePair(String b64) {
    try {
      String s = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
      int colon = s.indexOf(':');
      return colon < 0 ? null : new String[] {s.substring(0, colon), s.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Auth check(@Nullable String user, String secretValue) {
    if (secretValue.startsWith("devpi-")) {
      String owner = devpiTokens.get(secretValue);
      if (owner == null) {
        return new Auth(
            null,
            "The token id "
                + secretValue.substring(6, Math.min(14, secretValue.length()))
                + " doesn't exist");
      }
      if (user != null && !user.equals(owner)) {
        return new Auth(null, "Token doesn't match user name");
      }
      return new Auth(owner, null);
    }
    if (user == null || !users.containsKey(user)) {
      return new Auth(null, null);
    }
    if (validLoginToken(user, secretValue)) {
      return new Auth(user, null);
    }
    String password = users.get(user);
    if (!password.isEmpty() && password.equals(secretValue)) {
      return new Auth(user, null);
    }
    return new Auth(null, null);
  }

  // ---------------------------------------------------------------- HTTP

  private static boolean acceptsJson(Call call) {
    return call.header("Accept").map(a -> a.contains("application/json")).orElse(false);
  }

  private void common(Call call) {
    call.header("X-Devpi-Server-Version", "6.19.1");
    call.header("X-Devpi-Api-Version", "2");
    call.header("X-Devpi-Uuid", uuid);
    call.header("X-Devpi-Serial", Long.toString(serial));
  }

  private void message(Call call, int status, String message) throws IOException {
    ObjectNode body = mapper.createObjectNode();
    body.put("message", message);
    call.sendJson(status, body);
  }

  private void result(Call call, String type, JsonNode result) throws IOException {
    ObjectNode body = mapper.createObjectNode();
    body.set("result", result);
    body.put("type", type);
    call.sendJson(200, body);
  }

  // devpi's abort_submit: the text goes into the reason phrase and the JSON title
  private void abort(Call call, int status, String text) throws IOException {
    call.reason(text);
    if (acceptsJson(call)) {
      ObjectNode body = mapper.createObjectNode();
      body.put("message", "\n\n\n\n\n");
      body.put("code", status + " " + text);
      body.put("title", text);
      call.sendJson(status, body);
    } else {
      String t = Names.html(status + " " + text);
      call.sendText(
          status,
          HTML,
          "<html>\n <head>\n  <title>"
              + t
              + "</title>\n </head>\n <body>\n  <h1>"
              + t
              + "</h1>\n  <br/><br/>\n\n\n\n </body>\n</html>");
    }
  }

  private void unsupportedMediaType(Call call) throws IOException {
    message(call, 415, "unsupported media type " + call.header("Accept").orElse("*/*"));
  }

  @Override
  public void handle(Call call) throws IOException {
    List<String> seg = call.segments("/");
    String method = call.method();
    String path = call.path();
    if (method.equals("POST") && seg.size() == 2 && !seg.get(1).startsWith("+")) {
      upload(call, seg.get(0) + "/" + seg.get(1));
      return;
    }
    if (method.equals("GET") || method.equals("HEAD")) {
      if (seg.size() == 6 && seg.get(2).equals("+f")) {
        Optional<FileEntry> file;
        synchronized (lock) {
          common(call);
          file = fileView(call, path);
        }
        if (file.isPresent()) {
          // streamed outside the lock: a slow download must not block other requests
          call.header("Cache-Control", "max-age=365000000, immutable, public");
          call.header("Last-Modified", HTTP_DATE.format(file.get().when()));
          call.sendFile(
              200,
              file.get().filename().endsWith(".whl") ? "None" : "application/octet-stream",
              file.get().path());
        }
        return;
      }
    }
    synchronized (lock) {
      common(call);
      route(call, method, path, seg);
    }
  }

  private void route(Call call, String method, String path, List<String> seg) throws IOException {
    if (method.equals("POST") && path.equals("/+login")) {
      login(call);
    } else if (method.equals("GET") && seg.equals(List.of("+api"))) {
      api(call, null);
    } else if (method.equals("GET") && seg.size() == 3 && seg.get(2).equals("+api")) {
      api(call, seg.get(0) + "/" + seg.get(1));
    } else if (method.equals("GET") && seg.size() == 2) {
      indexConfig(call, seg.get(0) + "/" + seg.get(1));
    } else if (method.equals("GET") && seg.size() >= 3 && seg.get(2).equals("+simple")) {
      simple(call, seg, path.endsWith("/"));
    } else if (method.equals("GET") && (seg.size() == 3 || seg.size() == 4)) {
      projectOrVersion(call, seg);
    } else if (method.equals("DELETE") && seg.size() == 6 && seg.get(2).equals("+f")) {
      deleteFile(call, seg, path);
    } else if (method.equals("DELETE") && (seg.size() == 3 || seg.size() == 4)) {
      deleteProjectOrVersion(call, seg);
    } else {
      message(call, 404, "The resource could not be found.");
    }
  }

  private void login(Call call) throws IOException {
    String accept = call.header("Accept").orElse("*/*");
    if (accept.trim().equals("text/html")) {
      message(call, 404, "The resource could not be found.");
      return;
    }
    JsonNode body;
    try {
      body = mapper.readTree(call.body().readNBytes(64 * 1024));
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      message(call, 400, "Bad request: could not decode json");
      return;
    }
    String user = body.path("user").asText("");
    if (user.isEmpty() || !body.hasNonNull("password")) {
      message(call, 400, "Bad request: no user/password specified");
      return;
    }
    String password = body.get("password").asText();
    String stored = users.get(user);
    if (stored == null || stored.isEmpty() || !stored.equals(password)) {
      message(call, 401, "user '" + user + "' could not be authenticated");
      return;
    }
    ObjectNode out = mapper.createObjectNode();
    ObjectNode result = out.putObject("result");
    result.put("password", loginToken(user));
    result.put("expiration", tokenLifetime.getSeconds());
    out.put("type", "proxyauth");
    out.put("message", "login successful");
    log.debug("devpi login of {}", user);
    call.sendJson(200, out);
  }

  private void api(Call call, @Nullable String indexId) throws IOException {
    if (!acceptsJson(call)) {
      unsupportedMediaType(call);
      return;
    }
    if (indexId != null && !indexes.containsKey(indexId)) {
      message(call, 404, "The stage " + indexId + " could not be found.");
      return;
    }
    Auth auth = auth(call);
    ObjectNode result = mapper.createObjectNode();
    result.put("login", baseUrl + "/+login");
    ArrayNode status = result.putArray("authstatus");
    status.add(auth.user() == null ? "noauth" : "ok").add(auth.user() == null ? "" : auth.user());
    status.addArray();
    ArrayNode features = result.putArray("features");
    List.of("push-no-docs", "push-only-docs", "push-register-project", "server-keyvalue-parsing")
        .forEach(features::add);
    if (indexId != null) {
      result.put("index", baseUrl + "/" + indexId);
      result.put("simpleindex", baseUrl + "/" + indexId + "/+simple/");
      result.put("pypisubmit", baseUrl + "/" + indexId + "/");
    }
    result(call, "apiconfig", result);
  }

  private void indexConfig(Call call, String indexId) throws IOException {
    Index index = indexes.get(indexId);
    if (index == null) {
      message(call, 404, "The stage " + indexId + " could not be found.");
      return;
    }
    if (!acceptsJson(call)) {
      unsupportedMediaType(call);
      return;
    }
    ObjectNode r = mapper.createObjectNode();
    r.put("type", "stage");
    ArrayNode bases = r.putArray("bases");
    index.bases.forEach(bases::add);
    r.put("volatile", index.isVolatile);
    ArrayNode acl = r.putArray("acl_upload");
    index.acl.forEach(acl::add);
    r.putArray("acl_toxresult_upload").add(":ANONYMOUS:");
    r.putArray("mirror_whitelist");
    r.put("mirror_whitelist_inheritance", "intersection");
    if (!call.hasQuery("no_projects")) {
      ArrayNode projects = r.putArray("projects");
      index.projects.keySet().stream().sorted().forEach(projects::add);
    }
    result(call, "indexconfig", r);
  }

  private String href(Index index, String sha256, String filename) {
    return "/"
        + index.id()
        + "/+f/"
        + sha256.substring(0, 3)
        + "/"
        + sha256.substring(3, 16)
        + "/"
        + Names.segment(filename);
  }

  private ObjectNode versionJson(Version v) {
    ObjectNode n = mapper.createObjectNode();
    n.put("name", v.name);
    n.put("version", v.version);
    v.meta.forEach(
        (k, value) -> {
          if (value instanceof List<?> list) {
            ArrayNode a = n.putArray(k);
            list.forEach(o -> a.add(String.valueOf(o)));
          } else {
            n.put(k, String.valueOf(value));
          }
        });
    if (!v.files.isEmpty()) {
      ArrayNode links = n.putArray("+links");
      for (FileEntry f : v.files.values()) {
        ObjectNode l = links.addObject();
        l.put("rel", "releasefile");
        l.put("hash_spec", "sha256=" + f.sha256);
        l.putObject("hashes").put("sha256", f.sha256);
        l.put("href", baseUrl + f.href);
        ZonedDateTime t = f.when.atZone(ZoneOffset.UTC);
        ObjectNode entry = l.putArray("log").addObject();
        entry.put("what", f.what);
        if (f.what.equals("overwrite")) {
          entry.putNull("who");
        } else {
          entry.put("who", f.who);
        }
        ArrayNode when = entry.putArray("when");
        when.add(t.getYear())
            .add(t.getMonthValue())
            .add(t.getDayOfMonth())
            .add(t.getHour())
            .add(t.getMinute())
            .add(t.getSecond());
        entry.put("dst", f.href.substring(1, f.href.indexOf("/+f/")));
      }
    }
    return n;
  }

  // own index first, then bases depth-first; the first index holding a version wins
  private List<Index> chain(Index index) {
    List<Index> out = new ArrayList<>();
    collect(index, out);
    return out;
  }

  private void collect(Index index, List<Index> out) {
    if (out.contains(index)) {
      return;
    }
    out.add(index);
    for (String b : index.bases) {
      Index base = indexes.get(b);
      if (base != null) {
        collect(base, out);
      }
    }
  }

  private Map<String, Version> versions(Index index, String project, boolean withBases) {
    Map<String, Version> out = new LinkedHashMap<>();
    for (Index i : withBases ? chain(index) : List.of(index)) {
      Map<String, Version> vs = i.projects.get(project);
      if (vs != null) {
        vs.forEach(out::putIfAbsent);
      }
    }
    return out;
  }

  private void redirect(Call call, String location) throws IOException {
    call.header("Location", location);
    ObjectNode body = mapper.createObjectNode();
    body.put(
        "message",
        "The resource was found at " + location + "; you should be redirected automatically.");
    body.put("code", "302 Found");
    body.put("title", "Found");
    call.sendJson(302, body);
  }

  private void projectOrVersion(Call call, List<String> seg) throws IOException {
    String indexId = seg.get(0) + "/" + seg.get(1);
    Index index = indexes.get(indexId);
    if (index == null) {
      message(call, 404, "The stage " + indexId + " could not be found.");
      return;
    }
    String project = Names.pep503(seg.get(2));
    if (!project.equals(seg.get(2))) {
      redirect(
          call,
          baseUrl + "/" + indexId + "/" + project + (seg.size() == 4 ? "/" + seg.get(3) : ""));
      return;
    }
    if (!acceptsJson(call)) {
      unsupportedMediaType(call);
      return;
    }
    if (seg.size() == 3) {
      boolean ignoreBases = call.hasQuery("ignore_bases");
      Map<String, Version> vs = versions(index, project, !ignoreBases);
      if (vs.isEmpty() && !ignoreBases) {
        message(call, 404, "no project '" + project + "'");
        return;
      }
      ObjectNode r = mapper.createObjectNode();
      vs.forEach((k, v) -> r.set(k, versionJson(v)));
      result(call, "projectconfig", r);
      return;
    }
    Version v = versions(index, project, true).get(seg.get(3));
    if (v == null) {
      message(
          call, 404, "The version " + seg.get(3) + " of project " + project + " does not exist.");
      return;
    }
    result(call, "versiondata", versionJson(v));
  }

  private void simple(Call call, List<String> seg, boolean slash) throws IOException {
    String indexId = seg.get(0) + "/" + seg.get(1);
    Index index = indexes.get(indexId);
    if (index == null || seg.size() > 4) {
      message(call, 404, "The stage " + indexId + " could not be found.");
      return;
    }
    if (seg.size() == 3) {
      StringBuilder sb =
          new StringBuilder(
              "<!DOCTYPE html><html lang=\"en\"><head><title>"
                  + indexId
                  + ": simple list (including inherited indices)</title></head><body><h1>"
                  + indexId
                  + ": simple list (including inherited indices)</h1>\n");
      Set<String> names = new java.util.TreeSet<>();
      chain(index).forEach(i -> names.addAll(i.projects.keySet()));
      names.forEach(
          n -> sb.append("<a href=\"").append(n).append("/\">").append(n).append("</a><br>\n"));
      call.sendText(200, HTML, sb.append("</body></html>").toString());
      return;
    }
    String project = Names.pep503(seg.get(3));
    if (!project.equals(seg.get(3)) || !slash) {
      call.header("Location", baseUrl + "/" + indexId + "/+simple/" + project + "/");
      call.sendText(302, HTML, "");
      return;
    }
    Map<String, Version> vs = versions(index, project, true);
    boolean any = vs.values().stream().anyMatch(v -> !v.files.isEmpty());
    if (!any) {
      if (acceptsJson(call)) {
        message(call, 404, "The project " + project + " does not exist.");
      } else {
        call.sendText(404, HTML, "The project " + project + " does not exist.");
      }
      return;
    }
    String title = indexId + ": links for " + project;
    StringBuilder sb =
        new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><title>")
            .append(title)
            .append("</title></head><body><h1>")
            .append(title)
            .append("</h1>\n");
    for (Version v : vs.values()) {
      for (FileEntry f : v.files.values()) {
        String holder = f.href.substring(1, f.href.indexOf("/+f/"));
        String rel;
        if (holder.equals(indexId)) {
          rel = "../../";
        } else if (holder.startsWith(index.user + "/")) {
          rel = "../../../" + holder.substring(index.user.length() + 1) + "/";
        } else {
          rel = "../../../../" + holder + "/";
        }
        String link = rel + f.href.substring(f.href.indexOf("+f/"));
        sb.append(holder)
            .append(" <a href=\"")
            .append(Names.html(link))
            .append("#sha256=")
            .append(f.sha256)
            .append("\" data-requires-python=\"")
            .append(Names.html(String.valueOf(v.meta.get("requires_python"))))
            .append("\">")
            .append(Names.html(f.filename))
            .append("</a><br>\n");
      }
    }
    call.sendText(200, HTML, sb.append("</body></html>").toString());
  }

  private Optional<FileEntry> fileView(Call call, String path) throws IOException {
    FileEntry f = liveFiles.get(path);
    if (f == null) {
      if (goneFiles.contains(path)) {
        message(call, 410, "file existed, deleted in later serial");
      } else {
        message(call, 404, "no such file");
      }
      return Optional.empty();
    }
    if (acceptsJson(call)) {
      ObjectNode r = mapper.createObjectNode();
      r.put("last_modified", HTTP_DATE.format(f.when));
      r.put("hash_spec", "sha256=" + f.sha256);
      r.putObject("hashes").put("sha256", f.sha256);
      for (Index i : indexes.values()) {
        i.projects.forEach(
            (p, vs) ->
                vs.values()
                    .forEach(
                        v -> {
                          if (v.files.get(f.filename) == f) {
                            r.put("project", p);
                            r.put("version", v.version);
                          }
                        }));
      }
      result(call, "releasefilemeta", r);
      return Optional.empty();
    }
    return Optional.of(f);
  }

  // ---------------------------------------------------------------- upload

  private void upload(Call call, String indexId) throws IOException {
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
        call.body()
            .transferTo(
                new java.io.OutputStream() {
                  long n;

                  @Override
                  public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                  }

                  @Override
                  public void write(byte[] b, int off, int len) throws IOException {
                    n += len;
                    if (n > maxBodySize) {
                      throw new Multipart.TooLargeException();
                    }
                  }
                });
      }
    } catch (Multipart.TooLargeException e) {
      call.drainBody();
      synchronized (lock) {
        common(call);
      }
      call.sendText(
          413,
          "text/plain",
          "Request Entity Too Large\n\nexceeds max_body of "
              + maxBodySize
              + "\n\n(generated by waitress)");
      return;
    }
    try {
      synchronized (lock) {
        common(call);
        submit(call, indexId, parts);
      }
    } finally {
      for (Multipart.Part p : parts) {
        if (p.file() != null && !liveFilePath(p.file())) {
          Files.deleteIfExists(p.file());
        }
      }
    }
  }

  private boolean liveFilePath(Path file) {
    synchronized (lock) {
      return liveFiles.values().stream().anyMatch(f -> f.path.equals(file));
    }
  }

  private void submit(Call call, String indexId, List<Multipart.Part> parts) throws IOException {
    Index index = indexes.get(indexId);
    if (index == null) {
      if (acceptsJson(call)) {
        message(call, 404, "The stage " + indexId + " could not be found.");
      } else {
        call.sendText(404, HTML, "The stage " + indexId + " could not be found.");
      }
      return;
    }
    Auth auth = auth(call);
    if (auth.tokenError() != null) {
      message(call, 403, auth.tokenError());
      return;
    }
    if (auth.user() == null) {
      call.header("WWW-Authenticate", "Basic realm=\"pypi\"");
      ObjectNode body = mapper.createObjectNode();
      body.put(
          "message",
          "This server could not verify that you are authorized to access the document you "
              + "requested.  Either you supplied the wrong credentials (e.g., bad password), or your browser "
              + "does not understand how to supply the credentials required.\n\n\n\n");
      body.put("code", "401 Unauthorized");
      body.put("title", "Unauthorized");
      call.sendJson(401, body);
      return;
    }
    if (!index.acl.contains(auth.user()) && !auth.user().equals("root")) {
      abort(call, 403, "no permission to submit");
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
      message(call, 400, "Bad request: could not decode json");
      return;
    }
    if (!List.of("file_upload", "submit", "doc_upload").contains(action)) {
      abort(call, 400, "action " + Names.pyRepr(action) + " not supported");
      return;
    }
    String name = first(form, "name");
    String version = first(form, "version");
    if (name == null || version == null) {
      call.sendText(
          500,
          "text/plain",
          "Internal Server Error\n\nThe server encountered an unexpected "
              + "internal server error\n\n(generated by waitress)");
      return;
    }
    if (version.isEmpty()) {
      abort(call, 400, "invalid metadata: Missing required field \"version\"");
      return;
    }
    if ((name + version).matches(".*[<>%#\"].*")) {
      abort(call, 400, "invalid metadata: Invalid package name or version (URL safety)");
      return;
    }
    if (!name.matches("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")) {
      abort(
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
      serial++;
      call.sendEmpty(200, HTML);
      return;
    }
    if (content == null) {
      abort(call, 400, "content file field not found");
      return;
    }
    String filename = Objects.requireNonNull(content.filename());
    String escaped = version.replaceAll("[^\\w\\d.]+", "_");
    if (!filename.contains(version) && !filename.contains(escaped)) {
      abort(
          call,
          400,
          "filename "
              + Names.pyRepr(filename)
              + " does not contain version "
              + Names.pyRepr(version));
      return;
    }
    if (ARCHIVE_EXTENSIONS.stream().noneMatch(e -> filename.toLowerCase(Locale.ROOT).endsWith(e))) {
      abort(call, 400, Names.pyRepr(filename) + " is not a valid archive name");
      return;
    }
    if (!Names.pep503(filename).startsWith(project)) {
      abort(
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
    serial++;
    FileEntry existing = v.files.get(filename);
    Path file = Objects.requireNonNull(content.file());
    String href = href(index, content.sha256(), filename);
    if (existing != null && !index.isVolatile) {
      if (existing.sha256.equals(content.sha256())) {
        call.reason("Upload of identical file to non volatile index.");
        call.sendText(
            200, HTML, "<html><body>Upload of identical file to non volatile index.</body></html>");
      } else {
        abort(call, 409, filename + " already exists in non-volatile index");
      }
      return;
    }
    String what = "upload";
    if (existing != null) {
      liveFiles.remove(existing.href);
      if (!existing.href.equals(href)) {
        goneFiles.add(existing.href);
      }
      what = "overwrite";
    }
    FileEntry entry =
        new FileEntry(
            filename,
            file,
            content.size(),
            content.sha256(),
            href,
            clock.instant(),
            auth.user(),
            what);
    v.files.put(filename, entry);
    FileEntry previous = liveFiles.put(href, entry);
    if (previous != null && previous != existing) {
      // same bytes and name uploaded under another project share one URL, as in devpi
      log.debug("devpi file {} now shared", href);
    }
    goneFiles.remove(href);
    log.debug("devpi stored {}/{} {} {}", indexId, project, version, filename);
    call.sendEmpty(200, HTML);
  }

  private static @Nullable String first(Map<String, List<String>> form, String key) {
    List<String> values = form.get(key);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static void applyMeta(Version v, Map<String, List<String>> form) {
    for (String f : SINGLE_FIELDS) {
      String value = first(form, f);
      if (value != null) {
        v.meta.put(f, value.equals("UNKNOWN") ? "" : value);
      }
    }
    for (String f : LIST_FIELDS) {
      List<String> values = form.get(f);
      if (values != null) {
        v.meta.put(f, List.copyOf(values));
      }
    }
  }

  // ---------------------------------------------------------------- delete

  private boolean mayModify(Call call, Index index) throws IOException {
    Auth auth = auth(call);
    if (auth.tokenError() != null) {
      message(call, 403, auth.tokenError());
      return false;
    }
    String user = auth.user();
    if (user == null
        || !(index.acl.contains(user) || user.equals(index.user) || user.equals("root"))) {
      ObjectNode body = mapper.createObjectNode();
      body.put(
          "message",
          "Access was denied to this resource.\n\n\nUnauthorized: PyPIView failed permission "
              + "check\n\n");
      body.put("code", "403 Forbidden");
      body.put("title", "Forbidden");
      call.sendJson(403, body);
      return false;
    }
    return true;
  }

  private void deleteFile(Call call, List<String> seg, String path) throws IOException {
    String indexId = seg.get(0) + "/" + seg.get(1);
    Index index = indexes.get(indexId);
    if (index == null) {
      message(call, 404, "The stage " + indexId + " could not be found.");
      return;
    }
    if (!mayModify(call, index)) {
      return;
    }
    String rel = path.substring(1);
    FileEntry f = liveFiles.get(path);
    if (f == null) {
      message(
          call,
          goneFiles.contains(path) ? 410 : 404,
          "file " + Names.pyRepr(rel) + " existed, deleted in later serial");
      return;
    }
    if (!index.isVolatile && !call.hasQuery("force")) {
      message(call, 403, "cannot delete version on non-volatile index");
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
    liveFiles.remove(path);
    goneFiles.add(path);
    serial++;
    message(call, 200, "package " + Names.pyRepr(rel) + " deleted");
  }

  private void deleteProjectOrVersion(Call call, List<String> seg) throws IOException {
    String indexId = seg.get(0) + "/" + seg.get(1);
    Index index = indexes.get(indexId);
    if (index == null) {
      message(call, 404, "The stage " + indexId + " could not be found.");
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
        message(call, 404, "project " + Names.pyRepr(project) + " not found on stage " + indexId);
        return;
      }
      if (!index.isVolatile && !call.hasQuery("force")) {
        message(call, 403, "project " + repr + " is on non-volatile index " + indexId);
        return;
      }
      versions.values().forEach(this::forget);
      index.projects.remove(project);
      serial++;
      message(call, 200, "project " + project + " deleted from stage " + indexId);
      return;
    }
    String version = seg.get(3);
    Version v = versions == null ? null : versions.get(version);
    if (v == null) {
      message(
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
      message(call, 403, "cannot delete version on non-volatile index");
      return;
    }
    forget(v);
    versions.remove(version);
    if (versions.isEmpty()) {
      index.projects.remove(project);
    }
    serial++;
    message(call, 200, "project " + repr + " version " + Names.pyRepr(version) + " deleted");
  }

  private void forget(Version v) {
    for (FileEntry f : v.files.values()) {
      liveFiles.remove(f.href);
      goneFiles.add(f.href);
    }
  }
}
