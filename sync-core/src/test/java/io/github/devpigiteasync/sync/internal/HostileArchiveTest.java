package io.github.devpigiteasync.sync.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives a hostile or broken Gitea could serve: each is refused with a MetadataException naming
 * the member and the limit, never read past a limit. Regression tests for findings of
 * DistributionParsersFuzzTest.
 */
class HostileArchiveTest {
  @TempDir Path dir;

  @Test
  void tarMemberWithOverflowingBase256SizeIsRefusedAsCorrupt() throws IOException {
    byte[] header = tarHeader("foo-1.0/PKG-INFO");
    header[124] = (byte) 0x80;
    for (int i = 125; i < 136; i++) {
      header[i] = (byte) 0xff;
    }
    Path file = dir.resolve("foo-1.0.tar.gz");
    Files.write(file, gzip(header, new byte[1024]));

    assertThatThrownBy(() -> CoreMetadata.read(file, "foo-1.0.tar.gz"))
        .isInstanceOf(CoreMetadata.MetadataException.class)
        .hasMessageContaining("corrupt tar header");
  }

  @Test
  void wheelMetadataThatInflatesPastTheLimitIsRefusedNamingMemberAndLimit() throws IOException {
    Path file = dir.resolve("foo-1.0-py3-none-any.whl");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new ZipEntry("foo-1.0.dist-info/METADATA"));
      zip.write("Name: foo\n".getBytes(StandardCharsets.UTF_8));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 6; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }

    assertThatThrownBy(() -> CoreMetadata.read(file, "foo-1.0-py3-none-any.whl"))
        .isInstanceOf(CoreMetadata.MetadataException.class)
        .hasMessageContaining("foo-1.0.dist-info/METADATA")
        .hasMessageContaining(Long.toString(CoreMetadata.MAX_MEMBER_BYTES));
  }

  @Test
  void wheelCutShortIsRefusedAsCorruptArchiveNamingTheFile() throws IOException {
    Path whole = dir.resolve("whole.whl");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(whole))) {
      zip.putNextEntry(new ZipEntry("foo-1.0.dist-info/METADATA"));
      zip.write("Name: foo\nVersion: 1.0\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    byte[] bytes = Files.readAllBytes(whole);
    Path file = dir.resolve("foo-1.0-py3-none-any.whl");
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> CoreMetadata.read(file, "foo-1.0-py3-none-any.whl"))
        .isInstanceOf(CoreMetadata.MetadataException.class)
        .hasMessageStartingWith("corrupt archive foo-1.0-py3-none-any.whl: ");
  }

  @Test
  void sdistThatIsNotGzipIsRefusedAsCorruptArchive() throws IOException {
    Path file = dir.resolve("foo-1.0.tar.gz");
    Files.write(file, "<html>a login page</html>".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> CoreMetadata.read(file, "foo-1.0.tar.gz"))
        .isInstanceOf(CoreMetadata.MetadataException.class)
        .hasMessageContaining("corrupt archive foo-1.0.tar.gz");
  }

  private static byte[] tarHeader(String name) {
    byte[] header = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(n, 0, header, 0, n.length);
    header[156] = '0';
    return header;
  }

  private static byte[] gzip(byte[]... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      for (byte[] p : parts) {
        gz.write(p);
      }
    }
    return out.toByteArray();
  }
}
