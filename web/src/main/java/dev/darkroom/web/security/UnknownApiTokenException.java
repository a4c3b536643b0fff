package dev.darkroom.web.security;

/** An API token id that does not exist (or never did): a 404 for the REST API. */
public class UnknownApiTokenException extends RuntimeException {

  public UnknownApiTokenException(long id) {
    super("No API token with id " + id + "; GET /api/tokens lists the existing ones");
  }
}
