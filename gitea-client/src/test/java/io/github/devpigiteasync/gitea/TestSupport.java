package io.github.devpigiteasync.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.devpigiteasync.http.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

final class TestSupport {
  static final String TOKEN = "gta_5ecr3tT0kenValue";

  private TestSupport() {}

  static WireMockExtension newWireMock() {
    return WireMockExtension.newInstance()
        .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("wiremock"))
        .build();
  }

  /** A client with fast, recorded (not real) retry sleeps. */
  static GiteaClient.Builder clientFor(WireMockExtension wm, RecordingSleeper sleeper) {
    return GiteaClient.builder()
        .baseUrl(wm.baseUrl())
        .token(TOKEN)
        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2)))
        .sleeper(sleeper);
  }

  static GiteaClient clientFor(WireMockExtension wm) {
    return clientFor(wm, new RecordingSleeper()).build();
  }

  static void stubServer(WireMockExtension wm, String version, int maxResponseItems) {
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/version"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"version\":\"" + version + "\"}")));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/settings/api"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        String.format(
                            Locale.ROOT,
                            "{\"max_response_items\":%d,\"default_paging_num\":30,\"default_git_trees_per_page\":1000,"
                                + "\"default_max_blob_size\":10485760}",
                            maxResponseItems))));
  }

  /** A JSON array of package versions with the given ids, shaped like Gitea's listPackages. */
  static String packagesJson(long... ids) {
    StringJoiner json = new StringJoiner(",", "[", "]");
    for (long id : ids) {
      json.add(
          String.format(
              Locale.ROOT,
              "{\"id\":%d,\"owner\":{\"id\":7,\"login\":\"acme\"},\"repository\":null,"
                  + "\"creator\":{\"id\":12,\"login\":\"alice\"},\"type\":\"pypi\",\"name\":\"pkg-%d\","
                  + "\"version\":\"1.0.%d\",\"html_url\":\"https://gitea.example.org/acme/-/packages/pypi/pkg-%d/1.0.%d\","
                  + "\"created_at\":\"2025-05-13T10:15:30+02:00\"}",
              id,
              id,
              id,
              id,
              id));
    }
    return json.toString();
  }

  static long[] range(long fromInclusive, long toInclusive) {
    long[] out = new long[(int) (toInclusive - fromInclusive + 1)];
    for (int i = 0; i < out.length; i++) {
      out[i] = fromInclusive + i;
    }
    return out;
  }

  static final class RecordingSleeper implements Sleeper {
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
    }

    List<Duration> sleeps() {
      return List.copyOf(sleeps);
    }
  }
}
