package io.github.devpigiteasync.devpi;

import java.io.IOException;
import okio.BufferedSink;

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
 * <p>{@code out} is the request body itself: {@link BufferedSink#write(okio.Buffer, long)} moves
 * the segments of an Okio buffer into the request without copying them, so a source that reads its
 * bytes into an {@link okio.Buffer} (for example from an OkHttp response's {@code source()}) passes
 * them on at no per-byte cost. The source need not flush or close {@code out}; whatever it left
 * buffered is sent when it returns, and nothing when it throws.
 *
 * <p>Writes to {@code out} do not fail when devpi breaks off mid-stream: the bytes are then only
 * counted, so that the source can finish its copy and the upload can be resent from it without a
 * second download. They do fail once the upload was cancelled.
 */
@FunctionalInterface
public interface UploadSource {

  /**
   * Writes the whole file to {@code out} and returns the request to finish the upload with; called
   * once per upload, on the calling thread.
   *
   * @throws IOException the bytes could not be read; the upload is aborted
   */
  UploadRequest transfer(BufferedSink out) throws IOException;
}
