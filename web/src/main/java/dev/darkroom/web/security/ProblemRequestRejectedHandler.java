package dev.darkroom.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers a request that Spring Security's firewall refuses ({@code ../} in the path, an encoded
 * slash or percent, a semicolon, a control character) with a 400 problem detail and one log line.
 * The default lets the exception escape: a 500 and a stack trace for a client's mistake.
 */
final class ProblemRequestRejectedHandler implements RequestRejectedHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemRequestRejectedHandler.class);

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
      throws IOException {
    log.info("400 {} refused by the firewall: {}", request.getMethod(), rejected.getMessage());
    ProblemResponses.write(
        request,
        response,
        HttpStatus.BAD_REQUEST,
        "rejected-request",
        "Request rejected",
        "The request's path or headers contain something the server never accepts (such as"
            + " '..', an encoded '/', '%' or ';', or a control character); send a plain path.");
  }
}
