package io.github.devpigiteasync.sync.config;

import java.util.Locale;
import java.util.Optional;

/** How files travel from Gitea to devpi ({@code [runtime] transfer_mode}). */
public enum TransferMode {
  /** Gitea's download is uploaded to devpi as it arrives, verified on the way (the default). */
  STREAMING,
  /** Each file is downloaded to the staging directory and verified before it is uploaded. */
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
