package io.github.devpigiteasync.devpi.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongConsumer;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * Streams a file into the request in 64 KiB chunks, never buffering it whole. Not one-shot: each
 * {@link #writeTo} reopens the file, so OkHttp may resend it after a 401 re-login or a retry.
 */
public final class FileRequestBody extends RequestBody {
  private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
  private static final long CHUNK = 64 * 1024;

  private final Path file;
  private final long length;
  private final @Nullable LongConsumer progress;

  public FileRequestBody(Path file, @Nullable LongConsumer progress) throws IOException {
    this.file = Objects.requireNonNull(file, "file == null");
    this.length = Files.size(file);
    this.progress = progress;
  }

  @Override
  public MediaType contentType() {
    return OCTET_STREAM;
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    long written = 0;
    try (Source source = Okio.source(file)) {
      Buffer buffer = new Buffer();
      for (long n; (n = source.read(buffer, CHUNK)) != -1; ) {
        sink.write(buffer, n);
        written += n;
        if (progress != null) {
          progress.accept(written);
        }
      }
    }
    if (written != length) {
      throw new IOException(
          "file "
              + file.getFileName()
              + " changed size during upload: "
              + written
              + " != "
              + length);
    }
  }
}
