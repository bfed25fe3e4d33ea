package io.github.devpigiteasync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.devpigiteasync.devpi.UploadRequest;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.PlannedFile.Action;
import io.github.devpigiteasync.sync.PlannedFile.ReasonCode;
import io.github.devpigiteasync.testkit.Dist;
import io.github.devpigiteasync.testkit.Distributions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamedFileTest {
  private static final String ZEROS =
      "0000000000000000000000000000000000000000000000000000000000000000";

  @TempDir Path dir;
  private Dist wheel;
  private byte[] bytes;
  private Path staged;

  @BeforeEach
  void setUp() throws IOException {
    // several 64 KiB batches, the last one partial and not a whole number of segments
    wheel = Distributions.in(dir).wheel("foo-bar", "1.0.0").padding(300_001).build();
    bytes = Files.readAllBytes(wheel.path());
    staged = dir.resolve("staged.dist");
  }

  private PlannedFile planned(String sha256) {
    return new PlannedFile(
        "foo-bar",
        "1.0.0",
        wheel.filename(),
        wheel.size(),
        sha256,
        Action.UPLOAD,
        "new",
        "foo-bar",
        "1.0.0",
        ReasonCode.NONE);
  }

  @Test
  void everyByteReachesTheUploadAndTheStagedCopyInOrder() throws Exception {
    Buffer download = new Buffer().write(bytes);
    Buffer upload = new Buffer();

    UploadRequest request =
        new StreamedFile(download, staged, planned(wheel.sha256())).transfer(upload);

    assertThat(upload.readByteArray()).isEqualTo(bytes);
    assertThat(Files.readAllBytes(staged)).isEqualTo(bytes);
    assertThat(download.exhausted()).isTrue();
    assertThat(request.file()).isEqualTo(staged);
    assertThat(request.filename()).isEqualTo(wheel.filename());
    assertThat(request.name()).isEqualTo("foo-bar");
    assertThat(request.version()).isEqualTo("1.0.0");
  }

  @Test
  void aSha256MismatchIsRefusedAfterTheLastByteNamingBothHashes() {
    Buffer upload = new Buffer();

    Throwable thrown =
        catchThrowable(
            () ->
                new StreamedFile(new Buffer().write(bytes), staged, planned(ZEROS))
                    .transfer(upload));

    assertThat(thrown)
        .isInstanceOf(StreamedFile.RefusedException.class)
        .hasMessageContaining(ZEROS)
        .hasMessageContaining(wheel.sha256());
    assertThat(upload.size()).isEqualTo(bytes.length);
  }

  @Test
  void aDownloadThatBreaksOffMidStreamIsReportedAsBroken() {
    IOException reset = new IOException("unexpected end of stream");
    BufferedSource download = Okio.buffer(breaksAfter(100_000, reset));
    Buffer upload = new Buffer();

    Throwable thrown =
        catchThrowable(
            () -> new StreamedFile(download, staged, planned(wheel.sha256())).transfer(upload));

    assertThat(thrown).isInstanceOf(StreamedFile.DownloadBrokenException.class).hasCause(reset);
    assertThat(upload.size()).isLessThanOrEqualTo(100_000);
  }

  /** The wheel's bytes up to {@code limit}, then {@code failure}. */
  private Source breaksAfter(long limit, IOException failure) {
    Buffer remaining = new Buffer().write(bytes, 0, (int) limit);
    return new Source() {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        if (remaining.exhausted()) {
          throw failure;
        }
        return remaining.read(sink, Math.min(byteCount, 8192));
      }

      @Override
      public Timeout timeout() {
        return Timeout.NONE;
      }

      @Override
      public void close() {}
    };
  }
}
