package io.github.devpigiteasync.sync.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Core metadata (wheel {@code *.dist-info/METADATA}, sdist {@code PKG-INFO}) read from a
 * distribution file and turned into the form fields devpi stores. devpi never reads the file
 * itself, so this is what makes {@code data-requires-python} and the project page work.
 *
 * @param fields devpi form field name to values (list fields may hold several)
 */
record CoreMetadata(Map<String, List<String>> fields) {

  /** Largest metadata member read; larger ones are refused rather than inflated. */
  static final long MAX_MEMBER_BYTES = 4L * 1024 * 1024;

  /** How many archive members an sdist scan looks at before giving up. */
  static final int MAX_TAR_ENTRIES = 20_000;

  private static final Map<String, String> SINGLE =
      Map.ofEntries(
          Map.entry("metadata-version", "metadata_version"),
          Map.entry("name", "name"),
          Map.entry("version", "version"),
          Map.entry("summary", "summary"),
          Map.entry("home-page", "home_page"),
          Map.entry("author", "author"),
          Map.entry("author-email", "author_email"),
          Map.entry("maintainer", "maintainer"),
          Map.entry("maintainer-email", "maintainer_email"),
          Map.entry("license", "license"),
          Map.entry("description", "description"),
          Map.entry("keywords", "keywords"),
          Map.entry("download-url", "download_url"),
          Map.entry("requires-python", "requires_python"),
          Map.entry("description-content-type", "description_content_type"),
          Map.entry("license-expression", "license_expression"));

  private static final Map<String, String> MULTI =
      Map.ofEntries(
          Map.entry("platform", "platform"),
          Map.entry("classifier", "classifiers"),
          Map.entry("supported-platform", "supported_platform"),
          Map.entry("provides", "provides"),
          Map.entry("requires", "requires"),
          Map.entry("obsoletes", "obsoletes"),
          Map.entry("project-url", "project_urls"),
          Map.entry("provides-dist", "provides_dist"),
          Map.entry("obsoletes-dist", "obsoletes_dist"),
          Map.entry("requires-dist", "requires_dist"),
          Map.entry("requires-external", "requires_external"),
          Map.entry("provides-extra", "provides_extras"),
          Map.entry("dynamic", "dynamic"),
          Map.entry("license-file", "license_file"));

  CoreMetadata {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    fields.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    fields = java.util.Collections.unmodifiableMap(copy);
  }

  Optional<String> first(String field) {
    List<String> values = fields.getOrDefault(field, List.of());
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Reads the metadata of a wheel or sdist at {@code file}; {@code filename} decides the format.
   */
  static CoreMetadata read(Path file, String filename) throws IOException, MetadataException {
    String lower = filename.toLowerCase(Locale.ROOT);
    byte[] raw;
    try {
      if (lower.endsWith(".whl")) {
        raw = fromZip(file, true);
      } else if (lower.endsWith(".zip")) {
        raw = fromZip(file, false);
      } else if (lower.endsWith(".tar.gz")) {
        raw = fromTarGz(file);
      } else {
        throw new MetadataException("not a wheel or sdist: " + filename);
      }
    } catch (ZipException | EOFException e) {
      // a broken archive (ZipFile's EOFException carries no message at all)
      throw new MetadataException(
          "corrupt archive "
              + filename
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
    return parse(new String(raw, StandardCharsets.UTF_8));
  }

  /** Parses RFC 822-style core metadata; the message body, if any, is the description. */
  static CoreMetadata parse(String text) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    int i = 0;
    String key = null;
    StringBuilder value = new StringBuilder();
    for (; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        i++;
        break;
      }
      if ((line.startsWith(" ") || line.startsWith("\t")) && key != null) {
        value.append('\n').append(line.strip());
        continue;
      }
      add(fields, key, value);
      int colon = line.indexOf(':');
      if (colon <= 0) {
        key = null;
        value.setLength(0);
        continue;
      }
      key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      value.setLength(0);
      value.append(line.substring(colon + 1).strip());
    }
    add(fields, key, value);
    if (i < lines.length && !fields.containsKey("description")) {
      String body =
          String.join("\n", java.util.Arrays.asList(lines).subList(i, lines.length)).strip();
      if (!body.isEmpty()) {
        fields.put("description", List.of(body));
      }
    }
    return new CoreMetadata(fields);
  }

  private static void add(Map<String, List<String>> fields, String key, StringBuilder value) {
    if (key == null) {
      return;
    }
    String single = SINGLE.get(key);
    if (single != null) {
      fields.putIfAbsent(single, List.of(value.toString()));
      return;
    }
    String multi = MULTI.get(key);
    if (multi != null) {
      fields.computeIfAbsent(multi, k -> new ArrayList<>()).add(value.toString());
    }
  }

  private static byte[] fromZip(Path file, boolean wheel) throws IOException, MetadataException {
    byte[] plain = PlainZip.member(file, wheel, MAX_MEMBER_BYTES);
    return plain != null ? plain : fromZipFile(file, wheel);
  }

  /** The member as {@link ZipFile} reads it, with every check and error message it has. */
  static byte[] fromZipFile(Path file, boolean wheel) throws IOException, MetadataException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry found = null;
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String[] parts = entry.getName().split("/", -1);
        boolean match =
            wheel
                ? parts.length == 2
                    && parts[0].endsWith(".dist-info")
                    && parts[1].equals("METADATA")
                : parts.length == 2 && parts[1].equals("PKG-INFO");
        if (match) {
          if (found != null) {
            throw new MetadataException(
                "more than one " + (wheel ? "METADATA" : "PKG-INFO") + " in the archive");
          }
          found = entry;
        }
      }
      if (found == null) {
        throw new MetadataException(
            "no " + (wheel ? "*.dist-info/METADATA" : "PKG-INFO") + " in the archive");
      }
      if (found.getSize() > MAX_MEMBER_BYTES) {
        throw new MetadataException(
            found.getName() + " is larger than " + MAX_MEMBER_BYTES + " bytes");
      }
      try (InputStream in = zip.getInputStream(found)) {
        return readLimited(in, found.getName());
      }
    }
  }

  private static byte[] fromTarGz(Path file) throws IOException, MetadataException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 64 * 1024)) {
      byte[] header = new byte[512];
      String longName = null;
      for (int n = 0; n < MAX_TAR_ENTRIES; n++) {
        if (in.readNBytes(header, 0, 512) < 512 || isZeroBlock(header)) {
          break;
        }
        String name = longName != null ? longName : tarName(header);
        longName = null;
        long size = tarSize(header);
        char type = (char) header[156];
        long padded = (size + 511) / 512 * 512;
        if (type == 'L' && size <= 4096) {
          byte[] raw = in.readNBytes((int) padded);
          longName =
              new String(raw, 0, (int) Math.min(size, raw.length), StandardCharsets.UTF_8)
                  .replace("\0", "");
          continue;
        }
        String[] parts = name.split("/", -1);
        if ((type == '0' || type == 0) && parts.length == 2 && parts[1].equals("PKG-INFO")) {
          if (size > MAX_MEMBER_BYTES) {
            throw new MetadataException(name + " is larger than " + MAX_MEMBER_BYTES + " bytes");
          }
          return in.readNBytes((int) size);
        }
        in.skipNBytes(padded);
      }
    }
    throw new MetadataException("no PKG-INFO in the archive");
  }

  private static boolean isZeroBlock(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String tarName(byte[] header) {
    String name = cString(header, 0, 100);
    String magic = cString(header, 257, 6);
    if (magic.startsWith("ustar")) {
      String prefix = cString(header, 345, 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  private static long tarSize(byte[] header) throws MetadataException {
    if ((header[124] & 0x80) != 0) {
      long size = 0;
      for (int i = 125; i < 136; i++) {
        size = (size << 8) | (header[i] & 0xff);
      }
      if (size < 0) {
        throw new MetadataException("corrupt tar header: member size overflows");
      }
      return size;
    }
    String octal = cString(header, 124, 12).strip();
    try {
      return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
    } catch (NumberFormatException e) {
      throw new MetadataException("corrupt tar header");
    }
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static byte[] readLimited(InputStream in, String name)
      throws IOException, MetadataException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    long total = 0;
    for (int r; (r = in.read(buf)) > 0; ) {
      total += r;
      if (total > MAX_MEMBER_BYTES) {
        throw new MetadataException(name + " inflates to more than " + MAX_MEMBER_BYTES + " bytes");
      }
      out.write(buf, 0, r);
    }
    return out.toByteArray();
  }

  /** The file's metadata is missing, ambiguous or too large. */
  static final class MetadataException extends Exception {
    private static final long serialVersionUID = 1L;

    MetadataException(String message) {
      super(message);
    }
  }
}
