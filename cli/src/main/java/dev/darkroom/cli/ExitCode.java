package dev.darkroom.cli;

/** The documented exit codes (docs/cli.md); scripts rely on them, so they never change meaning. */
public final class ExitCode {

  /** Done: the command did what it was asked, a watched run or scan completed. */
  public static final int OK = 0;

  /**
   * The run (or scan) failed: it ended FAILED, CANCELLED or with failed units, or the server
   * refused or failed the operation (a 409 or a 5xx).
   */
  public static final int FAILED = 1;

  /** Usage: bad options or arguments, or a request the server rejected as invalid (a 400). */
  public static final int USAGE = 2;

  /** No such run, asset, collection or scan (a 404). */
  public static final int NOT_FOUND = 3;

  /** No token, a bad token, or a role that may not do this (a 401 or 403). */
  public static final int AUTH = 4;

  /** The server could not be reached at the configured URL. */
  public static final int UNREACHABLE = 5;

  private ExitCode() {}
}
