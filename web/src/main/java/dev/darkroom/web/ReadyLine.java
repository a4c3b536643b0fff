package dev.darkroom.web;

import java.io.PrintStream;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Prints one line when the server is ready to take requests, with the URL to open: the line a
 * person (or a script waiting for start-up) looks for among the start-up logs.
 */
final class ReadyLine implements ApplicationListener<ApplicationReadyEvent> {

  private final PrintStream out;

  ReadyLine(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    out.println("Darkroom ready: " + url(event.getApplicationContext().getEnvironment()));
    out.flush();
  }

  /** The dashboard's URL: the bound address, {@code localhost} for loopback or any-address. */
  static String url(Environment environment) {
    String port = environment.getProperty("local.server.port", "8080");
    String address = environment.getProperty("server.address", "");
    String host =
        switch (address) {
          case "", "127.0.0.1", "::1", "0.0.0.0", "::" -> "localhost";
          default -> address.contains(":") ? "[" + address + "]" : address;
        };
    String contextPath = environment.getProperty("server.servlet.context-path", "");
    return "http://" + host + ":" + port + contextPath + "/";
  }
}
