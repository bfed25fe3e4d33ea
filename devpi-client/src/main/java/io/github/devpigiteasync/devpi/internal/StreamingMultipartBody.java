package io.github.devpigiteasync.devpi.internal;

import io.github.devpigiteasync.devpi.UploadRequest;
import io.github.devpigiteasync.devpi.UploadSource;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Sink;
import okio.Source;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * The {@code multipart/form-data} body of a streaming upload: the file part {@code content} first,
 * filled by an {@link UploadSource} as its bytes arrive, then {@code :action}, {@code name}, {@code
 * version} and the metadata fields the source returned, then the closing boundary. devpi reads the
 * form only once the whole body has arrived (notes §4.6), so the fields may follow the file.
 *
 * <p>When the source throws, the bound call is cancelled before the closing boundary is written:
 * the connection closes mid-body and devpi stores nothing. The body is one-shot until the source
 * has finished; from then on every further {@link #writeTo} (a retry, a re-login after 401) sends
 * the same form again from the staged copy the source named, which is safe because devpi treats an
 * identical re-upload as an overwrite or a no-op (notes §4.4). The length is unknown, so OkHttp
 * sends the body chunked.
 */
public final class StreamingMultipartBody extends RequestBody {
  private static final long CHUNK = 64 * 1024;

  private final String boundary = "devpi-gitea-sync-" + UUID.randomUUID();
  private final MediaType contentType = MediaType.get("multipart/form-data; boundary=" + boundary);
  private final String filename;
  private final UploadSource source;
  private final @Nullable LongConsumer progress;
  private volatile @Nullable Call call;
  private volatile boolean sourceStarted;
  private volatile @Nullable UploadRequest finished;
  private volatile long finishedLength;
  private volatile @Nullable Throwable aborted;
  private volatile int resends;

  /**
   * @param filename the bare file name sent in the file part's header
   * @param progress receives the file bytes passed on so far; a resend counts again from zero
   */
  public StreamingMultipartBody(
      String filename, UploadSource source, @Nullable LongConsumer progress) {
    this.filename = Objects.requireNonNull(filename, "filename == null");
    this.source = Objects.requireNonNull(source, "source == null");
    this.progress = progress;
  }

  /** The call this body belongs to, cancelled when the source fails. */
  public void bind(Call call) {
    this.call = Objects.requireNonNull(call, "call == null");
  }

  /** The source's failure that aborted the upload, if it did. */
  public Optional<Throwable> abortCause() {
    return Optional.ofNullable(aborted);
  }

  /** How many times the form was sent again from the staged copy. */
  public int resends() {
    return resends;
  }

  @Override
  public MediaType contentType() {
    return contentType;
  }

  @Override
  public long contentLength() {
    return -1;
  }

  @Override
  public boolean isOneShot() {
    return finished == null;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    Throwable cause = aborted;
    if (cause != null) {
      throw new AbortedException(cause);
    }
    UploadRequest done = finished;
    if (done != null) {
      resends++;
      resend(sink, done);
      return;
    }
    if (sourceStarted) {
      // cannot happen: a first pass ends with the source finished or aborted
      throw new IllegalStateException("streaming upload body written twice");
    }
    writeFileHeader(sink);
    sourceStarted = true;
    PassOn out = new PassOn(sink);
    UploadRequest request;
    try {
      BufferedSink buffered = Okio.buffer(out);
      request = source.transfer(buffered);
      buffered.emit();
      if (!request.filename().equals(filename)) {
        throw new IllegalStateException(
            "the source finished " + request.filename() + " instead of " + filename);
      }
    } catch (IOException | RuntimeException | Error e) {
      abort(e);
      throw new AbortedException(e);
    }
    finishedLength = out.count;
    finished = request;
    if (out.failure != null) {
      // devpi broke off while the file was passing; the source finished its staged copy anyway,
      // and a retry resends from it
      throw out.failure;
    }
    sink.writeUtf8("\r\n");
    writeFields(sink, request);
  }

  private void abort(Throwable cause) {
    aborted = cause;
    Call c = call;
    if (c != null) {
      c.cancel(); // closes the connection mid-body: no closing boundary, nothing stored
    }
  }

  private void resend(BufferedSink sink, UploadRequest request) throws IOException {
    writeFileHeader(sink);
    long written = 0;
    try (Source in = Okio.source(request.file())) {
      Buffer buffer = new Buffer();
      for (long n; (n = in.read(buffer, CHUNK)) != -1; ) {
        sink.write(buffer, n);
        written += n;
        if (progress != null) {
          progress.accept(written);
        }
      }
    }
    if (written != finishedLength) {
      throw new IOException(
          "staged copy of "
              + filename
              + " holds "
              + written
              + " bytes, "
              + finishedLength
              + " were streamed");
    }
    sink.writeUtf8("\r\n");
    writeFields(sink, request);
  }

  private void writeFileHeader(BufferedSink sink) throws IOException {
    sink.writeUtf8("--").writeUtf8(boundary).writeUtf8("\r\n");
    sink.writeUtf8("Content-Disposition: form-data; name=\"content\"; filename=")
        .writeUtf8(quoted(filename))
        .writeUtf8("\r\n");
    sink.writeUtf8("Content-Type: application/octet-stream\r\n\r\n");
  }

  private void writeFields(BufferedSink sink, UploadRequest request) throws IOException {
    field(sink, ":action", "file_upload");
    field(sink, "name", request.name());
    field(sink, "version", request.version());
    for (Map.Entry<String, List<String>> e : request.metadata().entrySet()) {
      for (String value : e.getValue()) {
        field(sink, e.getKey(), value);
      }
    }
    sink.writeUtf8("--").writeUtf8(boundary).writeUtf8("--\r\n");
  }

  private void field(BufferedSink sink, String name, String value) throws IOException {
    sink.writeUtf8("--").writeUtf8(boundary).writeUtf8("\r\n");
    sink.writeUtf8("Content-Disposition: form-data; name=").writeUtf8(quoted(name));
    sink.writeUtf8("\r\n\r\n").writeUtf8(value).writeUtf8("\r\n");
  }

  // as OkHttp's MultipartBody quotes names: line breaks and quotes percent-encoded
  private static String quoted(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> out.append("%0A");
        case '\r' -> out.append("%0D");
        case '"' -> out.append("%22");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /**
   * Passes the source's bytes on to the request, moving Okio segments rather than copying them.
   * When devpi breaks off, the bytes are only counted from then on (the failure is kept for later),
   * unless the call was cancelled.
   */
  private final class PassOn implements Sink {
    private final BufferedSink sink;
    private long count;
    private @Nullable IOException failure;

    PassOn(BufferedSink sink) {
      this.sink = sink;
    }

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      long before = source.size();
      if (failure == null) {
        try {
          sink.write(source, byteCount);
        } catch (IOException e) {
          failure = e;
        }
      }
      Call c = call;
      if (failure != null && c != null && c.isCanceled()) {
        throw failure;
      }
      // after a failure, drop what the request did not take
      source.skip(byteCount - (before - source.size()));
      count += byteCount;
      if (progress != null) {
        progress.accept(count);
      }
    }

    @Override
    public void flush() {
      // the request body is flushed by OkHttp
    }

    @Override
    public Timeout timeout() {
      return sink.timeout();
    }

    @Override
    public void close() {
      // the request body is closed by OkHttp
    }
  }

  /** The source failed; the request was cancelled mid-body. */
  static final class AbortedException extends IOException {
    private static final long serialVersionUID = 1L;

    AbortedException(Throwable cause) {
      super("upload aborted: " + cause, cause);
    }
  }
}
