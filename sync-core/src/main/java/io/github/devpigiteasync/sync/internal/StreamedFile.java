package io.github.devpigiteasync.sync.internal;

import io.github.devpigiteasync.devpi.UploadRequest;
import io.github.devpigiteasync.devpi.UploadSource;
import io.github.devpigiteasync.sync.PlannedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;

/**
 * One file in one pass: the Gitea download flows into the devpi upload as it arrives, and through
 * sha256 and into the staged file at the same time. After the last byte it checks size and sha256
 * against Gitea's, reads the core metadata from the staged copy and checks name and version against
 * the file name; only then does it hand back the form, whose fields devpi receives after the file.
 * Any failure before that aborts the upload, so devpi keeps nothing.
 */
final class StreamedFile implements UploadSource {
  /** Read, hashed and staged at a time: eight of OkHttp's 8 KiB segments. */
  private static final long BATCH = 64 * 1024;

  private final BufferedSource download;
  private final Path staged;
  private final PlannedFile file;

  private final MessageDigest sha256;

  StreamedFile(BufferedSource download, Path staged, PlannedFile file) {
    this(download, staged, file, newSha256());
  }

  /**
   * @param sha256 a fresh SHA-256 digest, e.g. a clone of one kept for the run (cloning skips the
   *     provider lookup of {@link MessageDigest#getInstance} per file)
   */
  StreamedFile(BufferedSource download, Path staged, PlannedFile file, MessageDigest sha256) {
    this.download = download;
    this.staged = staged;
    this.file = file;
    this.sha256 = sha256;
  }

  /**
   * Each batch of the download is moved, not copied, from the response into the request: its
   * segments are hashed where they are and written to the staged file with one gathering write.
   */
  @Override
  public UploadRequest transfer(BufferedSink out) throws IOException {
    long size = 0;
    Buffer batch = new Buffer();
    Buffer.UnsafeCursor cursor = new Buffer.UnsafeCursor();
    List<ByteBuffer> segments = new ArrayList<>();
    // WRITE only, no truncation: ext4 would flush a truncated-and-rewritten file on close
    try (FileChannel disk =
        FileChannel.open(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (true) {
        long n;
        try {
          download.request(BATCH);
          n = download.read(batch, BATCH);
        } catch (IOException e) {
          throw new DownloadBrokenException(e);
        }
        if (n < 0) {
          break;
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new CancellationException("interrupted");
        }
        segments.clear();
        try (Buffer.UnsafeCursor c = batch.readUnsafe(cursor)) {
          for (int len = c.seek(0); len != -1; len = c.next()) {
            byte[] data = Objects.requireNonNull(c.data);
            sha256.update(data, c.start, len);
            segments.add(ByteBuffer.wrap(data, c.start, len));
          }
        }
        try {
          write(disk, segments.toArray(new ByteBuffer[0]));
        } catch (IOException e) {
          throw new RefusedException("cannot write the staged file: " + e.getMessage());
        }
        out.write(batch, n);
        size += n;
      }
    }
    if (file.size() >= 0 && size != file.size()) {
      throw new RefusedException(
          "size mismatch: Gitea lists "
              + file.size()
              + " bytes, the download had "
              + size
              + "; not uploaded");
    }
    String actual = HexFormat.of().formatHex(sha256.digest());
    String expected = file.sha256().toLowerCase(Locale.ROOT);
    if (expected.isEmpty()) {
      throw new RefusedException("Gitea lists no sha256 for the file; not uploaded");
    }
    if (!expected.equals(actual)) {
      throw new RefusedException(
          "sha256 mismatch: Gitea lists "
              + expected
              + ", the downloaded bytes hash to "
              + actual
              + "; not uploaded");
    }
    try {
      return UploadForm.of(staged, file, CoreMetadata.read(staged, file.filename()));
    } catch (CoreMetadata.MetadataException e) {
      throw new RefusedException("unusable core metadata: " + e.getMessage() + "; not uploaded");
    }
  }

  private static void write(FileChannel disk, ByteBuffer[] buffers) throws IOException {
    if (buffers.length == 0) {
      return;
    }
    for (ByteBuffer last = buffers[buffers.length - 1]; last.hasRemaining(); ) {
      disk.write(buffers);
    }
  }

  /** A fresh SHA-256 digest. */
  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The download broke off mid-stream; the file may be tried again. */
  static final class DownloadBrokenException extends IOException {
    private static final long serialVersionUID = 1L;

    DownloadBrokenException(IOException cause) {
      super(cause.toString(), cause);
    }
  }

  /** The file must not reach devpi; the message is the reason shown to users. */
  static final class RefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    RefusedException(String reason) {
      super(reason);
    }
  }
}
