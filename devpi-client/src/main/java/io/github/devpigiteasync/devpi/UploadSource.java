package io.github.devpigiteasync.devpi;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The file of a streaming upload ({@link DevpiClient#upload(IndexRef, String, UploadSource,
 * ProgressListener)}), written while its bytes are still arriving from elsewhere.
 *
 * <p>The source writes every byte of the file to {@code out}, in order, and keeps a copy of them
 * (the staged copy). Once the last byte is out it checks what it must (size, hash, core metadata)
 * and returns the request whose form fields follow the file part; the request's {@link
 * UploadRequest#file()} is the staged copy, from which the upload is resent when devpi fails after
 * the file has passed. Throwing instead aborts the request before its end, so devpi stores nothing
 * (devpi reads a form only once the whole body has arrived).
 *
 * <p>Writes to {@code out} do not fail when devpi breaks off mid-stream: the bytes are then only
 * counted, so that the source can finish its copy and the upload can be resent from it without a
 * second download.
 */
@FunctionalInterface
public interface UploadSource {

  /**
   * Writes the whole file to {@code out} and returns the request to finish the upload with; called
   * once per upload, on the calling thread.
   *
   * @throws IOException the bytes could not be read; the upload is aborted
   */
  UploadRequest transfer(OutputStream out) throws IOException;
}
