package io.github.devpigiteasync.sync.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * The core metadata member of a plain zip, read from its central directory with one file channel:
 * what a first sync does for every wheel, without {@link java.util.zip.ZipFile}'s set-up per file
 * (its source cache, entry table, cleaner and inflater stream). Only the plain case is read here: a
 * single-disk, non-zip64 archive without leading data whose directory is consistent, ASCII member
 * names, stored or deflated members, exactly one matching member no larger than the limit, whose
 * data inflate to the listed size. Anything else answers null, and {@link CoreMetadata#fromZipFile}
 * reads the archive with all of {@code ZipFile}'s checks and messages.
 */
final class PlainZip {
  private static final int END_SIG = 0x06054b50;
  private static final int CEN_SIG = 0x02014b50;
  private static final int LOC_SIG = 0x04034b50;
  private static final int END_LEN = 22;
  private static final int CEN_LEN = 46;
  private static final int LOC_LEN = 30;
  private static final int ZIP64_EXTRA = 0x0001;

  /** Central directories larger than this are left to {@code ZipFile}. */
  private static final int MAX_DIRECTORY = 4 << 20;

  private PlainZip() {}

  /**
   * The one {@code *.dist-info/METADATA} (wheel) or {@code <dir>/PKG-INFO} (zip sdist) member's
   * bytes, or null when the archive is not plain or the member is not found exactly once.
   */
  static byte @Nullable [] member(Path file, boolean wheel, long maxBytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < END_LEN) {
        return null;
      }
      int tailLen = (int) Math.min(size, END_LEN + 0xffff);
      ByteBuffer tail = read(ch, size - tailLen, tailLen);
      if (tail == null) {
        return null;
      }
      // the last end record, which must reach the end of the file (ZipFile would look further)
      int end = -1;
      for (int i = tailLen - END_LEN; i >= 0; i--) {
        if (tail.getInt(i) == END_SIG) {
          end = i;
          break;
        }
      }
      if (end < 0 || end + END_LEN + u16(tail, end + 20) != tailLen) {
        return null;
      }
      int entries = u16(tail, end + 10);
      long cenLen = u32(tail, end + 12);
      long cenOff = u32(tail, end + 16);
      long endPos = size - tailLen + end;
      if (u16(tail, end + 4) != 0
          || u16(tail, end + 6) != 0
          || u16(tail, end + 8) != entries
          || entries == 0xffff
          || cenLen > MAX_DIRECTORY
          || cenOff + cenLen != endPos) {
        return null;
      }
      ByteBuffer cen = read(ch, cenOff, (int) cenLen);
      if (cen == null) {
        return null;
      }
      int found = -1;
      int pos = 0;
      for (int n = 0; n < entries; n++) {
        if (pos + CEN_LEN > cenLen || cen.getInt(pos) != CEN_SIG) {
          return null;
        }
        int flags = u16(cen, pos + 8);
        int method = u16(cen, pos + 10);
        int nameLen = u16(cen, pos + 28);
        int extraLen = u16(cen, pos + 30);
        int commentLen = u16(cen, pos + 32);
        int next = pos + CEN_LEN + nameLen + extraLen + commentLen;
        if ((flags & 1) != 0
            || (method != 0 && method != 8)
            || next > cenLen
            || !plainName(cen, pos + CEN_LEN, nameLen)
            || !plainExtra(cen, pos + CEN_LEN + nameLen, extraLen)) {
          return null;
        }
        if (matches(cen, pos + CEN_LEN, nameLen, wheel)) {
          if (found >= 0) {
            return null; // ZipFile's path names the duplicate
          }
          found = pos;
        }
        pos = next;
      }
      if (pos != cenLen || found < 0) {
        return null;
      }
      int method = u16(cen, found + 10);
      long compressed = u32(cen, found + 20);
      long inflated = u32(cen, found + 24);
      long loc = u32(cen, found + 42);
      if (inflated > maxBytes
          || compressed > maxBytes
          || compressed == 0xffffffffL
          || inflated == 0xffffffffL
          || (method == 0 && compressed != inflated)) {
        return null;
      }
      ByteBuffer header = read(ch, loc, LOC_LEN);
      if (header == null || header.getInt(0) != LOC_SIG) {
        return null;
      }
      long data = loc + LOC_LEN + u16(header, 26) + u16(header, 28);
      if (data + compressed > cenOff) {
        return null;
      }
      ByteBuffer raw = read(ch, data, (int) compressed);
      if (raw == null) {
        return null;
      }
      return method == 0 ? raw.array() : inflate(raw.array(), (int) inflated);
    }
  }

  private static byte @Nullable [] inflate(byte[] in, int size) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(in);
      byte[] out = new byte[size];
      int n = 0;
      while (n < size) {
        int r = inflater.inflate(out, n, size - n);
        if (r == 0) {
          break; // finished early, or needs input or a dictionary
        }
        n += r;
      }
      if (n != size) {
        return null;
      }
      // the deflate stream must end exactly here, within the member's bytes: ZipFile would go on
      // reading (with a dummy byte after them), and a damaged stream could give more
      if (!inflater.finished() && inflater.inflate(new byte[1]) > 0) {
        return null;
      }
      return inflater.finished() ? out : null;
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
    }
  }

  private static boolean matches(ByteBuffer b, int off, int len, boolean wheel) {
    int slash = -1;
    for (int i = 0; i < len; i++) {
      if (b.get(off + i) == '/') {
        if (slash >= 0) {
          return false;
        }
        slash = i;
      }
    }
    if (slash < 0) {
      return false;
    }
    String rest = wheel ? "METADATA" : "PKG-INFO";
    if (!equalsAscii(b, off + slash + 1, len - slash - 1, rest)) {
      return false;
    }
    String suffix = ".dist-info";
    return !wheel
        || (slash >= suffix.length()
            && equalsAscii(b, off + slash - suffix.length(), suffix.length(), suffix));
  }

  private static boolean equalsAscii(ByteBuffer b, int off, int len, String s) {
    if (len != s.length()) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (b.get(off + i) != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Printable ASCII only: other names are left to ZipFile's decoding and checks. */
  private static boolean plainName(ByteBuffer b, int off, int len) {
    for (int i = 0; i < len; i++) {
      byte c = b.get(off + i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return len > 0;
  }

  /** Well-formed extra blocks without a zip64 one (ZipFile checks those itself). */
  private static boolean plainExtra(ByteBuffer b, int off, int len) {
    int pos = 0;
    while (pos + 4 <= len) {
      int id = u16(b, off + pos);
      int size = u16(b, off + pos + 2);
      if (id == ZIP64_EXTRA) {
        return false;
      }
      pos += 4 + size;
    }
    return pos == len;
  }

  private static @Nullable ByteBuffer read(FileChannel ch, long position, int len)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) {
        return null;
      }
    }
    return buf;
  }

  private static int u16(ByteBuffer b, int pos) {
    return b.getShort(pos) & 0xffff;
  }

  private static long u32(ByteBuffer b, int pos) {
    return b.getInt(pos) & 0xffffffffL;
  }
}
