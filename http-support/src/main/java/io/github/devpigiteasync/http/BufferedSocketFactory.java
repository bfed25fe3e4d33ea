package io.github.devpigiteasync.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Plain sockets whose streams are buffered, so that a file moves in 64 KiB system calls instead of
 * 8 KiB ones.
 *
 * <p>OkHttp reads and writes a socket one Okio segment (8 KiB) at a time, one system call each. On
 * a fast link that per-call cost is a large part of a transfer's CPU: for a gigabyte on loopback,
 * some 260,000 calls, and every small write becomes a TCP segment of its own. Buffering the
 * socket's streams lets one read take in whatever has arrived, up to 64 KiB, and gathers writes
 * until 64 KiB are waiting or OkHttp flushes (it does at the end of every request and before it
 * waits for a response). TLS sits on top of these streams and flushes each record itself, so it is
 * unchanged apart from reading its records in fewer calls.
 */
final class BufferedSocketFactory extends SocketFactory {
  /** The one instance: OkHttp pools connections per socket factory, so all clients share it. */
  static final BufferedSocketFactory INSTANCE = new BufferedSocketFactory();

  /** Bytes buffered in each direction of a connection. */
  static final int BUFFER_SIZE = 64 * 1024;

  private BufferedSocketFactory() {}

  @Override
  public Socket createSocket() {
    return new BufferedSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connect(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connect(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connect(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connect(
        new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  private static Socket connect(InetSocketAddress remote, @Nullable InetSocketAddress local)
      throws IOException {
    Socket socket = new BufferedSocket();
    try {
      if (local != null) {
        socket.bind(local);
      }
      socket.connect(remote);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** A plain socket that hands out one buffered stream per direction, made on first use. */
  private static final class BufferedSocket extends Socket {
    private @Nullable InputStream in;
    private @Nullable OutputStream out;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new BufferedInputStream(super.getInputStream(), BUFFER_SIZE);
      }
      return in;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (out == null) {
        out = new BufferedOutputStream(super.getOutputStream(), BUFFER_SIZE);
      }
      return out;
    }
  }
}
