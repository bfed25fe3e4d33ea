package io.github.devpigiteasync.devpi;

/** What devpi did with an accepted upload. */
public enum UploadResult {
  /** The file was stored (or, on a volatile index, overwrote a file of the same name). */
  UPLOADED,
  /** A non-volatile index already held a file with this name and identical bytes. */
  IDENTICAL_ALREADY_PRESENT
}
