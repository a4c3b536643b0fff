package dev.darkroom.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Static-resource URL rewriting for the links pages write, limited to links that can name a static
 * resource.
 *
 * <p>With webjars-locator-lite on the class path, Spring Boot registers a {@link
 * ResourceUrlEncodingFilter} so that {@code @{/webjars/htmx.org/dist/htmx.min.js}} resolves to the
 * versioned path. That filter sends <em>every</em> {@code @{...}} link through the resource
 * resolvers, and the {@code /**} static mapping matches them all: {@code /assets/42}, {@code
 * /runs/1}, {@code /batch/executions/7} are each looked up in four class-path locations, which in
 * the packaged jar searches every nested jar; misses are not cached. The profile of the asset grid,
 * the run page and the Batch job page showed 40 to 60% of the server's CPU there (60 to 300 links a
 * page). This filter, which replaces Boot's (it backs off when a {@code ResourceUrlEncodingFilter}
 * is registered), resolves only links whose last path segment has a file extension — every static
 * resource this server has — and passes the others on unchanged.
 */
@Configuration(proxyBeanMethods = false)
class StaticResourceUrls {

  @Bean
  FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
    FilterRegistrationBean<ResourceUrlEncodingFilter> registration =
        new FilterRegistrationBean<>(new FileUrlEncodingFilter());
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
    return registration;
  }

  /** Whether the URL's path (before any query or fragment) ends in a name with an extension. */
  static boolean mayNameResource(String url) {
    int end = url.length();
    int query = url.indexOf('?');
    if (query >= 0) {
      end = query;
    }
    int fragment = url.indexOf('#');
    if (fragment >= 0 && fragment < end) {
      end = fragment;
    }
    int slash = url.lastIndexOf('/', end - 1);
    int dot = url.indexOf('.', slash + 1);
    return dot >= 0 && dot < end;
  }

  /** {@link ResourceUrlEncodingFilter} for file-like links only. */
  static final class FileUrlEncodingFilter extends ResourceUrlEncodingFilter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      super.doFilter(
          request,
          response,
          (req, res) ->
              chain.doFilter(
                  req,
                  res instanceof HttpServletResponseWrapper resolving
                      ? new FileUrlsOnly(resolving)
                      : res));
    }
  }

  /** Sends file-like URLs to the resolving wrapper, the rest past it. */
  private static final class FileUrlsOnly extends HttpServletResponseWrapper {

    private final HttpServletResponseWrapper resolving;

    FileUrlsOnly(HttpServletResponseWrapper resolving) {
      super(resolving);
      this.resolving = resolving;
    }

    @Override
    public String encodeURL(String url) {
      return mayNameResource(url)
          ? resolving.encodeURL(url)
          : ((HttpServletResponse) resolving.getResponse()).encodeURL(url);
    }
  }
}
