package io.github.devpigiteasync.devpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadRequestTest {
  private static final Path FILE = Path.of("/tmp/dist/foo_bar-1.0.0-py3-none-any.whl");

  @Test
  void filenameDefaultsToTheFilesBareName() {
    UploadRequest request =
        UploadRequest.builder().file(FILE).name("foo-bar").version("1.0.0").build();

    assertThat(request.filename()).isEqualTo("foo_bar-1.0.0-py3-none-any.whl");
  }

  @Test
  void filenameWithPathSeparatorIsRejected() {
    assertThatThrownBy(
            () ->
                UploadRequest.builder()
                    .file(FILE)
                    .filename("sub/dir/foo_bar-1.0.0.tar.gz")
                    .name("foo-bar")
                    .version("1.0.0")
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                UploadRequest.builder()
                    .file(FILE)
                    .filename("dir\\foo_bar-1.0.0.tar.gz")
                    .name("foo-bar")
                    .version("1.0.0")
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void blankNameOrVersionIsRejectedBecauseDevpiWouldAnswer500() {
    assertThatThrownBy(() -> UploadRequest.builder().file(FILE).name(" ").version("1.0.0").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UploadRequest.builder().file(FILE).name("foo-bar").version("").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownMetadataIsDroppedListFieldsAccumulateSingleFieldsKeepLast() {
    UploadRequest request =
        UploadRequest.builder()
            .file(FILE)
            .name("foo-bar")
            .version("1.0.0")
            .field("summary", "first")
            .field("summary", "second")
            .field("classifiers", "A")
            .field("classifiers", "B")
            .field("sha256_digest", "abc")
            .field("protocol_version", "1")
            .field(":action", "submit")
            .build();

    assertThat(request.metadata())
        .isEqualTo(Map.of("summary", List.of("second"), "classifiers", List.of("A", "B")));
  }

  @Test
  void metadataCannotBeModifiedAfterwards() {
    UploadRequest request =
        UploadRequest.builder()
            .file(FILE)
            .name("foo-bar")
            .version("1.0.0")
            .field("classifiers", "A")
            .build();

    assertThatThrownBy(() -> request.metadata().put("x", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> request.metadata().get("classifiers").add("B"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
