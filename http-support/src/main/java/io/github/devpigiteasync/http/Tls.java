package io.github.devpigiteasync.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** TLS options: a PEM CA bundle that replaces the JDK's trust store, or no verification at all. */
public final class Tls {
  private static final Logger log = LoggerFactory.getLogger(Tls.class);

  private Tls() {}

  /**
   * Trusts exactly the CA certificates in {@code pemFile}.
   *
   * @throws IllegalArgumentException if the file cannot be read, is not PEM or holds no certificate
   */
  public static void trustPemBundle(OkHttpClient.Builder builder, Path pemFile) {
    try (InputStream in = Files.newInputStream(pemFile)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no certificate in CA bundle " + pemFile);
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      X509TrustManager trustManager = x509(tmf.getTrustManagers());
      builder.sslSocketFactory(context(trustManager).getSocketFactory(), trustManager);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read CA bundle " + pemFile + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid CA bundle " + pemFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * Accepts every certificate and host name, for test servers only; logs a warning naming {@code
   * host}.
   */
  public static void trustAll(OkHttpClient.Builder builder, String host) {
    log.warn("TLS certificate and host name verification is DISABLED for {}", host);
    X509ExtendedTrustManager trustAll = new TrustAllManager();
    try {
      builder.sslSocketFactory(context(trustAll).getSocketFactory(), trustAll);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS unavailable", e);
    }
    builder.hostnameVerifier((name, session) -> true);
  }

  /** Whether a failure, or one of its causes, is a TLS or certificate problem. */
  public static boolean isTlsFailure(@Nullable Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  private static SSLContext context(TrustManager trustManager) throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustManager}, null);
    return context;
  }

  private static X509TrustManager x509(TrustManager[] managers) {
    for (TrustManager manager : managers) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("no X509TrustManager available");
  }

  // Extended, so that the JDK does not wrap it in a manager that checks host names after all.
  private static final class TrustAllManager extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
