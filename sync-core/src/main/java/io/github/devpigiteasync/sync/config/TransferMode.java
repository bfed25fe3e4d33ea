package io.github.devpigiteasync.sync.config;

import java.util.Locale;
import java.util.Optional;

/** How a file travels from Gitea to devpi ({@code [runtime] transfer_mode}). */
public enum TransferMode {
  /**
   * One pass: the download flows into the upload as it arrives (a chunked request body), and the
   * form fields follow the file part once its sha256 and metadata were checked. The default.
   */
  STREAMING,
  /**
   * Two passes: the file is downloaded and checked first, then uploaded from disk with a known
   * length. For proxies in front of devpi that refuse chunked request bodies.
   */
  STAGED;

  /** The name used in the config file: {@code streaming} or {@code staged}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code streaming} or {@code staged} (any case), if it is one. */
  public static Optional<TransferMode> fromConfigName(String name) {
    for (TransferMode m : values()) {
      if (m.configName().equalsIgnoreCase(name.strip())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
