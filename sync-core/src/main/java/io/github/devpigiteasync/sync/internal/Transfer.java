package io.github.devpigiteasync.sync.internal;

import io.github.devpigiteasync.devpi.DevpiClient;
import io.github.devpigiteasync.devpi.DevpiConflictException;
import io.github.devpigiteasync.devpi.DevpiException;
import io.github.devpigiteasync.devpi.DevpiUploadAbortedException;
import io.github.devpigiteasync.devpi.IndexRef;
import io.github.devpigiteasync.devpi.UploadResult;
import io.github.devpigiteasync.gitea.GiteaClient;
import io.github.devpigiteasync.gitea.GiteaException;
import io.github.devpigiteasync.gitea.GiteaIntegrityException;
import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.FileResult.Outcome;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncListener.Phase;
import io.github.devpigiteasync.sync.config.TransferMode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 5 for one file, in the run's staging directory under a generated name, deleting the staged
 * copy whatever happened. Every outcome, failures included, comes back as a {@link FileResult};
 * nothing is thrown.
 *
 * <p>{@link TransferMode#STREAMING}: one pass ({@link StreamedFile}): the download flows into the
 * upload and into the staged copy at once, and the form fields follow the file only after size,
 * sha256 and metadata were checked; a failure before that aborts the upload, so devpi keeps
 * nothing. devpi failing afterwards gets the form again from the staged copy (inside the devpi
 * client); a download breaking off mid-stream makes the whole file start again, up to the retry
 * policy's attempts.
 *
 * <p>{@link TransferMode#STAGED}: download (checking the sha256 while streaming), read the core
 * metadata, then upload from disk with a known length.
 */
final class Transfer {
  private static final Logger log = LoggerFactory.getLogger(Transfer.class);

  /** Attempts and backoff for starting a file again after its download broke off mid-stream. */
  record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    Duration delay(int failedAttempt) {
      long cap = maxBackoff.toMillis();
      long exp = initialBackoff.toMillis() << Math.min(failedAttempt - 1, 20);
      long delay = Math.min(cap, exp < 0 ? cap : exp);
      if (delay <= 1) {
        return Duration.ofMillis(Math.max(0, delay));
      }
      long half = delay / 2;
      return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(delay - half + 1));
    }
  }

  private final GiteaClient gitea;
  private final DevpiClient devpi;
  private final IndexRef index;
  private final Staging.Run run;
  private final SyncListener listener;
  private final Clock clock;
  private final TransferMode mode;
  private final Retry retry;
  private final MessageDigest sha256 = StreamedFile.newSha256(); // never updated: only cloned

  Transfer(
      GiteaClient gitea,
      DevpiClient devpi,
      IndexRef index,
      Staging.Run run,
      SyncListener listener,
      Clock clock,
      TransferMode mode,
      Retry retry) {
    this.gitea = gitea;
    this.devpi = devpi;
    this.index = index;
    this.run = run;
    this.listener = listener;
    this.clock = clock;
    this.mode = mode;
    this.retry = retry;
  }

  FileResult run(MappingPlan mapping, PlannedFile file) {
    Instant start = clock.instant();
    listener.fileStarted(mapping, file);
    for (int attempt = 1; ; attempt++) {
      Path staged = run.newFile();
      try {
        checkNotCancelled();
        UploadResult result =
            mode == TransferMode.STREAMING
                ? streamed(mapping, file, staged)
                : staged(mapping, file, staged);
        return result == UploadResult.UPLOADED
            ? done(file, Outcome.UPLOADED, file.reason(), file.size(), start)
            : done(
                file,
                Outcome.PRESENT,
                "identical file already in the non-volatile index",
                0,
                start);
      } catch (DevpiUploadAbortedException e) {
        Throwable cause = e.getCause();
        if (cause instanceof StreamedFile.DownloadBrokenException broken) {
          if (attempt < retry.maxAttempts() && !Thread.currentThread().isInterrupted()) {
            Duration delay = retry.delay(attempt);
            log.info(
                "{}: download broke off mid-stream ({}), upload aborted; attempt {} of {} in {} ms",
                file.filename(),
                broken.getMessage(),
                attempt + 1,
                retry.maxAttempts(),
                delay.toMillis());
            if (pause(delay)) {
              continue;
            }
            return done(file, Outcome.FAILED, "cancelled", 0, start);
          }
          return done(file, Outcome.FAILED, "download failed: " + broken.getMessage(), 0, start);
        }
        if (cause instanceof StreamedFile.RefusedException refused) {
          return done(file, Outcome.FAILED, refused.getMessage(), 0, start);
        }
        if (cause instanceof CancellationException) {
          return cancelled(file, start);
        }
        log.error("Unexpected failure streaming {}", file.filename(), cause);
        return done(file, Outcome.FAILED, "internal error: " + cause, 0, start);
      } catch (GiteaIntegrityException e) {
        return done(
            file,
            Outcome.FAILED,
            "sha256 mismatch: Gitea lists "
                + e.expected()
                + ", the downloaded bytes hash to "
                + e.actual()
                + "; not uploaded",
            0,
            start);
      } catch (DevpiConflictException e) {
        return done(
            file,
            Outcome.CONFLICT,
            "devpi refused to replace the file: " + e.getMessage(),
            0,
            start);
      } catch (GiteaException e) {
        return done(file, Outcome.FAILED, "download failed: " + e.getMessage(), 0, start);
      } catch (DevpiException e) {
        return done(file, Outcome.FAILED, "upload failed: " + e.getMessage(), 0, start);
      } catch (CoreMetadata.MetadataException e) {
        return done(
            file,
            Outcome.FAILED,
            "unusable core metadata: " + e.getMessage() + "; not uploaded",
            0,
            start);
      } catch (IOException e) {
        return done(
            file, Outcome.FAILED, "cannot read the staged file: " + e.getMessage(), 0, start);
      } catch (CancellationException e) {
        return cancelled(file, start);
      } catch (RuntimeException e) {
        log.error("Unexpected failure transferring {}", file.filename(), e);
        return done(file, Outcome.FAILED, "internal error: " + e, 0, start);
      } finally {
        Staging.deleteQuietly(staged);
      }
    }
  }

  /** One pass: Gitea's body is the upload's file part, and is staged and hashed on the way. */
  private UploadResult streamed(MappingPlan mapping, PlannedFile file, Path staged)
      throws IOException {
    try (BufferedSource download =
        gitea
            .packages()
            .open(
                mapping.organization(),
                file.giteaPackage(),
                file.giteaVersion(),
                file.filename())) {
      return devpi.upload(
          index,
          file.filename(),
          new StreamedFile(download, staged, file, freshSha256()),
          bytes -> progress(mapping, file, Phase.TRANSFER, bytes));
    }
  }

  /** Two passes: download and check, then upload from disk. */
  private UploadResult staged(MappingPlan mapping, PlannedFile file, Path staged)
      throws IOException, CoreMetadata.MetadataException {
    gitea
        .packages()
        .download(
            mapping.organization(),
            file.giteaPackage(),
            file.giteaVersion(),
            file.filename(),
            staged,
            file.sha256(),
            bytes -> progress(mapping, file, Phase.DOWNLOAD, bytes));
    checkNotCancelled();
    CoreMetadata metadata = CoreMetadata.read(staged, file.filename());
    return devpi.upload(
        index,
        UploadForm.of(staged, file, metadata),
        bytes -> progress(mapping, file, Phase.UPLOAD, bytes));
  }

  private MessageDigest freshSha256() {
    try {
      return (MessageDigest) sha256.clone();
    } catch (CloneNotSupportedException e) {
      return StreamedFile.newSha256();
    }
  }

  private void progress(MappingPlan mapping, PlannedFile file, Phase phase, long bytes) {
    // aborts the stream promptly: socket I/O does not notice interrupts by itself
    checkNotCancelled();
    listener.fileProgress(mapping, file, phase, bytes);
  }

  private static void checkNotCancelled() {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException("interrupted");
    }
  }

  /** Waits before the next attempt; false when interrupted (cancelled). */
  private static boolean pause(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private FileResult cancelled(PlannedFile file, Instant start) {
    Thread.currentThread().interrupt();
    return done(file, Outcome.FAILED, "cancelled", 0, start);
  }

  private FileResult done(
      PlannedFile file, Outcome outcome, String reason, long bytes, Instant start) {
    Duration took = Duration.between(start, clock.instant());
    if (outcome == Outcome.FAILED
        && Thread.currentThread().isInterrupted()
        && !reason.equals("cancelled")) {
      reason = "cancelled (" + reason + ")";
    }
    if (outcome == Outcome.FAILED) {
      log.warn("{}: {}", file.filename(), reason);
    } else {
      log.info("{}: {} ({} bytes, {} ms)", file.filename(), outcome, bytes, took.toMillis());
    }
    return new FileResult(
        file.project(), file.version(), file.filename(), outcome, reason, bytes, took);
  }
}
