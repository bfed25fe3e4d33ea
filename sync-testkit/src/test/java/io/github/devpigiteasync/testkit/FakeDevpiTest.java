package io.github.devpigiteasync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pins what the simulator does per {@code shared/notes/devpi-protocol.md}. */
class FakeDevpiTest {
  private static final String BOUNDARY = "b0undary";
  private static final String WHEEL = "foo_bar-1.0.0-py3-none-any.whl";

  private final ObjectMapper mapper = new ObjectMapper();
  private final Http http = new Http();
  private FakeDevpi devpi;

  @BeforeEach
  void setUp() {
    devpi = FakeDevpi.builder().build();
    devpi.user("alice", "secret").index("alice/dev", true).index("alice/stable", false);
  }

  @AfterEach
  void tearDown() {
    devpi.close();
  }

  // ---------------------------------------------------------------- helpers

  private record Field(String name, String value) {}

  private static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Field> form(String version, String... more) {
    List<Field> fields =
        new java.util.ArrayList<>(
            List.of(
                new Field(":action", "file_upload"),
                new Field("name", "Foo_Bar"),
                new Field("version", version)));
    for (int i = 0; i + 1 < more.length; i += 2) {
      fields.add(new Field(more[i], more[i + 1]));
    }
    return fields;
  }

  private static void field(ByteArrayOutputStream out, Field f) {
    out.writeBytes(
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\""
                + f.name()
                + "\"\r\n\r\n"
                + f.value()
                + "\r\n")
            .getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] fileHead(String filename) {
    return ("--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\""
            + filename
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A complete multipart body, the file part first when {@code contentFirst}. */
  private static byte[] body(List<Field> fields, String filename, byte[] file, boolean first) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!first) {
      fields.forEach(f -> field(out, f));
    }
    out.writeBytes(fileHead(filename));
    out.writeBytes(file);
    out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    if (first) {
      fields.forEach(f -> field(out, f));
    }
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private String auth() {
    return Base64.getEncoder()
        .encodeToString(("alice:" + login("alice", "secret")).getBytes(StandardCharsets.UTF_8));
  }

  private String login(String user, String password) {
    HttpResponse<String> r = postLogin(user, password);
    assertThat(r.statusCode()).isEqualTo(200);
    try {
      return mapper.readTree(r.body()).path("result").path("password").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> postLogin(String user, String password) {
    String json = "{\"user\": \"" + user + "\", \"password\": \"" + password + "\"}";
    return http.send(
        HttpRequest.newBuilder(URI.create(devpi.url() + "+login"))
            .timeout(Duration.ofSeconds(20))
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> upload(String index, String xDevpiAuth, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(devpi.url() + index + "/"))
            .timeout(Duration.ofSeconds(20))
            .header("Accept", "application/json")
            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (xDevpiAuth != null) {
      b.header("X-Devpi-Auth", xDevpiAuth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(HttpResponse<String> r) throws IOException {
    return mapper.readTree(r.body());
  }

  private long serial() {
    HttpResponse<String> r = http.get(devpi.url() + "+api", "Accept", "application/json");
    return Long.parseLong(r.headers().firstValue("X-Devpi-Serial").orElseThrow());
  }

  /** Sends raw request bytes, then closes the socket without reading an answer. */
  private void sendAndClose(String head, byte[]... parts) throws IOException {
    URI url = URI.create(devpi.url());
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      for (byte[] p : parts) {
        out.write(p);
      }
      out.flush();
    }
  }

  /** Waits (bounded) until the simulator has seen {@code count} uploads and handled them all. */
  private void awaitUploadsHandled(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (devpi.requestCount("POST", "^/alice/dev/$") < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(devpi.requestCount("POST", "^/alice/dev/$")).isEqualTo(count);
    assertThat(devpi.awaitIdle(Duration.ofSeconds(20))).isTrue();
  }

  // ---------------------------------------------------------------- login

  @Test
  void loginAnswersATokenWithTheTenHourExpirationThatAuthenticatesUploads() throws IOException {
    HttpResponse<String> r = postLogin("alice", "secret");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.path("type").asText()).isEqualTo("proxyauth");
    assertThat(body.path("result").path("expiration").asLong()).isEqualTo(36000);
    String token = body.path("result").path("password").asText();
    assertThat(token).contains(" ").contains("\"");
    String xAuth =
        Base64.getEncoder().encodeToString(("alice:" + token).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> api =
        http.get(devpi.url() + "+api", "Accept", "application/json", "X-Devpi-Auth", xAuth);
    assertThat(json(api).path("result").path("authstatus").path(0).asText()).isEqualTo("ok");
  }

  @Test
  void loginWithAWrongPasswordIs401NamingTheUser() throws IOException {
    HttpResponse<String> r = postLogin("alice", "wrong");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).path("message").asText())
        .isEqualTo("user 'alice' could not be authenticated");
  }

  // ---------------------------------------------------------------- upload

  @Test
  void uploadStoresTheFileWithItsSha256AndAnswersAnEmptyBody() {
    byte[] wheel = bytes(100_000, 1);

    HttpResponse<String> r =
        upload(
            "alice/dev",
            auth(),
            body(form("1.0.0", "requires_python", ">=3.8"), WHEEL, wheel, false));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    StoredFile stored = devpi.file("alice/dev", WHEEL).orElseThrow();
    assertThat(stored.sha256()).isEqualTo(sha256(wheel));
    assertThat(stored.size()).isEqualTo(wheel.length);
    assertThat(stored.metadata()).containsEntry("requires_python", List.of(">=3.8"));
  }

  @Test
  void theFilePartMayComeFirstWithTheFieldsAfterIt() {
    byte[] wheel = bytes(100_000, 2);

    HttpResponse<String> r =
        upload(
            "alice/dev",
            auth(),
            body(form("1.0.0", "requires_python", ">=3.9"), WHEEL, wheel, true));

    assertThat(r.statusCode()).isEqualTo(200);
    StoredFile stored = devpi.file("alice/dev", WHEEL).orElseThrow();
    assertThat(stored.sha256()).isEqualTo(sha256(wheel));
    assertThat(stored.metadata()).containsEntry("requires_python", List.of(">=3.9"));
  }

  @Test
  void uploadWithoutCredentialsIs401WithABasicChallengeAndStoresNothing() {
    HttpResponse<String> r =
        upload("alice/dev", null, body(form("1.0.0"), WHEEL, bytes(10, 3), false));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"pypi\"");
    assertThat(devpi.files("alice/dev")).isEmpty();
  }

  @Test
  void nonVolatileIndexAnswers200ForIdenticalBytesAnd409ForOthersButKeepsTheMetadataSent()
      throws IOException {
    byte[] wheel = bytes(50_000, 4);
    String auth = auth();
    upload("alice/stable", auth, body(form("1.0.0", "summary", "first"), WHEEL, wheel, false));

    HttpResponse<String> same =
        upload("alice/stable", auth, body(form("1.0.0", "summary", "same"), WHEEL, wheel, false));
    HttpResponse<String> other =
        upload(
            "alice/stable",
            auth,
            body(form("1.0.0", "summary", "AFTER-409"), WHEEL, bytes(50_000, 5), false));

    assertThat(same.statusCode()).isEqualTo(200);
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(json(other).path("title").asText())
        .isEqualTo(WHEEL + " already exists in non-volatile index");
    StoredFile stored = devpi.file("alice/stable", WHEEL).orElseThrow();
    assertThat(stored.sha256()).isEqualTo(sha256(wheel));
    assertThat(stored.metadata()).containsEntry("summary", List.of("AFTER-409"));
  }

  @Test
  void volatileIndexOverwritesSilentlyAndTheOldUrlAnswers410() throws IOException {
    String auth = auth();
    upload("alice/dev", auth, body(form("1.0.0"), WHEEL, bytes(1000, 6), false));
    String oldHref =
        json(http.get(devpi.url() + "alice/dev/foo-bar/1.0.0", "Accept", "application/json"))
            .path("result")
            .path("+links")
            .path(0)
            .path("href")
            .asText();
    byte[] newer = bytes(1000, 7);

    HttpResponse<String> r = upload("alice/dev", auth, body(form("1.0.0"), WHEEL, newer, false));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(devpi.file("alice/dev", WHEEL).orElseThrow().sha256()).isEqualTo(sha256(newer));
    assertThat(http.get(oldHref).statusCode()).isEqualTo(410);
  }

  // ---------------------------------------------------------------- bodies that never complete

  @Test
  void aBodyCutOffBeforeItsContentLengthStoresNothing() throws Exception {
    long before = serial();
    byte[] body = body(form("1.0.0"), WHEEL, bytes(2_000_000, 8), false);
    String head =
        "POST /alice/dev/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
            + "X-Devpi-Auth: "
            + auth()
            + "\r\nContent-Type: multipart/form-data; boundary="
            + BOUNDARY
            + "\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";

    // everything but the closing boundary
    sendAndClose(head, java.util.Arrays.copyOf(body, body.length - BOUNDARY.length() - 6));
    awaitUploadsHandled(1);

    assertThat(devpi.files("alice/dev")).isEmpty();
    assertThat(serial()).isEqualTo(before);
    assertThat(
            http.get(devpi.url() + "alice/dev/foo-bar", "Accept", "application/json").statusCode())
        .isEqualTo(404);
  }

  @Test
  void aChunkedBodyAbortedAfterTheFilePartButBeforeTheFieldsStoresNothing() throws Exception {
    long before = serial();
    byte[] file = bytes(1_000_000, 9);
    ByteArrayOutputStream chunked = new ByteArrayOutputStream();
    for (byte[] piece : List.of(fileHead(WHEEL), file)) {
      chunked.writeBytes(
          (Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      chunked.writeBytes(piece);
      chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    String head =
        "POST /alice/dev/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
            + "X-Devpi-Auth: "
            + auth()
            + "\r\nContent-Type: multipart/form-data; boundary="
            + BOUNDARY
            + "\r\nTransfer-Encoding: chunked\r\n\r\n";

    // the file, then the connection closes: no fields, no closing boundary, no last chunk
    sendAndClose(head, chunked.toByteArray());
    awaitUploadsHandled(1);

    assertThat(devpi.files("alice/dev")).isEmpty();
    assertThat(serial()).isEqualTo(before);
  }

  @Test
  void resetMidRequestFaultClosesTheConnectionAndStoresNothingThenTheNextUploadWorks()
      throws Exception {
    byte[] wheel = bytes(1_000_000, 10);
    String auth = auth();
    devpi.faults().resetConnectionMidRequest("^/alice/dev/$", 1);

    HttpRequest request =
        HttpRequest.newBuilder(URI.create(devpi.url() + "alice/dev/"))
            .timeout(Duration.ofSeconds(20))
            .header("X-Devpi-Auth", auth)
            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body(form("1.0.0"), WHEEL, wheel, false)))
            .build();
    boolean failed;
    try {
      http.sendChecked(request, HttpResponse.BodyHandlers.ofString());
      failed = false;
    } catch (IOException e) {
      failed = true;
    }
    assertThat(failed).as("the client sees the connection go").isTrue();
    assertThat(devpi.files("alice/dev")).isEmpty();

    HttpResponse<String> again =
        upload("alice/dev", auth, body(form("1.0.0"), WHEEL, wheel, false));

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(devpi.file("alice/dev", WHEEL).orElseThrow().sha256()).isEqualTo(sha256(wheel));
  }

  @Test
  void aBodyAboveTheLimitIs413FromWaitressAndStoresNothing() throws IOException {
    try (FakeDevpi small = FakeDevpi.builder().maxRequestBodySize(2000).build()) {
      small.user("alice", "secret").index("alice/dev", true);
      String token =
          Base64.getEncoder().encodeToString(("alice:secret").getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(small.url() + "alice/dev/"))
                  .timeout(Duration.ofSeconds(20))
                  .header("X-Devpi-Auth", token)
                  .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                  .POST(
                      HttpRequest.BodyPublishers.ofByteArray(
                          body(form("1.0.0"), WHEEL, bytes(10_000, 11), false)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(r.body()).contains("exceeds max_body of 2000");
      assertThat(small.files("alice/dev")).isEmpty();
    }
  }
}
