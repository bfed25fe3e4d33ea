package io.github.devpigiteasync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain-zip reader against {@link java.util.zip.ZipFile} as the oracle: whatever it reads is
 * byte for byte what ZipFile reads, and whatever is not plain is left to ZipFile (null).
 */
class PlainZipTest {
  private static final byte[] METADATA =
      "Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nSummary: a wheel\n\nLong description.\n"
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void readsTheMetadataOfAWheelAsZipFileDoes() throws Exception {
    Path file = write(wheel(ZipEntry.DEFLATED, "", new byte[0]));

    assertThat(PlainZip.member(file, true, CoreMetadata.MAX_MEMBER_BYTES)).isEqualTo(METADATA);
    assertThat(CoreMetadata.fromZipFile(file, true)).isEqualTo(METADATA);
  }

  @Test
  void readsStoredMembersAndArchivesWithCommentsAndExtraFields() throws Exception {
    for (byte[] zip :
        new byte[][] {
          wheel(ZipEntry.STORED, "", new byte[0]),
          wheel(ZipEntry.DEFLATED, "made by hand", new byte[0]),
          wheel(ZipEntry.DEFLATED, "", new byte[] {0x55, 0x54, 5, 0, 1, 2, 3, 4, 5}),
        }) {
      Path file = write(zip);

      assertThat(PlainZip.member(file, true, CoreMetadata.MAX_MEMBER_BYTES)).isEqualTo(METADATA);
    }
  }

  @Test
  void readsTheZipSdistsPkgInfo() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      put(zip, "foo-1.0/setup.py", "print()".getBytes(StandardCharsets.UTF_8), ZipEntry.DEFLATED);
      put(zip, "foo-1.0/PKG-INFO", METADATA, ZipEntry.DEFLATED);
      put(zip, "foo-1.0/src/PKG-INFO", "nested".getBytes(StandardCharsets.UTF_8), 8);
    }
    Path file = write(out.toByteArray());

    assertThat(PlainZip.member(file, false, CoreMetadata.MAX_MEMBER_BYTES)).isEqualTo(METADATA);
  }

  @Test
  void leavesWhatIsNotPlainToZipFile() throws Exception {
    byte[] wheel = wheel(ZipEntry.DEFLATED, "", new byte[0]);
    byte[] prefixed = new byte[wheel.length + 3];
    System.arraycopy(wheel, 0, prefixed, 3, wheel.length);
    ByteArrayOutputStream twice = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(twice)) {
      put(zip, "a.dist-info/METADATA", METADATA, ZipEntry.DEFLATED);
      put(zip, "b.dist-info/METADATA", METADATA, ZipEntry.DEFLATED);
    }
    ByteArrayOutputStream none = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(none)) {
      put(zip, "foo/__init__.py", METADATA, ZipEntry.DEFLATED);
    }
    ByteArrayOutputStream unicode = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(unicode)) {
      put(zip, "f\u00f6\u00f6-1.0.dist-info/METADATA", METADATA, ZipEntry.DEFLATED);
    }

    for (byte[] zip :
        new byte[][] {
          prefixed,
          twice.toByteArray(),
          none.toByteArray(),
          unicode.toByteArray(),
          Arrays.copyOf(wheel, wheel.length / 2),
          "<html>a login page</html>".getBytes(StandardCharsets.UTF_8),
          new byte[0],
        }) {
      assertThat(PlainZip.member(write(zip), true, CoreMetadata.MAX_MEMBER_BYTES)).isNull();
    }
  }

  @Test
  void leavesAMemberOverTheLimitToZipFile() throws Exception {
    Path file = write(wheel(ZipEntry.DEFLATED, "", new byte[0]));

    assertThat(PlainZip.member(file, true, METADATA.length - 1)).isNull();
  }

  @Test
  void neverDisagreesWithZipFileOnDamagedArchives() throws Exception {
    byte[] wheel = wheel(ZipEntry.DEFLATED, "comment", new byte[0]);
    byte[] stored = wheel(ZipEntry.STORED, "", new byte[0]);
    SplittableRandom random = new SplittableRandom(13);
    int read = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] damaged = (i % 2 == 0 ? wheel : stored).clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
      }
      Path file = write(damaged);

      byte[] plain = PlainZip.member(file, true, CoreMetadata.MAX_MEMBER_BYTES);

      if (plain != null) {
        read++;
        assertThat(plain).as("damaged copy %d", i).isEqualTo(oracle(file));
      }
    }
    assertThat(read).as("damaged copies read by the plain reader").isGreaterThan(100);
  }

  private static byte[] oracle(Path file) {
    try {
      return CoreMetadata.fromZipFile(file, true);
    } catch (IOException | CoreMetadata.MetadataException e) {
      return ("ZipFile refused it: " + e).getBytes(StandardCharsets.UTF_8);
    }
  }

  private Path write(byte[] bytes) throws IOException {
    Path file = Files.createTempFile(dir, "wheel-", ".whl");
    return Files.write(file, bytes);
  }

  private static byte[] wheel(int method, String comment, byte[] extra) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setComment(comment);
      put(zip, "foo/__init__.py", "x = 1\n".getBytes(StandardCharsets.UTF_8), method);
      ZipEntry entry = entry("foo-1.0.dist-info/METADATA", METADATA, method);
      if (extra.length > 0) {
        entry.setExtra(extra);
      }
      zip.putNextEntry(entry);
      zip.write(METADATA);
      zip.closeEntry();
      put(
          zip,
          "foo-1.0.dist-info/RECORD",
          "foo/__init__.py,,\n".getBytes(StandardCharsets.UTF_8),
          method);
    }
    return out.toByteArray();
  }

  private static void put(ZipOutputStream zip, String name, byte[] data, int method)
      throws IOException {
    zip.putNextEntry(entry(name, data, method));
    zip.write(data);
    zip.closeEntry();
  }

  private static ZipEntry entry(String name, byte[] data, int method) {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(method);
    if (method == ZipEntry.STORED) {
      CRC32 crc = new CRC32();
      crc.update(data);
      entry.setSize(data.length);
      entry.setCompressedSize(data.length);
      entry.setCrc(crc.getValue());
    }
    return entry;
  }
}
