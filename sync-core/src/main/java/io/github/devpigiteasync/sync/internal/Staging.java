package io.github.devpigiteasync.sync.internal;

import io.github.devpigiteasync.sync.SyncException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staging directory: downloads land in a per-run {@code run-*} subdirectory created {@code
 * 0700}, under a generated name (never the server's file name). Each run holds a lock on its {@code
 * .lock} file, so a cleanup of leftovers from a crashed process never touches the directory of a
 * run that is still going in another process.
 */
final class Staging {
  private static final Logger log = LoggerFactory.getLogger(Staging.class);
  private static final String RUN_PREFIX = "run-";
  private static final String LOCK = ".lock";
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  private final Path root;

  Staging(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /**
   * The default staging directory: a folder of this user under the system temp dir, reused from run
   * to run so that leftovers of a crashed run are found. When another user owns that name, or it is
   * open to others, a fresh private temp directory is used instead.
   */
  static Path defaultRoot() {
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    Path shared =
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "devpi-gitea-sync-" + user.toLowerCase(Locale.ROOT));
    if (!POSIX || !Files.exists(shared, LinkOption.NOFOLLOW_LINKS) || isPrivateToUs(shared)) {
      return shared;
    }
    log.warn(
        "{} is not a private directory of this user; staging in a fresh temporary directory",
        shared);
    try {
      return Files.createTempDirectory("devpi-gitea-sync-", ownerOnly());
    } catch (IOException e) {
      throw new SyncException("cannot create a staging directory: " + e.getMessage(), e);
    }
  }

  private static boolean isPrivateToUs(Path dir) {
    try {
      PosixFileAttributes attrs =
          Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attrs.isDirectory()
          && attrs.owner().getName().equals(System.getProperty("user.name"))
          && attrs.permissions().equals(OWNER_ONLY);
    } catch (IOException e) {
      return false;
    }
  }

  Path root() {
    return root;
  }

  /** Creates the root ({@code 0700}) when missing; an existing directory is used as it is. */
  void ensureRoot() {
    try {
      if (!Files.isDirectory(root)) {
        Files.createDirectories(root, ownerOnly());
      }
    } catch (FileAlreadyExistsException e) {
      throw new SyncException("staging directory " + root + " exists but is not a directory");
    } catch (IOException e) {
      throw new SyncException("cannot create staging directory " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the run directories that no live run holds, left behind by a crashed or killed process.
   */
  int cleanLeftovers() {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> runs = Files.newDirectoryStream(root, RUN_PREFIX + "*")) {
      for (Path dir : runs) {
        if (Files.isDirectory(dir) && tryRemoveAbandoned(dir)) {
          removed++;
        }
      }
    } catch (IOException e) {
      log.warn("Could not scan staging directory {} for leftovers: {}", root, e.toString());
    }
    if (removed > 0) {
      log.info("Removed {} staging directories left behind by an earlier run in {}", removed, root);
    }
    return removed;
  }

  private static boolean tryRemoveAbandoned(Path dir) {
    Path lockFile = dir.resolve(LOCK);
    if (!Files.exists(lockFile)) {
      // a run creates its lock right after its directory; give a run that is just starting a minute
      try {
        long age = System.currentTimeMillis() - Files.getLastModifiedTime(dir).toMillis();
        if (age < 60_000) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
      deleteTree(dir);
      return true;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return false;
      }
      try {
        deleteContents(dir, lockFile);
      } finally {
        lock.release();
      }
    } catch (OverlappingFileLockException e) {
      return false; // held by a run of this very process
    } catch (IOException e) {
      log.warn("Could not check staging directory {}: {}", dir, e.toString());
      return false;
    }
    deleteTree(dir);
    return true;
  }

  /** Starts a run: a fresh {@code 0700} directory, locked until {@link Run#close()}. */
  Run newRun() {
    ensureRoot();
    Path dir = root.resolve(RUN_PREFIX + UUID.randomUUID());
    try {
      Files.createDirectory(dir, ownerOnly());
      FileChannel channel =
          FileChannel.open(
              dir.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.lock();
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      return new Run(dir, channel, lock);
    } catch (IOException e) {
      deleteTree(dir);
      throw new SyncException(
          "cannot create a run directory in " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * One run's private directory. Files are named by a counter, so no server value ever becomes a
   * path.
   */
  static final class Run implements AutoCloseable {
    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final AtomicLong counter = new AtomicLong();

    private Run(Path dir, FileChannel channel, FileLock lock) {
      this.dir = dir;
      this.channel = channel;
      this.lock = lock;
    }

    Path dir() {
      return dir;
    }

    /** A new, unused path inside the run directory. */
    Path newFile() {
      String n = Long.toString(counter.incrementAndGet());
      return dir.resolve("file-" + "000000".substring(Math.min(6, n.length())) + n + ".dist");
    }

    /** Removes every file of the run and the directory itself. */
    @Override
    public void close() {
      deleteContents(dir, dir.resolve(LOCK));
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        log.debug("Could not release {}: {}", dir, e.toString());
      }
      deleteTree(dir);
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Could not delete staged file {}: {}", file, e.toString());
    }
  }

  private static void deleteContents(Path dir, Path keep) {
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> !p.equals(keep)).forEach(Staging::deleteTree);
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException | UncheckedIOException e) {
      log.warn("Could not empty staging directory {}: {}", dir, e.toString());
    }
  }

  private static void deleteTree(Path path) {
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(Staging::deleteQuietly);
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException | UncheckedIOException e) {
      log.warn("Could not delete {}: {}", path, e.toString());
    }
  }

  private static FileAttribute<?>[] ownerOnly() {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
  }
}
