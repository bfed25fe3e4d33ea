package io.github.devpigiteasync.sync.internal;

import io.github.devpigiteasync.devpi.DevpiClient;
import io.github.devpigiteasync.devpi.IndexRef;
import io.github.devpigiteasync.devpi.model.ReleaseFile;
import io.github.devpigiteasync.gitea.GiteaClient;
import io.github.devpigiteasync.gitea.GiteaNotFoundException;
import io.github.devpigiteasync.gitea.PackageQuery;
import io.github.devpigiteasync.gitea.model.GiteaPackage;
import io.github.devpigiteasync.gitea.model.PackageFile;
import io.github.devpigiteasync.gitea.model.Repository;
import io.github.devpigiteasync.gitea.model.SimpleFile;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.PlannedFile.Action;
import io.github.devpigiteasync.sync.PlannedFile.ReasonCode;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.config.FileType;
import io.github.devpigiteasync.sync.config.Mapping;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps 1 to 4 of a pass for one mapping: discover the organization's files, filter them (recording
 * why each dropped file was dropped), group them by PEP 503 project and version, and diff them file
 * by file with the devpi index.
 *
 * <p>Cost: the version listing ({@code pages} requests), then per Gitea package one request for its
 * files (the files endpoint when it has a single version, else the simple page, which lists every
 * version's files with their sha256), then per project that survives the filters one devpi request
 * (which also tells a missing index). Sizes of files to upload come from the files endpoint of
 * their version only. An unchanged organization thus costs {@code pages + 2 × packages} requests,
 * plus the API settings and the devpi login once per engine.
 */
final class MappingPlanner {
  private static final Logger log = LoggerFactory.getLogger(MappingPlanner.class);
  private static final Comparator<PlannedFile> ORDER =
      Comparator.comparing(PlannedFile::project)
          .thenComparing(PlannedFile::version)
          .thenComparing(PlannedFile::filename);

  private final Mapping mapping;
  private final SyncOptions options;
  private final GiteaClient gitea;
  private final DevpiClient devpi;
  private final IndexRef index;
  private final ExecutorService pool;
  private final Globs include;
  private final Globs exclude;
  private final Globs runFilter;

  MappingPlanner(
      Mapping mapping,
      IndexRef index,
      SyncOptions options,
      GiteaClient gitea,
      DevpiClient devpi,
      ExecutorService pool) {
    this.mapping = mapping;
    this.options = options;
    this.gitea = gitea;
    this.devpi = devpi;
    this.index = index;
    this.pool = pool;
    this.include = Globs.of(mapping.packages());
    this.exclude = Globs.of(mapping.excludePackages());
    this.runFilter = Globs.of(options.packageFilters());
  }

  /** Plans the mapping; Gitea and devpi exceptions propagate and fail the mapping as a whole. */
  List<PlannedFile> plan() throws InterruptedException {
    Map<String, Map<String, List<GiteaPackage>>> projects = discover();
    List<Future<List<PlannedFile>>> tasks = new ArrayList<>();
    for (Map.Entry<String, Map<String, List<GiteaPackage>>> project : projects.entrySet()) {
      Callable<List<PlannedFile>> task = () -> planProject(project.getKey(), project.getValue());
      tasks.add(pool.submit(task));
    }
    List<PlannedFile> files = new ArrayList<>();
    try {
      for (Future<List<PlannedFile>> task : tasks) {
        files.addAll(task.get());
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    } finally {
      tasks.forEach(t -> t.cancel(true));
    }
    files.sort(ORDER);
    return files;
  }

  /** Version entries grouped by canonical project name, then by the name Gitea stores. */
  private Map<String, Map<String, List<GiteaPackage>>> discover() {
    Map<String, Map<String, List<GiteaPackage>>> projects = new TreeMap<>();
    int versions = 0;
    for (GiteaPackage p : gitea.packages().list(mapping.organization(), PackageQuery.pypi())) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("planning interrupted");
      }
      projects
          .computeIfAbsent(Names.canonical(p.name()), k -> new TreeMap<>())
          .computeIfAbsent(p.name(), k -> new ArrayList<>())
          .add(p);
      versions++;
    }
    log.debug("{}: {} versions in {} projects", mapping.organization(), versions, projects.size());
    return projects;
  }

  private List<PlannedFile> planProject(String project, Map<String, List<GiteaPackage>> packages) {
    List<PlannedFile> out = new ArrayList<>();
    Map<String, Candidate> kept = new LinkedHashMap<>();
    Map<String, FileSource> sources = new HashMap<>();
    for (Map.Entry<String, List<GiteaPackage>> pkg : packages.entrySet()) {
      FileSource source = new FileSource(pkg.getKey(), pkg.getValue());
      sources.put(pkg.getKey(), source);
      Optional<Repository> repo =
          pkg.getValue().stream().flatMap(v -> v.repository().stream()).findFirst();
      for (Candidate c : source.candidates()) {
        Skip skip = filter(c, repo);
        if (skip != null) {
          out.add(c.planned(project, c.giteaVersion, Action.SKIP, skip.code(), skip.text()));
          continue;
        }
        Optional<DistFilename> parsed = DistFilename.parse(c.filename, c.giteaPackage);
        if (parsed.isEmpty()) {
          out.add(
              c.planned(
                  project,
                  c.giteaVersion,
                  Action.SKIP,
                  ReasonCode.FOREIGN_FILE_NAME,
                  "file name does not belong to Gitea package '"
                      + c.giteaPackage
                      + "'; not uploaded under a guessed name"));
          continue;
        }
        String version = parsed.get().version();
        if (!Names.sameVersion(version, c.giteaVersion)) {
          out.add(
              c.planned(
                  project,
                  version,
                  Action.SKIP,
                  ReasonCode.VERSION_MISMATCH,
                  "file name version '"
                      + version
                      + "' does not match Gitea version '"
                      + c.giteaVersion
                      + "'"));
          continue;
        }
        Candidate twin = kept.get(c.filename);
        if (twin != null) {
          out.add(
              c.planned(
                  project,
                  version,
                  Action.SKIP,
                  ReasonCode.DUPLICATE_FILE_NAME,
                  "the same file name is also published by Gitea package '"
                      + twin.giteaPackage
                      + "' "
                      + twin.giteaVersion));
          continue;
        }
        c.version = version;
        kept.put(c.filename, c);
      }
    }
    for (Candidate c : kept.values()) {
      if (c.sha256.isEmpty()) {
        sources.get(c.giteaPackage).fillSize(c);
      }
    }
    if (kept.isEmpty()) {
      return out;
    }
    Map<String, Optional<String>> inDevpi = new HashMap<>();
    for (ReleaseFile f : devpi.ownFiles(index, project)) {
      inDevpi.put(f.filename(), f.sha256().map(s -> s.toLowerCase(Locale.ROOT)));
    }
    List<Candidate> uploads = new ArrayList<>();
    for (Candidate c : kept.values()) {
      if (c.sha256.isEmpty()) {
        out.add(
            c.planned(
                project,
                c.version,
                Action.SKIP,
                ReasonCode.NO_SHA256,
                "Gitea publishes no sha256 for this file"));
        continue;
      }
      Optional<String> devpiHash = inDevpi.get(c.filename);
      if (devpiHash == null) {
        c.reason = "";
        c.code = ReasonCode.NONE;
        uploads.add(c);
      } else if (devpiHash.isEmpty() || devpiHash.get().equals(c.sha256)) {
        if (options.force()) {
          c.reason = "forced: devpi already holds this file";
          c.code = ReasonCode.FORCED_SAME_BYTES;
          uploads.add(c);
        } else {
          out.add(c.planned(project, c.version, Action.PRESENT, ReasonCode.NONE, ""));
        }
      } else {
        String detail =
            "devpi holds different bytes under this name (sha256 "
                + devpiHash.get()
                + ", Gitea "
                + c.sha256
                + ")";
        if (options.force()) {
          c.reason = "forced: " + detail;
          c.code = ReasonCode.FORCED_DIFFERENT_BYTES;
          uploads.add(c);
        } else {
          out.add(
              c.planned(
                  project,
                  c.version,
                  Action.CONFLICT,
                  ReasonCode.DIFFERENT_BYTES,
                  detail + "; not overwritten (force re-upload is off)"));
        }
      }
    }
    for (Candidate c : uploads) {
      if (c.size < 0) {
        sources.get(c.giteaPackage).fillSize(c);
      }
      if (c.size < 0) {
        out.add(
            c.planned(
                project,
                c.version,
                Action.SKIP,
                ReasonCode.VANISHED,
                "the file is no longer listed in Gitea"));
      } else {
        out.add(c.planned(project, c.version, Action.UPLOAD, c.code, c.reason));
      }
    }
    return out;
  }

  /** Why a file is dropped: a code for programs and a text for people. */
  private record Skip(ReasonCode code, String text) {}

  /** Why a file is dropped, in the spec's order; null when it is kept. */
  private @Nullable Skip filter(Candidate c, Optional<Repository> repo) {
    Optional<DistFilename.Kind> kind = DistFilename.kindOf(c.filename);
    if (kind.isEmpty()) {
      return new Skip(ReasonCode.NOT_A_DISTRIBUTION, "not a wheel or sdist (.whl, .tar.gz, .zip)");
    }
    if (!mapping.repositories().isEmpty()) {
      if (repo.isEmpty()) {
        return new Skip(
            ReasonCode.REPOSITORY_NOT_LINKED,
            "package is not linked to a repository (or the token cannot see it); repositories = "
                + String.join(", ", mapping.repositories()));
      }
      if (!mapping.repositories().contains(repo.get().name())) {
        return new Skip(
            ReasonCode.REPOSITORY_NOT_LISTED,
            "repository '"
                + repo.get().name()
                + "' is not in repositories = "
                + String.join(", ", mapping.repositories()));
      }
    }
    if (repo.isPresent() && repo.get().archived() && !mapping.includeArchived()) {
      return new Skip(
          ReasonCode.REPOSITORY_ARCHIVED,
          "repository '" + repo.get().name() + "' is archived (include_archived = false)");
    }
    if (!include.isEmpty() && !include.matches(c.giteaPackage)) {
      return new Skip(
          ReasonCode.PACKAGE_NOT_INCLUDED,
          "package name does not match packages = " + String.join(", ", mapping.packages()));
    }
    if (exclude.matches(c.giteaPackage)) {
      return new Skip(
          ReasonCode.PACKAGE_EXCLUDED,
          "package name matches exclude_packages = "
              + String.join(", ", mapping.excludePackages()));
    }
    if (!runFilter.isEmpty() && !runFilter.matches(c.giteaPackage)) {
      return new Skip(
          ReasonCode.PACKAGE_FILTER,
          "package name does not match this run's package filter "
              + String.join(", ", options.packageFilters()));
    }
    FileType type = kind.get() == DistFilename.Kind.WHEEL ? FileType.WHEEL : FileType.SDIST;
    if (!mapping.fileTypes().contains(type)) {
      return new Skip(
          ReasonCode.FILE_TYPE,
          type.name().toLowerCase(Locale.ROOT)
              + " files are not synced (file_types = "
              + mapping.fileTypes().stream()
                  .map(t -> t.name().toLowerCase(Locale.ROOT))
                  .collect(Collectors.joining(", "))
              + ")");
    }
    return null;
  }

  /** One file as Gitea lists it, while it goes through the pipeline. */
  private static final class Candidate {
    final String giteaPackage;
    final String giteaVersion;
    final String filename;
    long size;
    String sha256;
    String version;
    String reason = "";
    ReasonCode code = ReasonCode.NONE;

    Candidate(String giteaPackage, String giteaVersion, String filename, long size, String sha256) {
      this.giteaPackage = giteaPackage;
      this.giteaVersion = giteaVersion;
      this.filename = filename;
      this.size = size;
      this.sha256 = sha256.toLowerCase(Locale.ROOT);
      this.version = giteaVersion;
    }

    PlannedFile planned(
        String project, String version, Action action, ReasonCode code, String reason) {
      return new PlannedFile(
          project,
          version,
          filename,
          size,
          sha256,
          action,
          reason,
          giteaPackage,
          giteaVersion,
          code);
    }
  }

  /** Where the files of one Gitea package come from, choosing the cheaper endpoint. */
  private final class FileSource {
    private final String name;
    private final List<GiteaPackage> versions;
    private final Map<String, List<PackageFile>> filesByVersion = new HashMap<>();

    FileSource(String name, List<GiteaPackage> versions) {
      this.name = name;
      this.versions = versions;
    }

    List<Candidate> candidates() {
      List<Candidate> out = new ArrayList<>();
      if (versions.size() == 1) {
        String version = versions.get(0).version();
        for (PackageFile f : files(version)) {
          out.add(new Candidate(name, version, f.name(), f.size(), f.sha256()));
        }
        return out;
      }
      Map<String, String> storedVersion = new HashMap<>();
      versions.forEach(v -> storedVersion.put(v.version().toLowerCase(Locale.ROOT), v.version()));
      for (SimpleFile f : simplePage()) {
        String version =
            storedVersion.getOrDefault(f.version().toLowerCase(Locale.ROOT), f.version());
        out.add(new Candidate(name, version, f.filename(), -1, f.sha256().orElse("")));
      }
      return out;
    }

    /** Takes size (and sha256, when still unknown) from the version's files endpoint. */
    void fillSize(Candidate c) {
      for (PackageFile f : files(c.giteaVersion)) {
        if (f.name().equals(c.filename)) {
          c.size = f.size();
          if (c.sha256.isEmpty()) {
            c.sha256 = f.sha256().toLowerCase(Locale.ROOT);
          }
        }
      }
    }

    // A package or version deleted between the listing and this request is simply gone (404), not
    // an error.
    private List<SimpleFile> simplePage() {
      try {
        return gitea.packages().pypiSimple(mapping.organization(), name);
      } catch (GiteaNotFoundException e) {
        log.debug("{}/{} vanished while planning", mapping.organization(), name);
        return List.of();
      }
    }

    private synchronized List<PackageFile> files(String version) {
      return filesByVersion.computeIfAbsent(
          version,
          v -> {
            try {
              return gitea.packages().files(mapping.organization(), "pypi", name, v);
            } catch (GiteaNotFoundException e) {
              log.debug("{}/{} {} vanished while planning", mapping.organization(), name, v);
              return List.of();
            }
          });
    }
  }
}
