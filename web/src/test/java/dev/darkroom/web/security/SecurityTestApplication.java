package dev.darkroom.web.security;

import dev.darkroom.web.api.ApiProblemHandler;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The server's security as it is, on a smaller application: this package (main and test: the
 * configuration, accounts, tokens, pages, and {@link SecuredTestController}'s stand-in endpoints),
 * the shared layout, problem details and API description ({@code dev.darkroom.web.api}), Spring
 * MVC, Thymeleaf, JDBC — without Temporal and the batch jobs, which the security rules do not
 * depend on.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(
    basePackageClasses = {SecurityConfiguration.class, ApiProblemHandler.class},
    excludeFilters =
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
class SecurityTestApplication {}
