package dev.darkroom.web.security;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Stand-ins for the real pages and endpoints (runs, assets, batch admin are built elsewhere): a GET
 * and a POST under {@code /api}, a page with an htmx button and an SSE stream, the same under
 * {@code /test}, and a file name that would run script if it were not escaped.
 */
@Controller
class SecuredTestController {

  static final String XSS_NAME = "<img src=x onerror=alert(1)>.jpg";

  private final JdbcClient jdbc;

  SecuredTestController(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @GetMapping("/api/test/ping")
  @ResponseBody
  Map<String, String> apiRead(Principal who) {
    return Map.of("read", "ok", "who", who.getName());
  }

  @PostMapping("/api/test/ping")
  @ResponseBody
  Map<String, String> apiWrite(Principal who) {
    return Map.of("changed", "ok", "who", who.getName());
  }

  /**
   * A parameter handed to PostgreSQL as text, as the real paging cursors and queries are (a run's
   * failures {@code after}, {@code q}): PostgreSQL cannot hold a NUL in text.
   */
  @GetMapping("/api/test/lookup")
  @ResponseBody
  Map<String, String> lookup(@RequestParam String key) {
    return Map.of("key", jdbc.sql("SELECT ?::text").param(key).query(String.class).single());
  }

  /** The same from a JSON body, where no filter sees the NUL before PostgreSQL does. */
  @PostMapping("/api/test/lookup")
  @ResponseBody
  Map<String, String> lookupBody(
      @org.springframework.web.bind.annotation.RequestBody Map<String, String> body) {
    return lookup(body.getOrDefault("key", ""));
  }

  /** A bug: what the API says must not show it. */
  @GetMapping("/api/test/bug")
  Map<String, String> bug() {
    throw new IllegalStateException("java.lang.NullPointerException in dev.darkroom.Something");
  }

  @GetMapping(path = "/api/test/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter apiEvents(Principal who) {
    return oneEvent("hello " + who.getName());
  }

  @GetMapping("/test/page")
  String page(Model model) {
    model.addAttribute("fileName", XSS_NAME);
    return "securitytest/page";
  }

  @PostMapping(path = "/test/action", produces = MediaType.TEXT_HTML_VALUE)
  @ResponseBody
  String action(Principal who) {
    return "<span id=\"action-done\">done by " + who.getName().replaceAll("[^a-z]", "") + "</span>";
  }

  @GetMapping(path = "/test/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter pageEvents() {
    return oneEvent("<span id=\"sse-arrived\">live</span>");
  }

  private static SseEmitter oneEvent(String data) {
    SseEmitter emitter = new SseEmitter(5_000L);
    // From another thread, as a real event source would: the response completes in an async
    // dispatch, which must still be authorized.
    new Thread(
            () -> {
              try {
                Thread.sleep(100);
                emitter.send(SseEmitter.event().name("message").data(data));
                emitter.complete();
              } catch (IOException | InterruptedException e) {
                emitter.completeWithError(e);
              }
            })
        .start();
    return emitter;
  }
}
