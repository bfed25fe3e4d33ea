package io.github.devpigiteasync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreMetadataTest {
  private static final String METADATA =
      "Metadata-Version: 2.1\n"
          + "Name: Foo_Bar\n"
          + "Version: 1.0.0\n"
          + "Summary: tiny test project\n"
          + "Requires-Python: >=3.8\n"
          + "Classifier: Programming Language :: Python :: 3\n"
          + "Classifier: License :: OSI Approved :: MIT License\n"
          + "Requires-Dist: requests>=2\n"
          + "License: line one\n"
          + "        line two\n"
          + "X-Unknown: ignored\n"
          + "\n"
          + "The long description.\n";

  @TempDir Path dir;

  @Test
  void parseMapsHeadersToDevpiFieldsWithListFieldsRepeated() {
    CoreMetadata meta = CoreMetadata.parse(METADATA);

    assertThat(meta.fields())
        .containsEntry("name", List.of("Foo_Bar"))
        .containsEntry("version", List.of("1.0.0"))
        .containsEntry("requires_python", List.of(">=3.8"))
        .containsEntry(
            "classifiers",
            List.of(
                "Programming Language :: Python :: 3", "License :: OSI Approved :: MIT License"))
        .containsEntry("requires_dist", List.of("requests>=2"))
        .containsEntry("license", List.of("line one\nline two"))
        .containsEntry("description", List.of("The long description."))
        .doesNotContainKey("x-unknown");
  }

  @Test
  void readsWheelMetadataFromDistInfo() throws Exception {
    Path wheel = dir.resolve("foo_bar-1.0.0-py3-none-any.whl");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(wheel))) {
      put(zip, "foo_bar/__init__.py", "");
      put(zip, "foo_bar-1.0.0.dist-info/METADATA", METADATA);
    }

    CoreMetadata meta = CoreMetadata.read(wheel, wheel.getFileName().toString());

    assertThat(meta.first("requires_python")).contains(">=3.8");
    assertThat(meta.first("summary")).contains("tiny test project");
  }

  @Test
  void readsSdistPkgInfoFromTarGz() throws Exception {
    Path sdist = dir.resolve("foo_bar-1.0.0.tar.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(sdist))) {
      tarEntry(out, "foo_bar-1.0.0/setup.py", "print('x')\n");
      tarEntry(out, "foo_bar-1.0.0/PKG-INFO", METADATA);
      out.write(new byte[1024]);
    }

    CoreMetadata meta = CoreMetadata.read(sdist, sdist.getFileName().toString());

    assertThat(meta.first("name")).contains("Foo_Bar");
    assertThat(meta.fields().get("classifiers")).hasSize(2);
  }

  @Test
  void readsZipSdistPkgInfo() throws Exception {
    Path sdist = dir.resolve("foo_bar-1.0.0.zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(sdist))) {
      put(zip, "foo_bar-1.0.0/PKG-INFO", METADATA);
    }

    assertThat(CoreMetadata.read(sdist, "foo_bar-1.0.0.zip").first("version")).contains("1.0.0");
  }

  @Test
  void refusesAnOversizedMetadataMemberInsteadOfInflatingIt() throws Exception {
    Path wheel = dir.resolve("bomb-1.0-py3-none-any.whl");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(wheel))) {
      zip.putNextEntry(new ZipEntry("bomb-1.0.dist-info/METADATA"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 5; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }

    assertThatThrownBy(() -> CoreMetadata.read(wheel, "bomb-1.0-py3-none-any.whl"))
        .isInstanceOf(CoreMetadata.MetadataException.class)
        .hasMessageContaining("METADATA");
  }

  @Test
  void wheelWithoutMetadataIsRefused() throws Exception {
    Path wheel = dir.resolve("x-1.0-py3-none-any.whl");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(wheel))) {
      put(zip, "x/__init__.py", "");
    }

    assertThatThrownBy(() -> CoreMetadata.read(wheel, "x-1.0-py3-none-any.whl"))
        .isInstanceOf(CoreMetadata.MetadataException.class)
        .hasMessageContaining("no *.dist-info/METADATA");
  }

  private static void put(ZipOutputStream zip, String name, String text) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(text.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  private static void tarEntry(OutputStream out, String name, String text) throws IOException {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    byte[] header = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(n, 0, header, 0, n.length);
    writeOctal(header, 100, 8, 0644);
    writeOctal(header, 124, 12, data.length);
    header[156] = '0';
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
    out.write(header);
    out.write(data);
    out.write(new byte[(512 - data.length % 512) % 512]);
  }

  private static void writeOctal(byte[] header, int off, int len, long value) {
    byte[] s =
        String.format(java.util.Locale.ROOT, "%0" + (len - 1) + "o", value)
            .getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(s, 0, header, off, s.length);
  }
}
