package io.github.devpigiteasync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FakeGitea's Forgejo mode behaves as notes/forgejo.md describes. */
class FakeGiteaForgejoTest {
  private static final String AUTH = "Authorization";
  private final ObjectMapper mapper = new ObjectMapper();
  private final Http http = new Http();
  private final List<FakeGitea> started = new ArrayList<>();
  @TempDir Path dir;
  private Distributions dists;

  @BeforeEach
  void setUp() {
    dists = Distributions.in(dir);
  }

  @AfterEach
  void tearDown() {
    started.forEach(FakeGitea::close);
  }

  private FakeGitea start(FakeGitea.Builder builder) {
    FakeGitea g = builder.build();
    started.add(g);
    g.owner("acme", false).owner("secret", true).token("tok", "*");
    return g;
  }

  private JsonNode json(HttpResponse<String> r) throws IOException {
    return mapper.readTree(r.body());
  }

  @Test
  void reportsItsVersionWithOrWithoutSuffixAndAnswersTheForgejoRoute() throws IOException {
    FakeGitea official = start(FakeGitea.forgejo("15.0.3+gitea-1.22.0"));
    FakeGitea tarball = start(FakeGitea.forgejo("15.0.3"));
    FakeGitea gitea = start(FakeGitea.builder().version("1.24.7"));

    assertThat(json(http.get(official.url() + "api/v1/version")).path("version").asText())
        .isEqualTo("15.0.3+gitea-1.22.0");
    assertThat(json(http.get(tarball.url() + "api/v1/version")).path("version").asText())
        .isEqualTo("15.0.3");
    assertThat(json(http.get(tarball.url() + "api/forgejo/v1/version")).path("version").asText())
        .isEqualTo("15.0.3");
    assertThat(http.get(gitea.url() + "api/forgejo/v1/version").statusCode()).isEqualTo(404);
    assertThat(tarball.isForgejo()).isTrue();
    assertThat(gitea.isForgejo()).isFalse();
  }

  @Test
  void packageApiIsGitea123sWhateverTheVersionSays() throws IOException {
    FakeGitea g = start(FakeGitea.forgejo("15.0.3"));
    g.publish("acme", dists.wheel("foo", "1.0").build());

    HttpResponse<String> versions =
        http.get(g.url() + "api/v1/packages/acme/pypi/foo", AUTH, "token tok");
    HttpResponse<String> latest =
        http.get(g.url() + "api/v1/packages/acme/pypi/foo/-/latest", AUTH, "token tok");
    HttpResponse<String> files =
        http.get(g.url() + "api/v1/packages/acme/pypi/foo/1.0/files", AUTH, "token tok");
    HttpResponse<String> search =
        http.get(g.url() + "api/v1/packages/acme?type=pypi&q=foo", AUTH, "token tok");

    assertThat(versions.statusCode()).isEqualTo(404);
    assertThat(latest.statusCode()).isEqualTo(404);
    assertThat(json(files).get(0).has("Size")).isTrue();
    assertThat(json(files).get(0).has("size")).isFalse();
    assertThat(json(search)).hasSize(1);
  }

  @Test
  void lowerCaseTokenSchemeIsRequiredUpToV11AndAnonymousReadsOfPublicOwnersWorkFromV12() {
    FakeGitea v11 = start(FakeGitea.forgejo("11.0.15+gitea-1.22.0"));
    FakeGitea v12 = start(FakeGitea.forgejo("12.0.4+gitea-1.22.0"));

    assertThat(http.get(v11.url() + "api/v1/packages/acme", AUTH, "Token tok").statusCode())
        .isEqualTo(401);
    assertThat(http.get(v12.url() + "api/v1/packages/acme", AUTH, "Token tok").statusCode())
        .isEqualTo(200);
    assertThat(http.get(v11.url() + "api/v1/packages/acme").statusCode()).isEqualTo(401);
    assertThat(http.get(v12.url() + "api/v1/packages/acme").statusCode()).isEqualTo(200);
    assertThat(http.get(v12.url() + "api/v1/packages/secret").statusCode()).isEqualTo(403);
    assertThat(http.get(v12.url() + "api/v1/packages/ghost").statusCode()).isEqualTo(404);
  }

  @Test
  void v16AnswersAJsonAcceptWithPep691JsonAndTwoContentTypeLines() throws IOException {
    FakeGitea v15 = start(FakeGitea.forgejo("15.0.3"));
    FakeGitea v16 = start(FakeGitea.forgejo("16.0.0"));
    Dist wheel = dists.wheel("foo", "1.0").build();
    v15.publish("acme", wheel);
    v16.publish("acme", wheel);
    String accept = "application/vnd.pypi.simple.v1+json, text/html;q=0.01";

    HttpResponse<String> html15 =
        http.get(v15.url() + "api/packages/acme/pypi/simple/foo", "Accept", accept);
    HttpResponse<String> json16 =
        http.get(v16.url() + "api/packages/acme/pypi/simple/foo", "Accept", accept);
    HttpResponse<String> html16 =
        http.get(v16.url() + "api/packages/acme/pypi/simple/foo", "Accept", "text/html");

    assertThat(html15.headers().allValues("Content-Type")).hasSize(1);
    assertThat(html15.body()).contains("#sha256=" + wheel.sha256());
    assertThat(json16.headers().allValues("Content-Type"))
        .containsExactly("application/vnd.pypi.simple.v1+json", "application/json");
    JsonNode file = json(json16).path("files").get(0);
    assertThat(file.path("filename").asText()).isEqualTo(wheel.filename());
    assertThat(file.path("url").asText()).doesNotContain("#");
    assertThat(file.path("hashes").path("sha256").asText()).isEqualTo(wheel.sha256());
    assertThat(html16.headers().allValues("Content-Type"))
        .containsExactly("application/vnd.pypi.simple.v1+html", "text/html");
    assertThat(html16.body()).contains("<a href=");
  }

  @Test
  void forgejoWebhookCarriesForgejoAndGiteaHeadersWithOneHmacAndNoOrganization() throws Exception {
    FakeGitea forgejo = start(FakeGitea.forgejo("15.0.3"));
    FakeGitea gitea = start(FakeGitea.builder().version("1.24.7"));
    Dist wheel = dists.wheel("foo", "1.0").build();

    WebhookDelivery f = forgejo.packageWebhook("created", forgejo.publish("acme", wheel), "s3c");
    WebhookDelivery g = gitea.packageWebhook("created", gitea.publish("acme", wheel), "s3c");

    String hmac = hmac(f.body(), "s3c");
    assertThat(f.headers())
        .containsEntry("X-Forgejo-Signature", hmac)
        .containsEntry("X-Gitea-Signature", hmac)
        .containsEntry("X-Forgejo-Event", "package")
        .containsEntry("X-Gitea-Event", "package")
        .doesNotContainKey("X-Gitea-Hook-Installation-Target-Type");
    assertThat(mapper.readTree(f.body()).get("organization").isNull()).isTrue();
    assertThat(mapper.readTree(f.body()).path("package").path("owner").path("login").asText())
        .isEqualTo("acme");
    assertThat(g.headers())
        .containsEntry("X-Gitea-Signature", hmac(g.body(), "s3c"))
        .containsEntry("X-Gitea-Hook-Installation-Target-Type", "organization")
        .doesNotContainKey("X-Forgejo-Event");
    assertThat(mapper.readTree(g.body()).path("organization").path("login").asText())
        .isEqualTo("acme");
  }

  private static String hmac(String body, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}
