package io.github.devpigiteasync.testkit.internal;

import io.github.devpigiteasync.testkit.Dist;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;

/** Writes wheels and sdists. Output is reproducible: the same spec gives the same bytes. */
public final class DistWriter {
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2020, 1, 1, 0, 0);
  private static final long BIG = 1024 * 1024;

  private DistWriter() {}

  public static Dist wheel(Path dir, DistSpec spec) {
    String base = Names.wheelEscape(spec.name) + "-" + Names.wheelVersion(spec.version);
    String filename = base + "-" + spec.tag + ".whl";
    String distInfo = base + ".dist-info";
    return write(
        dir,
        filename,
        spec,
        out -> {
          List<String> record = new ArrayList<>();
          try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            addDeflated(zip, spec.module() + "/__init__.py", utf8(spec.moduleSource()), record);
            if (spec.padding > 0) {
              addPadding(zip, spec.module() + "/_padding.bin", spec, record);
            }
            addDeflated(zip, distInfo + "/METADATA", utf8(spec.metadata()), record);
            String wheel =
                "Wheel-Version: 1.0\nGenerator: devpi-gitea-sync-testkit\nRoot-Is-Purelib: true\nTag: "
                    + spec.tag
                    + "\n";
            addDeflated(zip, distInfo + "/WHEEL", utf8(wheel), record);
            record.add(distInfo + "/RECORD,,");
            addDeflated(zip, distInfo + "/RECORD", utf8(String.join("\n", record) + "\n"), null);
          }
        });
  }

  public static Dist sdist(Path dir, DistSpec spec) {
    String base = Names.wheelEscape(spec.name) + "-" + spec.version;
    String filename = base + (spec.zip ? ".zip" : ".tar.gz");
    byte[] pkgInfo = utf8(spec.metadata());
    byte[] pyproject = utf8(spec.pyproject());
    byte[] module = utf8(spec.moduleSource());
    String modulePath = base + "/src/" + spec.module();
    if (spec.zip) {
      return write(
          dir,
          filename,
          spec,
          out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
              addDeflated(zip, base + "/PKG-INFO", pkgInfo, null);
              addDeflated(zip, base + "/pyproject.toml", pyproject, null);
              addDeflated(zip, modulePath + "/__init__.py", module, null);
              if (spec.padding > 0) {
                addPadding(zip, modulePath + "/_padding.bin", spec, null);
              }
            }
          });
    }
    return write(
        dir,
        filename,
        spec,
        out -> {
          // Random padding does not compress; do not spend CPU trying.
          int level = spec.padding >= BIG ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION;
          GZIPOutputStream gzip =
              new GZIPOutputStream(out, 64 * 1024) {
                {
                  def.setLevel(level);
                }
              };
          try (TarWriter tar = new TarWriter(gzip)) {
            tar.add(base + "/PKG-INFO", pkgInfo);
            tar.add(base + "/pyproject.toml", pyproject);
            tar.add(modulePath + "/__init__.py", module);
            if (spec.padding > 0) {
              tar.add(
                  modulePath + "/_padding.bin",
                  spec.padding,
                  o -> Padding.write(o, spec.padding, spec.seed));
            }
            tar.finish();
          }
        });
  }

  private interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private static Dist write(Path dir, String filename, DistSpec spec, Body body) {
    try {
      Files.createDirectories(dir);
      Path target = dir.resolve(filename);
      Path tmp = Files.createTempFile(dir, ".building-", ".part");
      MessageDigest sha = sha256();
      try (OutputStream out =
          new DigestOutputStream(
              new BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024), sha)) {
        body.writeTo(out);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      return new Dist(
          filename,
          target,
          Files.size(target),
          Names.hex(sha.digest()),
          spec.name,
          spec.version,
          spec.requiresPython);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + filename, e);
    }
  }

  private static void addDeflated(
      ZipOutputStream zip, String name, byte[] data, @Nullable List<String> record)
      throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTimeLocal(ENTRY_TIME);
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
    if (record != null) {
      record.add(name + ",sha256=" + b64(sha256().digest(data)) + "," + data.length);
    }
  }

  // STORED entries need size and CRC before the data, so the padding is generated twice from the
  // same seed.
  private static void addPadding(
      ZipOutputStream zip, String name, DistSpec spec, @Nullable List<String> record)
      throws IOException {
    CRC32 crc = new CRC32();
    MessageDigest sha = sha256();
    try (OutputStream sink =
        new DigestOutputStream(
            new CheckedOutputStream(OutputStream.nullOutputStream(), crc), sha)) {
      Padding.write(sink, spec.padding, spec.seed);
    }
    ZipEntry entry = new ZipEntry(name);
    entry.setTimeLocal(ENTRY_TIME);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(spec.padding);
    entry.setCompressedSize(spec.padding);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    Padding.write(zip, spec.padding, spec.seed);
    zip.closeEntry();
    if (record != null) {
      record.add(name + ",sha256=" + b64(sha.digest()) + "," + spec.padding);
    }
  }

  private static String b64(byte[] digest) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
