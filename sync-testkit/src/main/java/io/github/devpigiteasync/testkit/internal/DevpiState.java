package io.github.devpigiteasync.testkit.internal;

import io.github.devpigiteasync.testkit.StoredFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the devpi simulator stores: users, indexes with their projects, versions and files, devpi
 * tokens, the file URLs that answer 200 or 410, and the database serial. Every field is guarded by
 * {@link #lock}; the other parts of the simulator take it around each request.
 */
final class DevpiState {
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

  static final class Index {
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

  static final class Version {
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

  record FileEntry(
      String filename,
      Path path,
      long size,
      String sha256,
      String href,
      Instant when,
      String who,
      String what) {}

  final Object lock = new Object();
  // guarded by lock
  final Map<String, String> users = new LinkedHashMap<>();
  final Map<String, Index> indexes = new LinkedHashMap<>();
  final Map<String, String> devpiTokens = new HashMap<>();
  final Map<String, FileEntry> liveFiles = new HashMap<>();
  final Set<String> goneFiles = new HashSet<>();
  long serial;

  void user(String name, String password) {
    synchronized (lock) {
      users.put(name, password);
    }
  }

  void index(String userSlashIndex, boolean isVolatile, String... bases) {
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

  void allowUpload(String userSlashIndex, String user) {
    synchronized (lock) {
      requireIndex(userSlashIndex).acl.add(user);
    }
  }

  List<StoredFile> files(String userSlashIndex) {
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

  /** True while a stored file still lives at {@code file} (a blob to keep). */
  boolean isLiveBlob(Path file) {
    synchronized (lock) {
      return liveFiles.values().stream().anyMatch(f -> f.path.equals(file));
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

  Index requireIndex(String id) {
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

  // own index first, then bases depth-first; the first index holding a version wins
  List<Index> chain(Index index) {
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

  Map<String, Version> versions(Index index, String project, boolean withBases) {
    Map<String, Version> out = new LinkedHashMap<>();
    for (Index i : withBases ? chain(index) : List.of(index)) {
      Map<String, Version> vs = i.projects.get(project);
      if (vs != null) {
        vs.forEach(out::putIfAbsent);
      }
    }
    return out;
  }
}
