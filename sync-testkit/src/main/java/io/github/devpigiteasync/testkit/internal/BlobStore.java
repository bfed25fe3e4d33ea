package io.github.devpigiteasync.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Files owned by one simulator, in a temp directory deleted on close. Copies stream and hash on the
 * way in.
 */
public final class BlobStore implements AutoCloseable {

  /** A stored blob with its digests (lower-case hex). */
  public record Blob(Path path, long size, String md5, String sha1, String sha256, String sha512) {}

  private final Path dir;
  private final AtomicLong counter = new AtomicLong();

  public BlobStore(String prefix) {
    try {
      this.dir = Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dir() {
    return dir;
  }

  public Path newFile() {
    return dir.resolve("blob-" + counter.incrementAndGet());
  }

  public Blob store(Path source) {
    try (InputStream in = Files.newInputStream(source)) {
      return store(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Blob store(InputStream in) throws IOException {
    Path target = newFile();
    MessageDigest md5 = digest("MD5");
    MessageDigest sha1 = digest("SHA-1");
    MessageDigest sha256 = digest("SHA-256");
    MessageDigest sha512 = digest("SHA-512");
    long size = 0;
    byte[] buf = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(target)) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        md5.update(buf, 0, n);
        sha1.update(buf, 0, n);
        sha256.update(buf, 0, n);
        sha512.update(buf, 0, n);
        size += n;
      }
    } catch (IOException e) {
      Files.deleteIfExists(target);
      throw e;
    }
    return new Blob(
        target,
        size,
        Names.hex(md5.digest()),
        Names.hex(sha1.digest()),
        Names.hex(sha256.digest()),
        Names.hex(sha512.digest()));
  }

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
