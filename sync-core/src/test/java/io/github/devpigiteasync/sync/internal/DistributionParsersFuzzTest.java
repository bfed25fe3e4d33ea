package io.github.devpigiteasync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Coverage-guided fuzz targets for the parsers of what Gitea serves: distribution file names, core
 * metadata text, and wheel/sdist archives (zip bombs, path-traversal member names, huge or negative
 * tar sizes). The only outcomes allowed are a value or {@link CoreMetadata.MetadataException} /
 * {@link IOException} with a message (both become a failed file naming the reason); never an
 * unchecked exception, an {@code OutOfMemoryError} or a hang.
 *
 * <p>Seeds: {@code src/test/resources/io/github/devpigiteasync/sync/internal/
 * DistributionParsersFuzzTestInputs/<target>/}. An archive seed is the archive's bytes followed by
 * one byte that picks how it is read (0 wheel, 1 tar to be gzipped as an sdist, 2 zip sdist, 3 raw
 * bytes as a .tar.gz).
 */
class DistributionParsersFuzzTest {
  private static final String[] NAMES = {
    "foo-1.0-py3-none-any.whl", "foo-1.0.tar.gz", "foo-1.0.zip", "foo-1.0.tar.gz"
  };

  @FuzzTest(maxDuration = "2m")
  void archiveMetadataIsReadOrRefused(FuzzedDataProvider data) throws IOException {
    int mode = data.consumeInt(0, 3);
    byte[] payload = data.consumeRemainingAsBytes();
    byte[] bytes = mode == 1 ? gzip(payload) : payload;
    Path file = Files.createTempFile("fuzz-", "-" + NAMES[mode]);
    try {
      Files.write(file, bytes);

      CoreMetadata metadata = CoreMetadata.read(file, NAMES[mode]);

      assertThat(metadata.fields()).isNotNull();
      assertThat(metadata.first("name")).isNotNull();
    } catch (CoreMetadata.MetadataException | IOException e) {
      assertThat(e.getMessage()).isNotBlank();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @FuzzTest(maxDuration = "2m")
  void metadataTextIsAlwaysParsed(String text) {
    CoreMetadata metadata = CoreMetadata.parse(text == null ? "" : text);

    metadata.fields().values().forEach(values -> assertThat(values).doesNotContainNull());
  }

  @FuzzTest(maxDuration = "2m")
  void distributionFileNamesAreParsedOrRejected(FuzzedDataProvider data) {
    String expected = data.consumeString(40);
    String filename = data.consumeRemainingAsString();

    Optional<DistFilename> parsed = DistFilename.parse(filename, expected);

    parsed.ifPresent(
        p -> {
          assertThat(Names.canonical(p.name())).isEqualTo(Names.canonical(expected));
          assertThat(p.version()).isNotEmpty();
          assertThat(filename).doesNotContain("/", "\\").doesNotStartWith(".");
        });
    assertThat(Names.sameVersion(expected, expected)).isTrue();
  }

  private static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
