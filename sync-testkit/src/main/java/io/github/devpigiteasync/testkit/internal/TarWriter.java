package io.github.devpigiteasync.testkit.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A minimal ustar writer: 512-byte headers, regular files only, padded to 10 KiB records like
 * tar(1).
 */
final class TarWriter implements Closeable {
  private static final int BLOCK = 512;
  private static final int RECORD = 20 * BLOCK;
  private static final long MTIME =
      1_577_836_800L; // 2020-01-01T00:00:00Z: fixed so builds are reproducible

  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private final OutputStream out;
  private long written;

  TarWriter(OutputStream out) {
    this.out = out;
  }

  void add(String name, byte[] data) throws IOException {
    add(name, data.length, o -> o.write(data));
  }

  void add(String name, long size, Body body) throws IOException {
    write(header(name, size));
    CountingStream counting = new CountingStream(out);
    body.writeTo(counting);
    if (counting.count != size) {
      throw new IOException(
          "tar entry " + name + ": wrote " + counting.count + " bytes, declared " + size);
    }
    written += size;
    int pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
    write(new byte[pad]);
  }

  static byte[] header(String name, long size) {
    byte[] h = new byte[BLOCK];
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    String prefix = "";
    if (nameBytes.length > 100) {
      int cut = name.lastIndexOf('/', 154);
      if (cut <= 0 || name.substring(cut + 1).getBytes(StandardCharsets.UTF_8).length > 100) {
        throw new IllegalArgumentException("name too long for ustar: " + name);
      }
      prefix = name.substring(0, cut);
      nameBytes = name.substring(cut + 1).getBytes(StandardCharsets.UTF_8);
    }
    System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
    octal(h, 100, 8, 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, MTIME);
    h[156] = '0';
    ascii(h, 257, "ustar\0");
    ascii(h, 263, "00");
    ascii(h, 265, "root");
    ascii(h, 297, "root");
    octal(h, 329, 8, 0);
    octal(h, 337, 8, 0);
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(p, 0, h, 345, p.length);
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    ascii(h, 148, String.format(Locale.ROOT, "%06o", sum));
    h[154] = 0;
    h[155] = ' ';
    return h;
  }

  private static void octal(byte[] h, int off, int len, long value) {
    String s = String.format(Locale.ROOT, "%0" + (len - 1) + "o", value);
    if (s.length() > len - 1) {
      throw new IllegalArgumentException("value too large for ustar field: " + value);
    }
    ascii(h, off, s);
    h[off + len - 1] = 0;
  }

  private static void ascii(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
  }

  private void write(byte[] b) throws IOException {
    out.write(b);
    written += b.length;
  }

  /**
   * Writes the two zero end blocks and pads to a full record; does not close the underlying stream.
   */
  void finish() throws IOException {
    write(new byte[2 * BLOCK]);
    int pad = (int) ((RECORD - written % RECORD) % RECORD);
    write(new byte[pad]);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private static final class CountingStream extends OutputStream {
    private final OutputStream out;
    long count;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
