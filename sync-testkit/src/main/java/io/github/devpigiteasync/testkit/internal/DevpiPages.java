package io.github.devpigiteasync.testkit.internal;

import static io.github.devpigiteasync.testkit.internal.DevpiResponses.HTML;
import static io.github.devpigiteasync.testkit.internal.DevpiResponses.acceptsJson;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.devpigiteasync.testkit.internal.DevpiState.FileEntry;
import io.github.devpigiteasync.testkit.internal.DevpiState.Index;
import io.github.devpigiteasync.testkit.internal.DevpiState.Version;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The devpi simulator's read views, rendered as devpi renders them (notes §5): {@code /+api}, index
 * configuration, project and version JSON (with bases, {@code ?ignore_bases} and 302 for
 * non-normalised names), the simple pages with relative links, and release file metadata. Callers
 * hold {@link DevpiState#lock}.
 */
final class DevpiPages {
  static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final DevpiState state;
  private final DevpiResponses responses;
  private final DevpiCredentials credentials;
  private volatile String baseUrl = "";

  DevpiPages(DevpiState state, DevpiResponses responses, DevpiCredentials credentials) {
    this.state = state;
    this.responses = responses;
    this.credentials = credentials;
  }

  void baseUrl(String url) {
    this.baseUrl = url;
  }

  /** The {@code /+f/} path a file of this index is stored at. */
  static String href(Index index, String sha256, String filename) {
    return "/"
        + index.id()
        + "/+f/"
        + sha256.substring(0, 3)
        + "/"
        + sha256.substring(3, 16)
        + "/"
        + Names.segment(filename);
  }

  void api(Call call, @Nullable String indexId) throws IOException {
    if (!acceptsJson(call)) {
      responses.unsupportedMediaType(call);
      return;
    }
    if (indexId != null && !state.indexes.containsKey(indexId)) {
      responses.stageNotFound(call, indexId);
      return;
    }
    DevpiCredentials.Auth auth = credentials.auth(call);
    ObjectNode result = responses.object();
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
    responses.result(call, "apiconfig", result);
  }

  void indexConfig(Call call, String indexId) throws IOException {
    Index index = state.indexes.get(indexId);
    if (index == null) {
      responses.stageNotFound(call, indexId);
      return;
    }
    if (!acceptsJson(call)) {
      responses.unsupportedMediaType(call);
      return;
    }
    ObjectNode r = responses.object();
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
    responses.result(call, "indexconfig", r);
  }

  private ObjectNode versionJson(Version v) {
    ObjectNode n = responses.object();
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
        l.put("hash_spec", "sha256=" + f.sha256());
        l.putObject("hashes").put("sha256", f.sha256());
        l.put("href", baseUrl + f.href());
        ZonedDateTime t = f.when().atZone(ZoneOffset.UTC);
        ObjectNode entry = l.putArray("log").addObject();
        entry.put("what", f.what());
        if (f.what().equals("overwrite")) {
          entry.putNull("who");
        } else {
          entry.put("who", f.who());
        }
        ArrayNode when = entry.putArray("when");
        when.add(t.getYear())
            .add(t.getMonthValue())
            .add(t.getDayOfMonth())
            .add(t.getHour())
            .add(t.getMinute())
            .add(t.getSecond());
        entry.put("dst", f.href().substring(1, f.href().indexOf("/+f/")));
      }
    }
    return n;
  }

  private void redirect(Call call, String location) throws IOException {
    call.header("Location", location);
    ObjectNode body = responses.object();
    body.put(
        "message",
        "The resource was found at " + location + "; you should be redirected automatically.");
    body.put("code", "302 Found");
    body.put("title", "Found");
    call.sendJson(302, body);
  }

  void projectOrVersion(Call call, List<String> seg) throws IOException {
    String indexId = seg.get(0) + "/" + seg.get(1);
    Index index = state.indexes.get(indexId);
    if (index == null) {
      responses.stageNotFound(call, indexId);
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
      responses.unsupportedMediaType(call);
      return;
    }
    if (seg.size() == 3) {
      boolean ignoreBases = call.hasQuery("ignore_bases");
      Map<String, Version> vs = state.versions(index, project, !ignoreBases);
      if (vs.isEmpty() && !ignoreBases) {
        responses.message(call, 404, "no project '" + project + "'");
        return;
      }
      ObjectNode r = responses.object();
      vs.forEach((k, v) -> r.set(k, versionJson(v)));
      responses.result(call, "projectconfig", r);
      return;
    }
    Version v = state.versions(index, project, true).get(seg.get(3));
    if (v == null) {
      responses.message(
          call, 404, "The version " + seg.get(3) + " of project " + project + " does not exist.");
      return;
    }
    responses.result(call, "versiondata", versionJson(v));
  }

  void simple(Call call, List<String> seg, boolean slash) throws IOException {
    String indexId = seg.get(0) + "/" + seg.get(1);
    Index index = state.indexes.get(indexId);
    if (index == null || seg.size() > 4) {
      responses.stageNotFound(call, indexId);
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
      Set<String> names = new TreeSet<>();
      state.chain(index).forEach(i -> names.addAll(i.projects.keySet()));
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
    Map<String, Version> vs = state.versions(index, project, true);
    boolean any = vs.values().stream().anyMatch(v -> !v.files.isEmpty());
    if (!any) {
      if (acceptsJson(call)) {
        responses.message(call, 404, "The project " + project + " does not exist.");
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
        String holder = f.href().substring(1, f.href().indexOf("/+f/"));
        String rel;
        if (holder.equals(indexId)) {
          rel = "../../";
        } else if (holder.startsWith(index.user + "/")) {
          rel = "../../../" + holder.substring(index.user.length() + 1) + "/";
        } else {
          rel = "../../../../" + holder + "/";
        }
        String link = rel + f.href().substring(f.href().indexOf("+f/"));
        sb.append(holder)
            .append(" <a href=\"")
            .append(Names.html(link))
            .append("#sha256=")
            .append(f.sha256())
            .append("\" data-requires-python=\"")
            .append(Names.html(String.valueOf(v.meta.get("requires_python"))))
            .append("\">")
            .append(Names.html(f.filename()))
            .append("</a><br>\n");
      }
    }
    call.sendText(200, HTML, sb.append("</body></html>").toString());
  }

  /**
   * Answers a {@code /+f/} URL: 404/410, or the file's JSON; returns the file when its bytes are to
   * be sent (outside the lock).
   */
  Optional<FileEntry> fileView(Call call, String path) throws IOException {
    FileEntry f = state.liveFiles.get(path);
    if (f == null) {
      if (state.goneFiles.contains(path)) {
        responses.message(call, 410, "file existed, deleted in later serial");
      } else {
        responses.message(call, 404, "no such file");
      }
      return Optional.empty();
    }
    if (acceptsJson(call)) {
      ObjectNode r = responses.object();
      r.put("last_modified", HTTP_DATE.format(f.when()));
      r.put("hash_spec", "sha256=" + f.sha256());
      r.putObject("hashes").put("sha256", f.sha256());
      for (Index i : state.indexes.values()) {
        i.projects.forEach(
            (p, vs) ->
                vs.values()
                    .forEach(
                        v -> {
                          if (v.files.get(f.filename()) == f) {
                            r.put("project", p);
                            r.put("version", v.version);
                          }
                        }));
      }
      responses.result(call, "releasefilemeta", r);
      return Optional.empty();
    }
    return Optional.of(f);
  }
}
