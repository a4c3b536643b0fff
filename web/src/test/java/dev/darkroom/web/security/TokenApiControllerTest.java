package dev.darkroom.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.testsupport.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The {@code /api/tokens} contract: the controller slice with the real security rules and the real
 * token store on PostgreSQL. Every bad request is a 400 problem that says what to send.
 */
@WebMvcTest(TokenApiController.class)
@Import({SecurityConfiguration.class, ApiTokens.class, ApiTokenRepository.class})
@ImportAutoConfiguration({
  DataSourceAutoConfiguration.class,
  JdbcTemplateAutoConfiguration.class,
  JdbcClientAutoConfiguration.class
})
@WithMockUser(username = "admin", roles = "ADMIN")
class TokenApiControllerTest {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.create("TokenApiControllerTest").registerWith(registry);
  }

  @Autowired MockMvc mvc;
  @Autowired ApiTokens tokens;

  @Test
  void creatingATokenAnswers201WithItsUrlAndTheSecretThisOnce() throws Exception {
    String body =
        create("{\"name\": \"cli on my laptop\", \"role\": \"OPERATOR\"}")
            .andExpect(status().isCreated())
            .andExpect(header().string("Location", containsString("/api/tokens/")))
            .andExpect(jsonPath("$.name").value("cli on my laptop"))
            .andExpect(jsonPath("$.role").value("OPERATOR"))
            .andExpect(jsonPath("$.state").value("ACTIVE"))
            .andExpect(jsonPath("$.token").value(startsWith("drk_")))
            .andExpect(jsonPath("$.prefix").value(startsWith("drk_")))
            .andExpect(jsonPath("$.expiresAt").doesNotExist())
            .andReturn()
            .getResponse()
            .getContentAsString();
    String secret = body.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");

    assertThat(secret).hasSize(47);
    assertThat(tokens.authenticate(secret).name()).isEqualTo("cli on my laptop");
    mvc.perform(get("/api/tokens"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].name").value("cli on my laptop"))
        .andExpect(jsonPath("$[0].token").doesNotExist())
        .andExpect(content().string(org.hamcrest.Matchers.not(containsString(secret))));
  }

  @Test
  void aTokenCanExpire() throws Exception {
    create("{\"name\": \"nightly\", \"role\": \"VIEWER\", \"expiresAt\": \"2099-01-01T00:00:00Z\"}")
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.expiresAt").value("2099-01-01T00:00:00Z"));
  }

  @Test
  void deletingATokenRevokesItAndItStaysListedAsRevoked() throws Exception {
    NewApiToken created = tokens.create("to revoke", ApiTokenRole.VIEWER, null, "admin");
    long id = created.token().id();

    mvc.perform(delete("/api/tokens/{id}", id).with(csrf())).andExpect(status().isNoContent());

    mvc.perform(get("/api/tokens/{id}", id))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.state").value("REVOKED"))
        .andExpect(jsonPath("$.revokedAt").isNotEmpty());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> tokens.authenticate(created.secret()))
        .isInstanceOf(InvalidApiTokenException.class);
  }

  @Test
  void anUnknownTokenIdIs404AndANonNumericOneIs400() throws Exception {
    mvc.perform(delete("/api/tokens/999999").with(csrf()))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/unknown-api-token"))
        .andExpect(jsonPath("$.detail").value(containsString("No API token with id 999999")));
    mvc.perform(get("/api/tokens/abc"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/invalid-parameter"))
        .andExpect(jsonPath("$.parameter").value("id"))
        .andExpect(jsonPath("$.detail").value("'id' must be a whole number, not 'abc'"));
  }

  @Test
  void aRoleThatATokenCannotHaveIsRefusedNamingTheAcceptedOnes() throws Exception {
    create("{\"name\": \"x\", \"role\": \"ADMIN\"}")
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/unreadable-body"))
        .andExpect(
            jsonPath("$.detail")
                .value("'role' has the wrong type: expected one of VIEWER, OPERATOR, not 'ADMIN'"));
  }

  @Test
  void missingFieldsAreNamed() throws Exception {
    create("{\"role\": \"VIEWER\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(startsWith("name: must not be blank")));
    create("{\"name\": \"x\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(startsWith("role: must not be null")));
  }

  @Test
  void malformedJsonAndBadDatesAreA400NotA500() throws Exception {
    create("{\"name\": ").andExpect(status().isBadRequest());
    create("{\"name\": \"x\", \"role\": \"VIEWER\", \"expiresAt\": \"tomorrow\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(containsString("ISO-8601 instant")));
    create(
            "{\"name\": \"x\", \"role\": \"VIEWER\", \"expiresAt\": \""
                + Instant.now().minusSeconds(60)
                + "\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(containsString("expiresAt must be in the future")));
  }

  @Test
  void userInputInAProblemIsJsonEvenWhenTheClientAsksForHtml() throws Exception {
    mvc.perform(get("/api/tokens/<script>").accept(MediaType.TEXT_HTML))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(containsString("not '<script>'")));
  }

  @Test
  @WithMockUser(roles = "OPERATOR")
  void onlyTheAdminManagesTokens() throws Exception {
    mvc.perform(get("/api/tokens")).andExpect(status().isForbidden());
    create("{\"name\": \"x\", \"role\": \"VIEWER\"}").andExpect(status().isForbidden());
  }

  private ResultActions create(String json) throws Exception {
    return mvc.perform(
        post("/api/tokens").with(csrf()).contentType(MediaType.APPLICATION_JSON).content(json));
  }
}
