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
    Throwable root = cause;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    String name = root.getClass().getSimpleName().replace("Exception", "");
    String text = root.getMessage() == null ? name : root.getMessage();
    return switch (name) {
      case "Connect" -> "connection refused";
      case "UnresolvedAddress", "UnknownHost" -> "unknown host";
      case "HttpConnectTimeout", "HttpTimeout" -> "timed out";
      default -> text;
    };
  }
}
