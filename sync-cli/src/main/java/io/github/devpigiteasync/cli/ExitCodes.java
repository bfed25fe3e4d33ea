package io.github.devpigiteasync.cli;

/** The process exit codes of {@code devpi-gitea-sync} (product spec section 3). */
final class ExitCodes {
  /** Every mapping succeeded; conflicts and skipped files are not failures. */
  static final int OK = 0;

  /** At least one file or mapping failed. */
  static final int SYNC_FAILED = 1;

  /** Bad flags, or {@code --org}/{@code --mapping} matched nothing. */
  static final int USAGE = 2;

  /** The configuration file is missing, invalid or readable by others. */
  static final int CONFIG = 3;

  /** An internal error, or server mode is not available. */
  static final int INTERNAL = 4;

  private ExitCodes() {}
}
