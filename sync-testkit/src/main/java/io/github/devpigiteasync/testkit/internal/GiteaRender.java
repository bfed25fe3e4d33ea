package io.github.devpigiteasync.testkit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.devpigiteasync.testkit.internal.GiteaAuth.Viewer;
import io.github.devpigiteasync.testkit.internal.GiteaState.FileRow;
import io.github.devpigiteasync.testkit.internal.GiteaState.Repo;
import io.github.devpigiteasync.testkit.internal.GiteaState.Ver;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The bodies the simulated server sends: API JSON, simple pages (HTML and PEP 691 JSON). */
final class GiteaRender {
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

  private final GiteaSim.Settings settings;
  private final ObjectMapper mapper;
  private final GiteaState state;
  private final GiteaAuth auth;

  GiteaRender(GiteaSim.Settings settings, ObjectMapper mapper, GiteaState state, GiteaAuth auth) {
    this.settings = settings;
    this.mapper = mapper;
    this.state = state;
    this.auth = auth;
  }

  String downloadUrl(Ver ver, FileRow row) {
    return settings.rootUrl()
        + "api/packages/"
        + Names.segment(ver.pkg.owner.name)
        + "/pypi/files/"
        + Names.segment(ver.pkg.lowerName)
        + "/"
        + Names.segment(ver.version)
        + "/"
        + Names.segment(row.name());
  }

  String time(long unix) {
    return RFC3339.format(OffsetDateTime.ofInstant(Instant.ofEpochSecond(unix), settings.zone()));
  }

  ObjectNode userJson(long id, String name, boolean isPrivate) {
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

  ObjectNode repoJson(Repo repo) {
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

  /** Caller holds the state lock. */
  ObjectNode packageJson(Ver v, Viewer viewer) {
    ObjectNode p = mapper.createObjectNode();
    p.put("id", v.id);
    p.set("owner", userJson(v.pkg.owner.id, v.pkg.owner.name, v.pkg.owner.isPrivate));
    Repo repo = v.pkg.repo;
    if (repo != null && state.repos.containsValue(repo) && auth.canSee(viewer, repo)) {
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

  /** {@code GET …/files}: {@code Size} on Gitea before 1.24 and on every Forgejo. */
  ArrayNode filesJson(Ver ver, boolean lowerCaseSize) {
    ArrayNode files = mapper.createArrayNode();
    for (FileRow f : ver.files) {
      ObjectNode n = files.addObject();
      n.put("id", f.id());
      n.put(lowerCaseSize ? "size" : "Size", f.blob().size());
      n.put("name", f.name());
      n.put("md5", f.blob().md5());
      n.put("sha1", f.blob().sha1());
      n.put("sha256", f.blob().sha256());
      n.put("sha512", f.blob().sha512());
    }
    return files;
  }

  /** Gitea's {@code templates/api/packages/pypi/simple.tmpl}; versions sorted as strings. */
  String simpleHtml(List<Ver> vers) {
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
            .append(f.blob().sha256())
            .append('"');
        if (v.requiresPython != null) {
          sb.append(" data-requires-python=\"").append(Names.html(v.requiresPython)).append('"');
        }
        sb.append('>').append(Names.html(f.name())).append("</a><br>\n");
      }
    }
    sb.append("\t</body>\n</html>\n");
    return sb.toString();
  }

  /**
   * Forgejo v16's PEP 691 answer: URLs without a {@code #sha256=} fragment, {@code
   * "requires-python": ""} when unset, no {@code yanked} or {@code core-metadata}.
   */
  String simpleJson(List<Ver> vers) {
    ObjectNode root = mapper.createObjectNode();
    root.put("name", vers.get(0).pkg.lowerName);
    root.putObject("meta").put("api-version", "1.4");
    ArrayNode versions = root.putArray("versions");
    ArrayNode files = root.putArray("files");
    for (Ver v : vers) {
      versions.add(v.version);
      for (FileRow f : v.files) {
        ObjectNode n = files.addObject();
        n.put("filename", f.name());
        n.put("url", downloadUrl(v, f));
        n.putObject("hashes").put("sha256", f.blob().sha256());
        n.put("requires-python", v.requiresPython == null ? "" : v.requiresPython);
        n.put("size", f.blob().size());
      }
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
