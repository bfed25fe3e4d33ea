package io.github.devpigiteasync.devpi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.devpigiteasync.devpi.TestSupport.DEVPI_TOKEN;
import static io.github.devpigiteasync.devpi.TestSupport.JSON;
import static io.github.devpigiteasync.devpi.TestSupport.PASSWORD;
import static io.github.devpigiteasync.devpi.TestSupport.SECOND_TOKEN;
import static io.github.devpigiteasync.devpi.TestSupport.TOKEN;
import static io.github.devpigiteasync.devpi.TestSupport.json;
import static io.github.devpigiteasync.devpi.TestSupport.passwordClient;
import static io.github.devpigiteasync.devpi.TestSupport.stubLogin;
import static io.github.devpigiteasync.devpi.TestSupport.xDevpiAuth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.devpigiteasync.devpi.model.AuthStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DevpiClientAuthTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.wireMock();

  @TempDir Path tmp;

  @Test
  void loginSendsJsonCredentialsAndLaterRequestsCarryBase64UserColonToken() {
    stubLogin(wm);
    wm.stubFor(get(urlEqualTo("/+api")).willReturn(json(200, "api/ok.json")));
    DevpiClient client = passwordClient(wm.getRuntimeInfo()).build();

    client.login();
    AuthStatus status = client.authStatus();

    assertThat(status).isEqualTo(new AuthStatus("ok", "alice"));
    assertThat(status.authenticated()).isTrue();
    wm.verify(
        exactly(1),
        postRequestedFor(urlEqualTo("/+login"))
            .withHeader("Accept", equalTo(JSON))
            .withHeader("X-Devpi-Auth", absent())
            .withHeader("Authorization", absent()));
    // The exact documented value: standard base64 of UTF-8 "alice:<token with spaces and quotes>".
    assertThat(xDevpiAuth("alice", TOKEN))
        .isEqualTo(
            "YWxpY2U6WyJhbGljZSIsIFtdLCB0cnVlXS5hd2JJZHcuaC00aXNlZmVORU9ucjNmNWcydVZzVy1wSFpN");
    wm.verify(
        getRequestedFor(urlEqualTo("/+api"))
            .withHeader("Accept", equalTo(JSON))
            .withHeader("X-Devpi-Auth", equalTo(xDevpiAuth("alice", TOKEN)))
            .withHeader("Authorization", absent()));
  }

  @Test
  void logsInLazilyOnceForSeveralCalls() {
    stubLogin(wm);
    wm.stubFor(get(urlEqualTo("/+api")).willReturn(json(200, "api/ok.json")));
    DevpiClient client = passwordClient(wm.getRuntimeInfo()).build();

    client.authStatus();
    client.authStatus();

    wm.verify(exactly(1), postRequestedFor(urlEqualTo("/+login")));
    wm.verify(
        exactly(2),
        getRequestedFor(urlEqualTo("/+api"))
            .withHeader("X-Devpi-Auth", equalTo(xDevpiAuth("alice", TOKEN))));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "wrong password, 401, login/wrong-password.json, DevpiUnauthorizedException, user 'alice' could not be authenticated",
    "unknown user, 401, login/unknown-user.json, DevpiUnauthorizedException, user 'nobody' could not be authenticated",
    "password missing, 400, login/missing-password.json, DevpiHttpException, Bad request: no user/password specified",
    "body not JSON, 400, login/not-json.json, DevpiHttpException, Bad request: could not decode json"
  })
  void loginFailureBecomesTypedExceptionWithDevpiText(
      String row, int status, String file, String type, String message) {
    wm.stubFor(post(urlEqualTo("/+login")).willReturn(json(status, file)));
    DevpiClient client = passwordClient(wm.getRuntimeInfo()).build();

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(client::login);

    assertThat(thrown).isInstanceOf(DevpiHttpException.class);
    assertThat(thrown.getClass().getSimpleName()).isEqualTo(type);
    DevpiHttpException e = (DevpiHttpException) thrown;
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.method()).isEqualTo("POST");
    assertThat(e.path()).isEqualTo("/+login");
    assertThat(e.serverMessage()).isEqualTo(message);
    assertThat(e.getMessage())
        .contains("POST /+login", String.valueOf(status), message)
        .doesNotContain(PASSWORD);
    wm.verify(exactly(1), postRequestedFor(urlEqualTo("/+login")));
  }

  @Test
  void devpiTokensTokenIsSentAsBearerAndNeverToLogin() {
    wm.stubFor(get(urlEqualTo("/+api")).willReturn(json(200, "api/ok.json")));
    DevpiClient client =
        DevpiClient.builder()
            .baseUrl(wm.getRuntimeInfo().getHttpBaseUrl())
            .username("alice")
            .token(DEVPI_TOKEN)
            .build();

    client.login();
    AuthStatus status = client.authStatus();

    assertThat(status.authenticated()).isTrue();
    wm.verify(exactly(0), postRequestedFor(urlEqualTo("/+login")));
    wm.verify(
        getRequestedFor(urlEqualTo("/+api"))
            .withHeader("Authorization", equalTo("Bearer " + DEVPI_TOKEN))
            .withHeader("X-Devpi-Auth", absent()));
  }

  @Test
  void passwordShapedLikeDevpiTokenIsTreatedAsBearerToken() {
    wm.stubFor(get(urlEqualTo("/+api")).willReturn(json(200, "api/ok.json")));
    DevpiClient client =
        DevpiClient.builder()
            .baseUrl(wm.getRuntimeInfo().getHttpBaseUrl())
            .username("alice")
            .password(DEVPI_TOKEN)
            .build();

    client.authStatus();

    wm.verify(exactly(0), postRequestedFor(urlEqualTo("/+login")));
    wm.verify(
        getRequestedFor(urlEqualTo("/+api"))
            .withHeader("Authorization", equalTo("Bearer " + DEVPI_TOKEN)));
  }

  @Test
  void rejectedDevpiTokenSurfacesAsForbiddenWithReason() {
    wm.stubFor(
        post(urlEqualTo("/carol/other/")).willReturn(json(403, "errors/token-denied-403.json")));
    DevpiClient client =
        DevpiClient.builder()
            .baseUrl(wm.getRuntimeInfo().getHttpBaseUrl())
            .username("carol")
            .token(DEVPI_TOKEN)
            .build();
    UploadRequest request =
        UploadRequest.builder()
            .file(TestSupport.smallWheel(tmp, "foo_bar-1.0.0-py3-none-any.whl"))
            .name("foo-bar")
            .version("1.0.0")
            .build();

    assertThatThrownBy(() -> client.upload(IndexRef.parse("carol/other"), request, null))
        .isInstanceOf(DevpiForbiddenException.class)
        .hasMessageContaining("Token denied access to index 'carol/other'")
        .hasMessageNotContaining(DEVPI_TOKEN);
    wm.verify(exactly(1), postRequestedFor(urlEqualTo("/carol/other/")));
  }

  @Test
  void authStatusReportsNoauthWithoutCredentials() {
    wm.stubFor(get(urlEqualTo("/+api")).willReturn(json(200, "api/noauth.json")));
    DevpiClient client =
        DevpiClient.builder().baseUrl(wm.getRuntimeInfo().getHttpBaseUrl()).build();

    AuthStatus status = client.authStatus();

    assertThat(status).isEqualTo(new AuthStatus("noauth", ""));
    assertThat(status.authenticated()).isFalse();
    wm.verify(
        getRequestedFor(urlEqualTo("/+api"))
            .withHeader("X-Devpi-Auth", absent())
            .withHeader("Authorization", absent()));
  }

  @Test
  void expiredTokenOnUploadLogsInAgainOnceAndRepeatsTheUpload() {
    wm.stubFor(
        post(urlEqualTo("/+login"))
            .inScenario("login")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(200, "login/ok.json"))
            .willSetStateTo("second"));
    wm.stubFor(
        post(urlEqualTo("/+login"))
            .inScenario("login")
            .whenScenarioStateIs("second")
            .willReturn(json(200, "login/ok-second.json")));
    wm.stubFor(
        post(urlEqualTo("/alice/dev/"))
            .withHeader("X-Devpi-Auth", equalTo(xDevpiAuth("alice", TOKEN)))
            .willReturn(
                json(401, "upload/unauthorized-401.json")
                    .withHeader("WWW-Authenticate", "Basic realm=\"pypi\"")));
    wm.stubFor(
        post(urlEqualTo("/alice/dev/"))
            .withHeader("X-Devpi-Auth", equalTo(xDevpiAuth("alice", SECOND_TOKEN)))
            .willReturn(aResponse().withStatus(200)));
    DevpiClient client = passwordClient(wm.getRuntimeInfo()).build();
    Path wheel = TestSupport.smallWheel(tmp, "foo_bar-1.0.0-py3-none-any.whl");

    UploadResult result =
        client.upload(
            IndexRef.parse("alice/dev"),
            UploadRequest.builder().file(wheel).name("foo-bar").version("1.0.0").build(),
            null);

    assertThat(result).isEqualTo(UploadResult.UPLOADED);
    wm.verify(exactly(2), postRequestedFor(urlEqualTo("/+login")));
    wm.verify(exactly(2), postRequestedFor(urlEqualTo("/alice/dev/")));
    // The repeated upload carried the whole file again, under the new token.
    wm.verify(
        exactly(1),
        postRequestedFor(urlEqualTo("/alice/dev/"))
            .withHeader("X-Devpi-Auth", equalTo(xDevpiAuth("alice", SECOND_TOKEN)))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing(
                    "PK fake wheel bytes of foo_bar-1.0.0")));
  }

  @Test
  void secondUnauthorizedAfterReloginSurfacesWithoutLooping() {
    stubLogin(wm);
    wm.stubFor(
        post(urlEqualTo("/alice/dev/"))
            .willReturn(
                json(401, "upload/unauthorized-401.json")
                    .withHeader("WWW-Authenticate", "Basic realm=\"pypi\"")));
    DevpiClient client = passwordClient(wm.getRuntimeInfo()).build();
    Path wheel = TestSupport.smallWheel(tmp, "foo_bar-1.0.0-py3-none-any.whl");
    UploadRequest request =
        UploadRequest.builder().file(wheel).name("foo-bar").version("1.0.0").build();

    assertThatThrownBy(() -> client.upload(IndexRef.parse("alice/dev"), request, null))
        .isInstanceOf(DevpiUnauthorizedException.class)
        .hasMessageContaining("POST /alice/dev/")
        .hasMessageContaining("401")
        .hasMessageNotContaining(TOKEN)
        .hasMessageNotContaining(PASSWORD);
    wm.verify(exactly(2), postRequestedFor(urlEqualTo("/+login")));
    wm.verify(exactly(2), postRequestedFor(urlEqualTo("/alice/dev/")));
  }

  @Test
  void unauthorizedWithoutCredentialsIsNotRetried() {
    wm.stubFor(
        post(urlEqualTo("/alice/dev/")).willReturn(json(401, "upload/unauthorized-401.json")));
    DevpiClient client =
        DevpiClient.builder().baseUrl(wm.getRuntimeInfo().getHttpBaseUrl()).build();
    UploadRequest request =
        UploadRequest.builder()
            .file(TestSupport.smallWheel(tmp, "foo_bar-1.0.0-py3-none-any.whl"))
            .name("foo-bar")
            .version("1.0.0")
            .build();

    assertThatThrownBy(() -> client.upload(IndexRef.parse("alice/dev"), request, null))
        .isInstanceOf(DevpiUnauthorizedException.class)
        .hasMessageContaining("This server could not verify");
    wm.verify(exactly(1), postRequestedFor(urlPathEqualTo("/alice/dev/")));
    wm.verify(exactly(0), postRequestedFor(urlEqualTo("/+login")));
  }

  @Test
  void builderRefusesPasswordAndTokenTogether() {
    DevpiClient.Builder builder =
        DevpiClient.builder()
            .baseUrl("http://localhost:1/")
            .username("a")
            .password("p")
            .token("devpi-x");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exclusive");
  }

  @Test
  void clientAndBuilderTextNeverShowSecrets() {
    DevpiClient client =
        DevpiClient.builder()
            .baseUrl("http://localhost:1")
            .username("alice")
            .password(PASSWORD)
            .build();

    String text = client + " " + client.newBuilder();

    assertThat(text).doesNotContain(PASSWORD).contains("alice");
    assertThat(client.baseUrl().toString()).isEqualTo("http://localhost:1/");
  }
}
