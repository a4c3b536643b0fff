package dev.darkroom.web.api;

import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The error answers outside Spring MVC: {@link ApiErrorPages} in the place of Boot's error
 * controller, {@link MalformedQueryFilter} and {@link BodySizeLimitFilter} in front of the API, and
 * {@link ProblemErrorReportValve} in the place of Tomcat's HTML error report.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({WebProperties.class, ApiProperties.class})
class ApiErrorConfiguration {

  @Bean
  FilterRegistrationBean<MalformedQueryFilter> malformedQueryFilter() {
    FilterRegistrationBean<MalformedQueryFilter> registration =
        new FilterRegistrationBean<>(new MalformedQueryFilter());
    registration.addUrlPatterns("/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(ApiProperties properties) {
    FilterRegistrationBean<BodySizeLimitFilter> registration =
        new FilterRegistrationBean<>(new BodySizeLimitFilter(properties.maxBodySize().toBytes()));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
    return factory ->
        factory.addContextCustomizers(
            context -> {
              if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
              }
            });
  }

  @Bean
  ApiErrorPages apiErrorPages(
      ErrorAttributes errorAttributes,
      WebProperties webProperties,
      ObjectProvider<ErrorViewResolver> errorViewResolvers) {
    return new ApiErrorPages(
        errorAttributes, webProperties, errorViewResolvers.orderedStream().toList());
  }
}
