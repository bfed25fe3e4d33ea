package io.github.devpigiteasync.devpi;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.devpigiteasync.devpi.TestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.devpigiteasync.devpi.model.IndexInfo;
import io.github.devpigiteasync.devpi.model.VersionData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The resource services reach the same endpoints as the façade methods they replace. */
class DevpiServicesTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.wireMock();

  private static final IndexRef DEV = IndexRef.parse("alice/dev");

  private DevpiClient client;

  @BeforeEach
  void setUp() {
    client =
        DevpiClient.builder()
            .baseUrl(wm.getRuntimeInfo().getHttpBaseUrl())
            .retryPolicy(new RetryPolicy(2, Duration.ZERO, Duration.ZERO))
            .build();
  }

  @Test
  void servicesAreCreatedOnceWithTheClient() {
    assertThat(client.indexes()).isSameAs(client.indexes());
    assertThat(client.projects()).isSameAs(client.projects());
    assertThat(client.uploads()).isSameAs(client.uploads());
    assertThat(client.deletes()).isSameAs(client.deletes());
  }

  @Test
  void indexesGetReadsTheIndexWithoutProjects() {
    wm.stubFor(
        get(urlEqualTo("/alice/stable?no_projects=")).willReturn(json(200, "index/stable.json")));

    IndexInfo stable = client.indexes().get(IndexRef.parse("alice/stable"));

    assertThat(stable).isEqualTo(new IndexInfo("alice/stable", "stage", false, List.of()));
    wm.verify(exactly(1), getRequestedFor(urlEqualTo("/alice/stable?no_projects=")));
  }

  @Test
  void projectsVersionsNormalisesTheNameAndIgnoresBases() {
    wm.stubFor(
        get(urlEqualTo("/alice/dev/foo-bar?ignore_bases"))
            .willReturn(json(200, "project/foo-bar.json")));

    Map<String, VersionData> versions = client.projects().versions(DEV, "Foo_Bar", false);

    assertThat(versions).containsKey("1.0.0");
    wm.verify(exactly(1), getRequestedFor(urlEqualTo("/alice/dev/foo-bar?ignore_bases")));
  }

  @Test
  void deletesVersionAddsForceAndCountsGoneAsDone() {
    wm.stubFor(
        delete(urlEqualTo("/alice/dev/foo-bar/1.0.0?force"))
            .willReturn(json(404, "errors/delete-version-404.json")));

    client.deletes().version(DEV, "foo-bar", "1.0.0", true);

    wm.verify(exactly(1), deleteRequestedFor(urlEqualTo("/alice/dev/foo-bar/1.0.0?force")));
  }
}
