package io.github.devpigiteasync.devpi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.devpigiteasync.http.CannedResponses;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** devpi answers far larger than any real one are refused, naming the request and the limit. */
class HostileResponseTest {
  @Test
  void projectDocumentFarLargerThanAnyRealOneIsRefusedNamingRequestAndLimit() {
    // (the parser counts whole buffers read, so go a good deal past the limit)
    byte[] document = new byte[(int) DevpiClient.MAX_DOCUMENT_BYTES + (1 << 20)];
    Arrays.fill(document, (byte) ' ');
    document[0] = '{';
    document[document.length - 1] = '}';
    CannedResponses responses =
        new CannedResponses().answer("/ci/prod/foo", 200, "application/json", document);
    DevpiClient client =
        DevpiClient.builder()
            .baseUrl("https://devpi.example.com/")
            .token("devpi-t0ken")
            .okHttpClient(responses.client())
            .build();

    assertThatThrownBy(() -> client.projects().versions(IndexRef.parse("ci/prod"), "foo", false))
        .isInstanceOf(DevpiException.class)
        .hasMessageContaining("/ci/prod/foo")
        .hasMessageContaining(Long.toString(DevpiClient.MAX_DOCUMENT_BYTES));
  }
}
