package io.github.devpigiteasync.sync.internal;

import io.github.devpigiteasync.devpi.DevpiClient;
import io.github.devpigiteasync.devpi.DevpiConflictException;
import io.github.devpigiteasync.devpi.DevpiException;
import io.github.devpigiteasync.devpi.IndexRef;
import io.github.devpigiteasync.devpi.UploadRequest;
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
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 5 for one file: download it into the run's staging directory under a generated name, check
 * its sha256 against Gitea's (while streaming), read its core metadata, upload it with that
 * metadata, and delete the staged file whatever happened. Every outcome, failures included, comes
 * back as a {@link FileResult}; nothing is thrown.
 */
final class Transfer {
  private static final Logger log = LoggerFactory.getLogger(Transfer.class);

  private final GiteaClient gitea;
  private final DevpiClient devpi;
  private final Staging.Run run;
  private final SyncListener listener;
  private final Clock clock;

  Transfer(
      GiteaClient gitea, DevpiClient devpi, Staging.Run run, SyncListener listener, Clock clock) {
    this.gitea = gitea;
    this.devpi = devpi;
    this.run = run;
    this.listener = listener;
    this.clock = clock;
  }

  FileResult run(MappingPlan mapping, PlannedFile file) {
    Instant start = clock.instant();
    Path staged = run.newFile();
    listener.fileStarted(mapping, file);
    try {
      checkNotCancelled();
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
      UploadRequest request = request(staged, file, metadata);
      UploadResult result =
          devpi.upload(
              IndexRef.parse(mapping.index()),
              request,
              bytes -> progress(mapping, file, Phase.UPLOAD, bytes));
      return result == UploadResult.UPLOADED
          ? done(file, Outcome.UPLOADED, file.reason(), file.size(), start)
          : done(
              file, Outcome.PRESENT, "identical file already in the non-volatile index", 0, start);
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
          file, Outcome.CONFLICT, "devpi refused to replace the file: " + e.getMessage(), 0, start);
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
      return done(file, Outcome.FAILED, "cannot read the staged file: " + e.getMessage(), 0, start);
    } catch (CancellationException e) {
      Thread.currentThread().interrupt();
      return done(file, Outcome.FAILED, "cancelled", 0, start);
    } catch (RuntimeException e) {
      log.error("Unexpected failure transferring {}", file.filename(), e);
      return done(file, Outcome.FAILED, "internal error: " + e, 0, start);
    } finally {
      Staging.deleteQuietly(staged);
    }
  }

  /**
   * The upload form: name and version from the file's own metadata, checked against the file name
   * (devpi checks only a name prefix and a version substring, so a wrong name could later break
   * another project's files).
   */
  private static UploadRequest request(Path staged, PlannedFile file, CoreMetadata metadata)
      throws CoreMetadata.MetadataException {
    String name = metadata.first("name").orElse("");
    if (!Names.canonical(name).equals(file.project())) {
      throw new CoreMetadata.MetadataException(
          "metadata Name '"
              + name
              + "' does not match the file name's project '"
              + file.project()
              + "'");
    }
    String version = metadata.first("version").orElse(file.version());
    if (!Names.sameVersion(version, file.version())) {
      throw new CoreMetadata.MetadataException(
          "metadata Version '"
              + version
              + "' does not match the file name's version '"
              + file.version()
              + "'");
    }
    UploadRequest.Builder b =
        UploadRequest.builder().file(staged).filename(file.filename()).name(name).version(version);
    for (Map.Entry<String, List<String>> field : metadata.fields().entrySet()) {
      if (!field.getKey().equals("name") && !field.getKey().equals("version")) {
        field.getValue().forEach(v -> b.field(field.getKey(), v));
      }
    }
    return b.build();
  }

  private void progress(MappingPlan mapping, PlannedFile file, Phase phase, long bytes) {
    checkNotCancelled(); // aborts the stream promptly: socket I/O does not notice interrupts by
    // itself
    listener.fileProgress(mapping, file, phase, bytes);
  }

  private static void checkNotCancelled() {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException("interrupted");
    }
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
