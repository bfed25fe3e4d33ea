package io.github.devpigiteasync.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMappingTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.newWireMock();

  @ParameterizedTest
  @CsvSource({
    "401, io.github.devpigiteasync.gitea.GiteaAuthenticationException",
    "403, io.github.devpigiteasync.gitea.GiteaAuthenticationException",
    "404, io.github.devpigiteasync.gitea.GiteaNotFoundException",
    "409, io.github.devpigiteasync.gitea.GiteaConflictException",
    "422, io.github.devpigiteasync.gitea.GiteaConflictException",
    "500, io.github.devpigiteasync.gitea.GiteaHttpException",
  })
  void statusIsMappedToTypedExceptionWithMethodPathStatusAndServerMessage(int status, String type) {
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/repos/acme/app"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBodyFile("errors/token-required.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    Throwable thrown = catchThrowable(() -> client.repos().get("acme", "app"));

    assertThat(thrown.getClass().getName()).isEqualTo(type);
    GiteaHttpException e = (GiteaHttpException) thrown;
    assertThat(e.method()).isEqualTo("GET");
    assertThat(e.path()).isEqualTo("/api/v1/repos/acme/app");
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.serverMessage()).isEqualTo("token is required");
    assertThat(e.getMessage())
        .contains("GET", "/api/v1/repos/acme/app", Integer.toString(status), "token is required");
    assertThat(stackTraceOf(e)).doesNotContain(TestSupport.TOKEN);
  }

  @Test
  // trap 7: /api/packages answers 401 where /api/v1 answers 403
  void registryEndpointPlainText401KeepsBodyAsMessage() {
    wm.stubFor(
        get(urlPathEqualTo("/api/packages/acme/pypi/simple/app"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("WWW-Authenticate", "Basic realm=\"Gitea Package API\"")
                    .withBody("Unauthorized\n")));
    GiteaClient client = TestSupport.clientFor(wm);

    Throwable thrown = catchThrowable(() -> client.packages().pypiSimple("acme", "app"));

    assertThat(thrown).isInstanceOf(GiteaAuthenticationException.class);
    assertThat(((GiteaHttpException) thrown).serverMessage()).isEqualTo("Unauthorized");
  }

  @Test
  void connectionFailureIsATransportExceptionWithoutToken() {
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/version"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    GiteaClient client =
        TestSupport.clientFor(wm, new TestSupport.RecordingSleeper())
            .retryPolicy(RetryPolicy.none())
            .build();

    Throwable thrown = catchThrowable(client::version);

    assertThat(thrown)
        .isInstanceOf(GiteaTransportException.class)
        .hasMessageContaining("GET /api/v1/version");
    assertThat(((GiteaTransportException) thrown).getCause()).isNotNull();
    assertThat(stackTraceOf(thrown)).doesNotContain(TestSupport.TOKEN);
  }

  private static String stackTraceOf(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out + t.toString();
  }
}
