/**
 * The HTTP plumbing that gitea-client and devpi-client share, so that both behave the same way: one
 * retry policy with capped, jittered backoff and {@code Retry-After}, one debug line per attempt,
 * the User-Agent, TLS set-up and an OkHttp client with its silent connection retry turned off.
 *
 * <pre>{@code
 * Backoff backoff = new Backoff(RetrySettings.defaults(), Sleeper.SYSTEM);
 * OkHttpClient.Builder http = HttpStack.newBuilder(null, Duration.ofSeconds(10), null, null);
 * HttpStack.addInterceptors(http, new UserAgentInterceptor("my-client/1.0"), backoff);
 * OkHttpClient client = http.build();
 * }</pre>
 */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.http;
