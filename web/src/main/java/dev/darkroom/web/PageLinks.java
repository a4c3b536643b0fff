package dev.darkroom.web;

import jakarta.servlet.http.HttpServletRequest;
import org.unbescape.uri.UriEscape;

/**
 * Links that pages build in Java for rows they repeat many times (ADR 0031): the same text
 * Thymeleaf's {@code @{/path(q=${value})}} writes (context path, then the query parameter escaped
 * by the same unbescape call), without a link expression per row. Only for links to pages, never to
 * static resources, which go through {@link StaticResourceUrls}.
 */
public final class PageLinks {

  private final String contextPath;

  private PageLinks(String contextPath) {
    this.contextPath = contextPath;
  }

  public static PageLinks of(HttpServletRequest request) {
    return new PageLinks(request.getContextPath());
  }

  /** The context path and {@code path}, which must start with a slash and need no escaping. */
  public String path(String path) {
    return contextPath + path;
  }

  /** {@code path?name=value}, the value escaped as a URI query parameter. */
  public String path(String path, String name, String value) {
    return contextPath + path + '?' + name + '=' + UriEscape.escapeUriQueryParam(value);
  }
}
