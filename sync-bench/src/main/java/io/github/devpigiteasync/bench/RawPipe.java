package io.github.devpigiteasync.bench;

import io.github.devpigiteasync.testkit.PublishedFile;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.BufferedSource;

/**
 * The baseline of scenario 2: each file streamed once from Gitea straight into a devpi upload by
 * plain OkHttp, with no staging file, no hashing and no metadata reading. The upload body reads the
 * download as it is written.
 */
final class RawPipe implements AutoCloseable {
  private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(10))
          .readTimeout(Duration.ofSeconds(120))
          .writeTimeout(Duration.ofSeconds(120))
          .build();
  private final String giteaToken;
  private final String devpiUser;
  private final String devpiPassword;

  RawPipe(String giteaToken, String devpiUser, String devpiPassword) {
    this.giteaToken = giteaToken;
    this.devpiUser = devpiUser;
    this.devpiPassword = devpiPassword;
  }

  /** Streams one file into {@code devpiUrl}'s {@code index}; returns the bytes moved. */
  long pipe(PublishedFile file, String devpiUrl, String index) throws IOException {
    Request get =
        new Request.Builder()
            .url(file.downloadUrl())
            .header("Authorization", "token " + giteaToken)
            .build();
    try (Response download = http.newCall(get).execute()) {
      if (!download.isSuccessful()) {
        throw new IOException("GET " + file.filename() + ": HTTP " + download.code());
      }
      ResponseBody body = download.body();
      long length = body.contentLength();
      RequestBody content =
          new RequestBody() {
            @Override
            public MediaType contentType() {
              return OCTET_STREAM;
            }

            @Override
            public long contentLength() {
              return length;
            }

            @Override
            public boolean isOneShot() {
              return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
              BufferedSource source = body.source();
              sink.writeAll(source);
            }
          };
      MultipartBody form =
          new MultipartBody.Builder()
              .setType(MultipartBody.FORM)
              .addFormDataPart(":action", "file_upload")
              .addFormDataPart("name", file.packageName())
              .addFormDataPart("version", file.version())
              .addFormDataPart("content", file.filename(), content)
              .build();
      upload(devpiUrl, index, file, form);
      return length;
    }
  }

  /**
   * What a user scripting {@code curl} would do: download the whole file to {@code tmp}, then
   * upload it with its length known. Returns the bytes moved.
   */
  long sequential(PublishedFile file, String devpiUrl, String index, java.nio.file.Path tmp)
      throws IOException {
    java.nio.file.Path copy = java.nio.file.Files.createTempFile(tmp, "sequential-", ".whl");
    try {
      Request get =
          new Request.Builder()
              .url(file.downloadUrl())
              .header("Authorization", "token " + giteaToken)
              .build();
      try (Response download = http.newCall(get).execute()) {
        if (!download.isSuccessful()) {
          throw new IOException("GET " + file.filename() + ": HTTP " + download.code());
        }
        try (okio.BufferedSink out = okio.Okio.buffer(okio.Okio.sink(copy))) {
          out.writeAll(download.body().source());
        }
      }
      MultipartBody form =
          new MultipartBody.Builder()
              .setType(MultipartBody.FORM)
              .addFormDataPart(":action", "file_upload")
              .addFormDataPart("name", file.packageName())
              .addFormDataPart("version", file.version())
              .addFormDataPart(
                  "content", file.filename(), RequestBody.create(copy.toFile(), OCTET_STREAM))
              .build();
      upload(devpiUrl, index, file, form);
      return java.nio.file.Files.size(copy);
    } finally {
      java.nio.file.Files.deleteIfExists(copy);
    }
  }

  private void upload(String devpiUrl, String index, PublishedFile file, MultipartBody form)
      throws IOException {
    HttpUrl url =
        HttpUrl.get(devpiUrl).newBuilder().addPathSegments(index).addPathSegment("").build();
    Request post =
        new Request.Builder()
            .url(url)
            .header("Authorization", Credentials.basic(devpiUser, devpiPassword))
            .post(form)
            .build();
    try (Response upload = http.newCall(post).execute()) {
      if (!upload.isSuccessful()) {
        throw new IOException(
            "POST " + file.filename() + ": HTTP " + upload.code() + " " + upload.message());
      }
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
