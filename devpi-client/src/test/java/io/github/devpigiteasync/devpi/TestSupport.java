package io.github.devpigiteasync.devpi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/** Shared fixtures for the WireMock-based tests. */
final class TestSupport {
  static final String PASSWORD = "s3cret pass\"word";
  static final String TOKEN = "[\"alice\", [], true].awbIdw.h-4isefeNEOnr3f5g2uVsW-pHZM";
  static final String SECOND_TOKEN = "[\"alice\", [], true].awbJxQ.second-token-Zk9q";
  static final String DEVPI_TOKEN = "devpi-AgEAAg5jYXJvbC10dDZnQjl3egACJ2Fsd2F5cw";
  static final String JSON = "application/json";

  private TestSupport() {}

  static WireMockExtension wireMock() {
    return WireMockExtension.newInstance()
        .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("wiremock"))
        .build();
  }

  static String xDevpiAuth(String user, String token) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
  }

  static ResponseDefinitionBuilder json(int status, String file) {
    return aResponse().withStatus(status).withHeader("Content-Type", JSON).withBodyFile(file);
  }

  /** A client with password auth, no retry sleeping. */
  static DevpiClient.Builder passwordClient(WireMockRuntimeInfo wm) {
    return DevpiClient.builder()
        .baseUrl(wm.getHttpBaseUrl())
        .username("alice")
        .password(PASSWORD)
        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2)))
        .sleeper(d -> {});
  }

  static void stubLogin(WireMockExtension wm) {
    wm.stubFor(
        post(urlEqualTo("/+login"))
            .withRequestBody(
                equalToJson(
                    "{\"user\":\"alice\",\"password\":\"" + PASSWORD.replace("\"", "\\\"") + "\"}"))
            .withHeader("Accept", equalTo(JSON))
            .willReturn(json(200, "login/ok.json")));
  }

  static Path smallWheel(Path dir, String name) {
    try {
      Path file = dir.resolve(name);
      Files.write(file, ("PK fake wheel bytes of " + name).getBytes(StandardCharsets.UTF_8));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
