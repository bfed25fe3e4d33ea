/**
 * Client for devpi-server: login, index and project queries, streaming uploads and deletes.
 *
 * <pre>{@code
 * DevpiClient devpi = DevpiClient.builder()
 *     .baseUrl("https://devpi.example.invalid/")
 *     .username("alice")
 *     .password(System.getenv("DEVPI_PASSWORD"))
 *     .build();
 * IndexRef index = IndexRef.parse("alice/dev");
 * UploadResult result = devpi.upload(index, UploadRequest.builder()
 *     .file(Path.of("foo_bar-1.0.0-py3-none-any.whl"))
 *     .name("foo-bar").version("1.0.0")
 *     .field("requires_python", ">=3.8")
 *     .build(), null);
 * }</pre>
 */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.devpi;
