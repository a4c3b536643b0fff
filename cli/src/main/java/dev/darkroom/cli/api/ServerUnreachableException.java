package dev.darkroom.cli.api;

/** No answer from the server: refused, unknown host, timed out. The message names the URL tried. */
public class ServerUnreachableException extends RuntimeException {

  public ServerUnreachableException(String url, Throwable cause) {
    super(
        "cannot reach the Darkroom server at "
            + url
            + " ("
            + describe(cause)
            + "). Is it running? Set the URL with `darkroom login URL` or DARKROOM_URL",
        cause);
  }

  private static String describe(Throwable cause) {
    String message = null;
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return "connection refused";
      }
      if (t instanceof java.nio.channels.UnresolvedAddressException
          || t instanceof java.net.UnknownHostException) {
        return "unknown host";
      }
      if (t instanceof java.net.http.HttpTimeoutException) {
        return "timed out";
      }
      if (message == null && t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message != null ? message : "no answer";
  }
}
