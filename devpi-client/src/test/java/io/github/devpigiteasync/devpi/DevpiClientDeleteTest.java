package io.github.devpigiteasync.devpi;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.devpigiteasync.devpi.TestSupport.JSON;
import static io.github.devpigiteasync.devpi.TestSupport.SECOND_TOKEN;
import static io.github.devpigiteasync.devpi.TestSupport.TOKEN;
import static io.github.devpigiteasync.devpi.TestSupport.json;
import static io.github.devpigiteasync.devpi.TestSupport.passwordClient;
import static io.github.devpigiteasync.devpi.TestSupport.xDevpiAuth;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DevpiClientDeleteTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.wireMock();

  private static final IndexRef DEV = IndexRef.parse("alice/dev");
  private static final String FILE_PATH = "/alice/dev/+f/ce2/83c00c2464854/foo_bar-1.0.0.tar.gz";

  private DevpiClient client;
  private String href;

  @BeforeEach
  void setUp() {
    TestSupport.stubLogin(wm);
    client = passwordClient(wm.getRuntimeInfo()).build();
    href = wm.getRuntimeInfo().getHttpBaseUrl() + FILE_PATH;
  }

  @Test
  void deleteFileByHrefSendsDeleteWithAuth() {
    wm.stubFor(delete(urlEqualTo(FILE_PATH)).willReturn(json(200, "errors/delete-ok.json")));

    client.deleteFile(href, false);

    wm.verify(
        exactly(1),
        deleteRequestedFor(urlEqualTo(FILE_PATH))
            .withHeader("Accept", equalTo(JSON))
            .withHeader("X-Devpi-Auth", equalTo(xDevpiAuth("alice", TOKEN))));
  }

  @Test
  void forceDeleteAddsForceQuery() {
    wm.stubFor(
        delete(urlEqualTo(FILE_PATH + "?force")).willReturn(json(200, "errors/delete-ok.json")));

    client.deleteFile(href, true);

    wm.verify(exactly(1), deleteRequestedFor(urlEqualTo(FILE_PATH + "?force")));
  }

  @Test
  void secondDeleteOfFileAnswering410CountsAsDone() {
    wm.stubFor(delete(urlEqualTo(FILE_PATH)).willReturn(json(410, "errors/delete-gone-410.json")));

    client.deleteFile(href, false);

    wm.verify(exactly(1), deleteRequestedFor(urlEqualTo(FILE_PATH)));
  }

  @Test
  void deleteVersionUsesNormalisedNameAndTreats404AsDone() {
    wm.stubFor(
        delete(urlEqualTo("/alice/dev/foo-bar/1.0.2?force"))
            .willReturn(json(404, "errors/delete-version-404.json")));

    client.deleteVersion(DEV, "Foo_Bar", "1.0.2", true);

    wm.verify(exactly(1), deleteRequestedFor(urlEqualTo("/alice/dev/foo-bar/1.0.2?force")));
  }

  @Test
  void deleteOnNonVolatileWithoutForceIsForbiddenAfterOneFreshLogin() {
    wm.stubFor(
        delete(urlEqualTo("/alice/stable/foo-bar/1.0.0"))
            .willReturn(json(403, "errors/delete-nonvolatile-403.json")));

    assertThatThrownBy(
            () -> client.deleteVersion(IndexRef.parse("alice/stable"), "foo-bar", "1.0.0", false))
        .isInstanceOf(DevpiForbiddenException.class)
        .hasMessageContaining("DELETE /alice/stable/foo-bar/1.0.0")
        .hasMessageContaining("cannot delete version on non-volatile index");
    wm.verify(exactly(2), deleteRequestedFor(urlEqualTo("/alice/stable/foo-bar/1.0.0")));
    wm.verify(exactly(2), postRequestedFor(urlEqualTo("/+login")));
  }

  @Test
  void deleteWithExpiredTokenGets403ThenLogsInAgainAndSucceeds() {
    // devpi treats an expired token as anonymous, and anonymous DELETE answers 403, not 401.
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
        delete(urlEqualTo(FILE_PATH))
            .withHeader("X-Devpi-Auth", equalTo(xDevpiAuth("alice", TOKEN)))
            .willReturn(json(403, "errors/delete-forbidden-403.json")));
    wm.stubFor(
        delete(urlEqualTo(FILE_PATH))
            .withHeader("X-Devpi-Auth", equalTo(xDevpiAuth("alice", SECOND_TOKEN)))
            .willReturn(json(200, "errors/delete-ok.json")));

    client.deleteFile(href, false);

    wm.verify(exactly(2), postRequestedFor(urlEqualTo("/+login")));
    wm.verify(exactly(2), deleteRequestedFor(urlEqualTo(FILE_PATH)));
  }

  @Test
  void anonymousDeleteForbiddenCarriesPyramidText() {
    wm.stubFor(
        delete(urlEqualTo(FILE_PATH)).willReturn(json(403, "errors/delete-forbidden-403.json")));
    DevpiClient anonymous =
        DevpiClient.builder().baseUrl(wm.getRuntimeInfo().getHttpBaseUrl()).build();

    assertThatThrownBy(() -> anonymous.deleteFile(href, false))
        .isInstanceOf(DevpiForbiddenException.class)
        .hasMessageContaining(
            "Access was denied to this resource. Unauthorized: PyPIView failed permission check");
    wm.verify(exactly(1), deleteRequestedFor(urlEqualTo(FILE_PATH)));
  }
}
