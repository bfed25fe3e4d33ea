package io.github.devpigiteasync.sync.internal;

import io.github.devpigiteasync.devpi.UploadRequest;
import io.github.devpigiteasync.sync.PlannedFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The upload form of one file: name and version from the file's own core metadata, checked against
 * the file name (devpi checks only a name prefix and a version substring, so a wrong name could
 * later break another project's files), and the other metadata fields as devpi stores them.
 */
final class UploadForm {
  private UploadForm() {}

  static UploadRequest of(Path staged, PlannedFile file, CoreMetadata metadata)
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
}
