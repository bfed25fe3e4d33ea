package io.github.devpigiteasync.devpi;

import io.github.devpigiteasync.devpi.internal.ErrorDecoder;
import io.github.devpigiteasync.devpi.internal.FileRequestBody;
import io.github.devpigiteasync.devpi.internal.StreamingMultipartBody;
import io.github.devpigiteasync.http.Failures;
import io.github.devpigiteasync.http.RetryInterceptor;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Streaming uploads into an index, reached through {@link DevpiClient#uploads()}. */
public final class UploadsService {
  private static final Logger log = LoggerFactory.getLogger(UploadsService.class);
  private static final String IDENTICAL_REASON = "upload of identical file";
  private static final ByteString IDENTICAL_REASON_BYTES = ByteString.encodeUtf8(IDENTICAL_REASON);
  private static final long HEAD_BYTES = 4096;

  private final Transport transport;
  private final ErrorDecoder errors;

  UploadsService(Transport transport) {
    this.transport = transport;
    this.errors = transport.errors;
  }

  /**
   * Uploads one file as streaming {@code multipart/form-data} with {@code :action=file_upload},
   * {@code name}, {@code version}, the metadata fields and the file part {@code content}. The file
   * is never held in memory and is re-sent on retry or re-login.
   *
   * <p>{@code POST /{user}/{index}/}
   *
   * @param progress receives the number of file bytes written so far, or null
   * @return {@link UploadResult#IDENTICAL_ALREADY_PRESENT} when a non-volatile index already held
   *     the same bytes, otherwise {@link UploadResult#UPLOADED}
   * @throws DevpiConflictException different bytes under this name in a non-volatile index (409)
   * @throws DevpiInvalidUploadException devpi rejected file name, name or version (400)
   * @throws DevpiUnauthorizedException no valid credentials, even after logging in again (401)
   * @throws DevpiForbiddenException the user may not upload to this index (403)
   * @throws DevpiNotFoundException the index does not exist (404)
   * @throws DevpiTooLargeException the body exceeds the server or proxy limit (413)
   */
  public UploadResult upload(
      IndexRef index, UploadRequest request, @Nullable ProgressListener progress) {
    Objects.requireNonNull(request, "request == null");
    HttpUrl url = indexUrl(index).newBuilder().addPathSegment("").build();
    LongConsumer counter = progress == null ? null : progress::transferred;
    FileRequestBody fileBody;
    try {
      fileBody = new FileRequestBody(request.file(), counter);
    } catch (IOException e) {
      throw new DevpiException("cannot read " + request.file() + ": " + e.getMessage(), e);
    }
    MultipartBody.Builder form =
        new MultipartBody.Builder()
            .setType(MultipartBody.FORM)
            .addFormDataPart(":action", "file_upload")
            .addFormDataPart("name", request.name())
            .addFormDataPart("version", request.version());
    request.metadata().forEach((key, values) -> values.forEach(v -> form.addFormDataPart(key, v)));
    form.addFormDataPart("content", request.filename(), fileBody);
    // Resend-safe (devpi-protocol notes 4.4 and 4.6): a body that broke off stores nothing, and a
    // whole second copy overwrites (volatile) or is the identical file (non-volatile).
    Request post =
        RetryInterceptor.markResendSafe(new Request.Builder().url(url).post(form.build())).build();
    log.debug("Uploading {} ({} bytes) to {}", request.filename(), fileBody.contentLength(), index);
    try (Response response = execute(post)) {
      return answer(response, request.filename(), index);
    }
  }

  /**
   * Uploads one file while its bytes are still arriving: a chunked {@code multipart/form-data} body
   * whose file part {@code content} is written by {@code source} and whose form fields ({@code
   * :action=file_upload}, name, version, metadata) follow once the source returned them; devpi
   * reads a form only after the whole body (protocol notes 4.6). If the source throws, the request
   * is aborted before the end of its body, so devpi stores nothing. When devpi fails after the file
   * has passed (a reset, a 401 re-login, a retryable status), the form is resent from the staged
   * copy the source named, never read from the source again; a resend is safe because devpi treats
   * an identical re-upload as an overwrite or a no-op (notes 4.4).
   *
   * <p>{@code POST /{user}/{index}/}
   *
   * @param filename the bare file name devpi stores; the source's request must carry the same
   * @param progress receives the file bytes passed on so far (again from zero on a resend), or null
   * @return as {@link #upload(IndexRef, UploadRequest, ProgressListener)}
   * @throws DevpiUploadAbortedException the source failed; its exception is the cause
   * @throws DevpiConflictException different bytes under this name in a non-volatile index (409)
   * @throws DevpiInvalidUploadException devpi rejected file name, name or version (400)
   * @throws DevpiTooLargeException the body exceeds the server or proxy limit (413)
   */
  public UploadResult upload(
      IndexRef index, String filename, UploadSource source, @Nullable ProgressListener progress) {
    HttpUrl url = indexUrl(index).newBuilder().addPathSegment("").build();
    StreamingMultipartBody body =
        new StreamingMultipartBody(
            filename, source, progress == null ? null : progress::transferred);
    // Resend-safe once the body stops being one-shot, i.e. once its staged copy is complete.
    Request post =
        RetryInterceptor.markResendSafe(new Request.Builder().url(url).post(body)).build();
    Call call = transport.caller.newCall(post);
    body.bind(call);
    log.debug("Streaming {} to {}", filename, index);
    try (Response response = call.execute()) {
      if (body.resends() > 0) {
        log.debug("{} was sent again from its staged copy {} time(s)", filename, body.resends());
      }
      return answer(response, filename, index);
    } catch (IOException e) {
      Optional<Throwable> cause = body.abortCause();
      if (cause.isPresent()) {
        throw new DevpiUploadAbortedException(filename, cause.get());
      }
      throw new DevpiTransportException(
          "POST " + ErrorDecoder.pathOf(url) + " failed: " + Failures.describe(e), e);
    }
  }

  private UploadResult answer(Response response, String filename, IndexRef index) {
    if (!response.isSuccessful()) {
      throw errors.decode(response, true);
    }
    if (identical(response)) {
      log.debug("{} already present with identical bytes in {}", filename, index);
      return UploadResult.IDENTICAL_ALREADY_PRESENT;
    }
    return UploadResult.UPLOADED;
  }

  private static boolean identical(Response response) {
    if (response.message().toLowerCase(Locale.ROOT).contains(IDENTICAL_REASON)) {
      return true;
    }
    // Behind HTTP/2 proxies there is no reason phrase; devpi repeats the text in the small HTML
    // body. Its first bytes are searched as bytes (the text is ASCII): decoding them as a string
    // would parse the Content-Type header for its charset with a regular expression per upload.
    try {
      BufferedSource peek = response.body().source().peek();
      peek.request(HEAD_BYTES);
      long n = Math.min(HEAD_BYTES, peek.getBuffer().size());
      return peek.readByteString(n).toAsciiLowercase().indexOf(IDENTICAL_REASON_BYTES) >= 0;
    } catch (IOException e) {
      return false;
    }
  }

  private HttpUrl indexUrl(IndexRef index) {
    return transport.indexUrl(index);
  }

  private Response execute(Request request) {
    return transport.execute(request);
  }
}
