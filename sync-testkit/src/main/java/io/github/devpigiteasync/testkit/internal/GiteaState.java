package io.github.devpigiteasync.testkit.internal;

import io.github.devpigiteasync.testkit.PublishedFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Gitea simulator's data: owners, tokens, repositories, packages, versions and files, with a
 * fake clock. Every field is guarded by {@link #lock}; the routing holds it while it reads.
 */
final class GiteaState {
  private static final Logger log = LoggerFactory.getLogger(GiteaState.class);

  static final class Owner {
    final long id;
    final String name;
    boolean isPrivate;

    Owner(long id, String name, boolean isPrivate) {
      this.id = id;
      this.name = name;
      this.isPrivate = isPrivate;
    }
  }

  record Token(String value, Set<String> owners, boolean packageScope) {
    boolean reads(Owner owner) {
      return owners.contains("*") || owners.contains(owner.name.toLowerCase(Locale.ROOT));
    }
  }

  static final class Repo {
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

  static final class Pkg {
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

  record FileRow(long id, String name, BlobStore.Blob blob, long createdUnix) {}

  static final class Ver {
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

  final Object lock = new Object();
  final Map<String, Owner> owners = new HashMap<>();
  final Map<String, Token> tokens = new HashMap<>();
  final Map<String, Repo> repos = new HashMap<>();
  final Map<String, Pkg> packages = new HashMap<>();
  final List<Ver> versions = new ArrayList<>();
  final Set<String> hidden = new HashSet<>();
  private final BlobStore blobs;
  private final Duration clockStep;
  private final DownloadUrls urls;
  private long nextId = 2;
  private long nextFileId = 1;
  private long clock;

  /** The download URL of a file, as the server renders it (it knows ROOT_URL). */
  @FunctionalInterface
  interface DownloadUrls {
    String of(Ver ver, FileRow row);
  }

  GiteaState(BlobStore blobs, long startUnix, Duration clockStep, DownloadUrls urls) {
    this.blobs = blobs;
    this.clock = startUnix;
    this.clockStep = clockStep;
    this.urls = urls;
  }

  static String key(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  void owner(String name, boolean isPrivate) {
    synchronized (lock) {
      Owner existing = owners.get(key(name));
      if (existing != null) {
        existing.isPrivate = isPrivate;
      } else {
        owners.put(key(name), new Owner(nextId++, name, isPrivate));
      }
    }
  }

  void token(String value, boolean packageScope, String... readableOwners) {
    Objects.requireNonNull(value, "token == null");
    Set<String> set = new HashSet<>();
    for (String o : readableOwners) {
      set.add(key(o));
    }
    synchronized (lock) {
      tokens.put(value, new Token(value, Set.copyOf(set), packageScope));
    }
  }

  void repo(String owner, String name, boolean archived) {
    synchronized (lock) {
      Owner o = requireOwner(owner);
      Repo repo =
          repos.computeIfAbsent(
              key(owner) + "/" + key(name), k -> new Repo(nextId++, o, name, clock));
      setArchived(repo, archived);
    }
  }

  void archive(String owner, String name, boolean archived) {
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

  void link(String owner, String packageName, String repo) {
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

  void hide(String token, String owner, String repo) {
    synchronized (lock) {
      hidden.add(token + "\n" + key(owner) + "/" + key(repo));
    }
  }

  PublishedFile publish(
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
        clock += clockStep.getSeconds();
        versions.add(ver);
      }
      for (FileRow f : ver.files) {
        if (f.name().equalsIgnoreCase(filename)) {
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
          row.id(),
          urls.of(ver, row));
    }
  }

  boolean deleteVersion(String owner, String packageName, String version) {
    synchronized (lock) {
      return versions.removeIf(
          v ->
              v.pkg.owner.name.equalsIgnoreCase(owner)
                  && v.pkg.lowerName.equals(key(Names.gitea(packageName)))
                  && v.version.equalsIgnoreCase(version));
    }
  }

  /** The version with this id, if it still exists. Caller holds the lock. */
  Optional<Ver> version(long id) {
    return versions.stream().filter(v -> v.id == id).findFirst();
  }

  /** The versions of one project by its registry name (normalised as Gitea does). */
  List<Ver> byRegistryName(Owner owner, String name) {
    String wanted = key(Names.gitea(name));
    List<Ver> out = new ArrayList<>();
    for (Ver v : versions) {
      if (v.pkg.owner == owner && v.pkg.lowerName.equals(wanted)) {
        out.add(v);
      }
    }
    return out;
  }

  Optional<FileRow> find(Owner owner, String name, String version, String filename) {
    for (Ver v : byRegistryName(owner, name)) {
      if (v.version.equalsIgnoreCase(version)) {
        for (FileRow f : v.files) {
          if (f.name().equalsIgnoreCase(filename)) {
            return Optional.of(f);
          }
        }
      }
    }
    return Optional.empty();
  }

  private Owner requireOwner(String owner) {
    Owner o = owners.get(key(owner));
    if (o == null) {
      throw new IllegalArgumentException("unknown owner " + owner + "; call owner() first");
    }
    return o;
  }

  Map<String, Integer> summary() {
    synchronized (lock) {
      Map<String, Integer> out = new LinkedHashMap<>();
      out.put("owners", owners.size());
      out.put("packages", packages.size());
      out.put("versions", versions.size());
      return out;
    }
  }
}
