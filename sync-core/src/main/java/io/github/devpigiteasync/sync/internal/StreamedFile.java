package io.github.devpigiteasync.sync.internal;

import io.github.devpigiteasync.devpi.UploadRequest;
import io.github.devpigiteasync.devpi.UploadSource;
import io.github.devpigiteasync.sync.PlannedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * One file in one pass: the Gitea download flows into the devpi upload as it arrives, and through
 * sha256 and into the staged file at the same time. After the last byte it checks size and sha256
 * against Gitea's, reads the core metadata from the staged copy and checks name and version against
 * the file name; only then does it hand back the form, whose fields devpi receives after the file.
 * Any failure before that aborts the upload, so devpi keeps nothing.
 */
final class StreamedFile implements UploadSource {
  private static final int BUFFER = 64 * 1024;

  private final InputStream download;
  private final Path staged;
  private final PlannedFile file;

  StreamedFile(InputStream download, Path staged, PlannedFile file) {
    this.download = download;
    this.staged = staged;
    this.file = file;
  }

  @Override
  public UploadRequest transfer(OutputStream out) throws IOException {
    MessageDigest sha256 = sha256();
    long size = 0;
    byte[] buffer = new byte[BUFFER];
    // WRITE only, no truncation: ext4 would flush a truncated-and-rewritten file on close
    try (OutputStream disk =
        Files.newOutputStream(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (true) {
        int n;
        try {
          n = download.read(buffer);
        } catch (IOException e) {
          throw new DownloadBrokenException(e);
        }
        if (n < 0) {
          break;
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new CancellationException("interrupted");
        }
        try {
          disk.write(buffer, 0, n);
        } catch (IOException e) {
          throw new RefusedException("cannot write the staged file: " + e.getMessage());
        }
        sha256.update(buffer, 0, n);
        out.write(buffer, 0, n);
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

  private static MessageDigest sha256() {
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
