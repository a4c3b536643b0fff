package dev.darkroom.web.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3 description served at {@code /v3/api-docs} (browsable at {@code /swagger-ui}).
 * Every {@code /api} call takes a bearer API token; the browser UI uses its session instead.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static final String BEARER = "bearer-token";

  @Bean
  ApiDocumentTruths apiDocumentTruths() {
    return new ApiDocumentTruths();
  }

  @Bean
  NullableComponents nullableComponents() {
    return new NullableComponents();
  }

  @Bean
  OpenAPI darkroomOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Darkroom API")
                .version("v1")
                .description(
                    "Start and steer runs, search assets with the query language, read artifacts"
                        + " and their lineage. Errors are RFC 9457 problem details.")
                .license(new License().name("Apache-2.0")))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("An API token from the Account page or POST /api/tokens")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER));
  }
}
