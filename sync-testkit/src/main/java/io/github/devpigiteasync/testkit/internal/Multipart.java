package io.github.devpigiteasync.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A streaming multipart/form-data parser: file parts go straight to disk, memory stays flat. */
final class Multipart {
  private static final int MAX_FIELD = 8 * 1024 * 1024;

  /** A form part; {@code file} is set for parts with a {@code filename}. */
  record Part(
      String name,
      @Nullable String filename,
      String value,
      @Nullable Path file,
      long size,
      String sha256) {}

  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException() {
      super("request body too large");
    }
  }

  /** Counts bytes and fails once more than {@code max} were read. */
  static final class LimitedStream extends InputStream {
    private final InputStream in;
    private final long max;
    private long count;

    LimitedStream(InputStream in, long max) {
      this.in = in;
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
        if (count > max) {
          throw new TooLargeException();
        }
      }
      return n;
    }
  }

  private final InputStream in;
  private final byte[] delimiter;
  private final byte[] buf = new byte[128 * 1024];
  private int start;
  private int end;
  private boolean eof;

  private Multipart(InputStream in, String boundary) {
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    // pretend the body starts with CRLF so the first boundary looks like every other one
    buf[0] = '\r';
    buf[1] = '\n';
    end = 2;
  }

  static @Nullable String boundary(@Nullable String contentType) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return null;
    }
    String b = params(contentType).get("boundary");
    return b == null || b.isEmpty() ? null : b;
  }

  /**
   * Parses the whole body; file parts are written to new files from {@code files}. A body that ends
   * before its closing boundary (truncated, or aborted by the client) throws, and the files of the
   * parts read so far are deleted: like devpi behind waitress, nothing of it is kept.
   */
  static List<Part> parse(InputStream in, String boundary, BlobStore files) throws IOException {
    List<Part> parts = new ArrayList<>();
    try {
      return parse(new Multipart(in, boundary), parts, files);
    } catch (IOException | RuntimeException e) {
      for (Part part : parts) {
        if (part.file() != null) {
          Files.deleteIfExists(part.file());
        }
      }
      throw e;
    }
  }

  private static List<Part> parse(Multipart p, List<Part> parts, BlobStore files)
      throws IOException {
    if (!p.copyUntilDelimiter(OutputStream.nullOutputStream(), Long.MAX_VALUE)) {
      throw new IOException("no multipart boundary");
    }
    while (true) {
      p.fill(2);
      if (p.end - p.start >= 2 && p.buf[p.start] == '-' && p.buf[p.start + 1] == '-') {
        break;
      }
      p.readLine(); // rest of the boundary line
      Map<String, String> headers = new LinkedHashMap<>();
      String line;
      while (!(line = p.readLine()).isEmpty()) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.put(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
              line.substring(colon + 1).trim());
        }
      }
      Map<String, String> disposition = params(headers.getOrDefault("content-disposition", ""));
      String name = disposition.getOrDefault("name", "");
      String filename = disposition.get("filename");
      if (filename != null) {
        Path file = files.newFile();
        MessageDigest sha = BlobStore.digest("SHA-256");
        boolean ok = false;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
          ok = p.copyUntilDelimiter(out, Long.MAX_VALUE);
        } finally {
          if (!ok) {
            Files.deleteIfExists(file);
          }
        }
        if (!ok) {
          throw new IOException("truncated multipart body");
        }
        parts.add(new Part(name, filename, "", file, Files.size(file), Names.hex(sha.digest())));
      } else {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        if (!p.copyUntilDelimiter(value, MAX_FIELD)) {
          throw new IOException("truncated multipart body");
        }
        parts.add(
            new Part(name, null, value.toString(StandardCharsets.UTF_8), null, value.size(), ""));
      }
    }
    return parts;
  }

  private void fill(int wanted) throws IOException {
    while (!eof && end - start < wanted) {
      if (end == buf.length) {
        compact();
      }
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        eof = true;
      } else {
        end += n;
      }
    }
  }

  private void compact() {
    System.arraycopy(buf, start, buf, 0, end - start);
    end -= start;
    start = 0;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      fill(1);
      if (start >= end) {
        throw new IOException("truncated multipart headers");
      }
      byte b = buf[start++];
      if (b == '\n') {
        break;
      }
      if (b != '\r') {
        line.write(b);
      }
      if (line.size() > 64 * 1024) {
        throw new IOException("multipart header line too long");
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  // Copies bytes up to the next delimiter and consumes it; false if the stream ended first.
  private boolean copyUntilDelimiter(OutputStream out, long max) throws IOException {
    long copied = 0;
    while (true) {
      fill(delimiter.length);
      int found = indexOf(start, end);
      int safeEnd = found >= 0 ? found : Math.max(start, end - delimiter.length + 1);
      if (eof && found < 0) {
        safeEnd = end;
      }
      out.write(buf, start, safeEnd - start);
      copied += safeEnd - start;
      if (copied > max) {
        throw new IOException("multipart field too large");
      }
      start = safeEnd;
      if (found >= 0) {
        start += delimiter.length;
        return true;
      }
      if (eof) {
        return false;
      }
      compact();
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        eof = true;
      } else {
        end += n;
      }
    }
  }

  private int indexOf(int from, int to) {
    outer:
    for (int i = from; i <= to - delimiter.length; i++) {
      for (int j = 0; j < delimiter.length; j++) {
        if (buf[i + j] != delimiter[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  // Parses `type; a=b; c="d e"` parameters (names lower-cased).
  static Map<String, String> params(String header) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = header.indexOf(';');
    while (i >= 0 && i < header.length()) {
      int eq = header.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String key = header.substring(i + 1, eq).trim().toLowerCase(Locale.ROOT);
      int pos = eq + 1;
      StringBuilder value = new StringBuilder();
      if (pos < header.length() && header.charAt(pos) == '"') {
        pos++;
        while (pos < header.length() && header.charAt(pos) != '"') {
          char c = header.charAt(pos);
          if (c == '\\' && pos + 1 < header.length()) {
            c = header.charAt(++pos);
          }
          value.append(c);
          pos++;
        }
        pos++;
      } else {
        while (pos < header.length() && header.charAt(pos) != ';') {
          value.append(header.charAt(pos++));
        }
      }
      out.put(key, value.toString().trim());
      i = header.indexOf(';', pos);
    }
    return out;
  }
}
