package io.github.devpigiteasync.devpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves uploads stream: runs in its own surefire execution with {@code -Xmx128m} and uploads a
 * file four times larger than the heap to a sink server that hashes the file part as it arrives.
 */
class StreamingUploadIT {
  private static final long FILE_SIZE = 512L * 1024 * 1024;

  @TempDir Path tmp;
  private HttpServer server;
  private final AtomicLong received = new AtomicLong();
  private final AtomicReference<String> receivedFileSha = new AtomicReference<>("");

  @BeforeEach
  void startSink() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
          String boundary =
              contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
          long length = Long.parseLong(exchange.getRequestHeaders().getFirst("Content-Length"));
          byte[] trailer = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
          try (InputStream in = exchange.getRequestBody()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // The small form fields come first; the file part is last, so find where its bytes
            // start.
            byte[] head = in.readNBytes(16 * 1024);
            String headText = new String(head, StandardCharsets.ISO_8859_1);
            int start = headText.indexOf("\r\n\r\n", headText.indexOf("filename=\"")) + 4;
            long end = length - trailer.length;
            sha.update(head, start, head.length - start);
            long total = head.length;
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = in.read(buffer)) != -1; ) {
              long remainingFile = end - total;
              if (remainingFile > 0) {
                sha.update(buffer, 0, (int) Math.min(n, remainingFile));
              }
              total += n;
            }
            received.set(total);
            receivedFileSha.set(HexFormat.of().formatHex(sha.digest()));
          } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopSink() {
    server.stop(0);
  }

  @Test
  void uploadsFileLargerThanHeapWithoutBufferingIt() throws Exception {
    Path file = tmp.resolve("big_pkg-1.0.0-py3-none-any.whl");
    String expectedSha = writeSparseFile(file);
    DevpiClient client =
        DevpiClient.builder()
            .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/")
            .retryPolicy(RetryPolicy.none())
            .build();
    AtomicLong lastProgress = new AtomicLong();

    UploadResult result =
        client.upload(
            IndexRef.parse("alice/dev"),
            UploadRequest.builder().file(file).name("big-pkg").version("1.0.0").build(),
            lastProgress::set);

    assertThat(Runtime.getRuntime().maxMemory()).isLessThan(FILE_SIZE);
    assertThat(result).isEqualTo(UploadResult.UPLOADED);
    assertThat(received.get()).isGreaterThan(FILE_SIZE).isLessThan(FILE_SIZE + 4096);
    assertThat(receivedFileSha.get()).isEqualTo(expectedSha);
    assertThat(lastProgress.get()).isEqualTo(FILE_SIZE);
  }

  /** A sparse file with some random blocks; returns its sha256. */
  private static String writeSparseFile(Path file) throws Exception {
    Random random = new Random(42);
    byte[] block = new byte[64 * 1024];
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(FILE_SIZE);
      for (long offset = 0; offset < FILE_SIZE; offset += 32L * 1024 * 1024) {
        random.nextBytes(block);
        raf.seek(offset + random.nextInt(1024));
        raf.write(block);
      }
    }
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[1024 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) != -1; ) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
