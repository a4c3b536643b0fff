package dev.darkroom.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The role table with the real filter chains, for each role, the way other features' tests sign in
 * ({@code @WithMockUser(roles = ...)}, {@code .with(csrf())}): VIEWER reads, OPERATOR changes
 * state, ADMIN manages tokens; each role includes the ones below it.
 */
@SpringBootTest(classes = SecurityTestApplication.class)
@AutoConfigureMockMvc
class AccessRulesTest {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    TestDatabase.create("AccessRulesTest").registerWith(registry);
    Path dataDir = Files.createTempDirectory("darkroom-rules-test");
    registry.add("darkroom.data-dir", dataDir::toString);
  }

  @Autowired MockMvc mvc;

  @Test
  @WithMockUser(roles = "VIEWER")
  void aViewerReadsPagesAndTheApiButChangesNothing() throws Exception {
    mvc.perform(get("/test/page")).andExpect(status().isOk());
    mvc.perform(get("/api/test/ping")).andExpect(status().isOk());

    mvc.perform(post("/test/action").with(csrf())).andExpect(status().isForbidden());
    mvc.perform(post("/api/test/ping").with(csrf()))
        .andExpect(status().isForbidden())
        .andExpect(content().contentType("application/problem+json"))
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("OPERATOR")));
    mvc.perform(delete("/api/test/ping").with(csrf())).andExpect(status().isForbidden());
  }

  @Test
  @WithMockUser(roles = "VIEWER")
  void aViewerDoesNotSeeOperatorButtons() throws Exception {
    String page = mvc.perform(get("/test/page")).andReturn().getResponse().getContentAsString();

    assertThat(page).doesNotContain("id=\"operator-only\"");
  }

  @Test
  @WithMockUser(roles = "OPERATOR")
  void anOperatorAlsoReadsAsAViewerAndChangesState() throws Exception {
    String page = mvc.perform(get("/test/page")).andReturn().getResponse().getContentAsString();
    assertThat(page).contains("id=\"operator-only\"");

    mvc.perform(post("/test/action").with(csrf())).andExpect(status().isOk());
    mvc.perform(post("/api/test/ping").with(csrf())).andExpect(status().isOk());
  }

  @Test
  @WithMockUser(roles = "OPERATOR")
  void anOperatorDoesNotManageTokens() throws Exception {
    mvc.perform(get("/account")).andExpect(status().isForbidden());
    mvc.perform(get("/api/tokens"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("ADMIN")));
  }

  @Test
  @WithMockUser(username = "admin", roles = "ADMIN")
  void theAdminDoesEverything() throws Exception {
    mvc.perform(get("/test/page")).andExpect(status().isOk());
    mvc.perform(post("/api/test/ping").with(csrf())).andExpect(status().isOk());
    mvc.perform(get("/api/tokens")).andExpect(status().isOk());
    mvc.perform(get("/account")).andExpect(status().isOk());
  }

  @Test
  @WithMockUser(roles = "OPERATOR")
  void aStateChangeWithoutTheCsrfTokenIsRefusedWhateverTheRole() throws Exception {
    mvc.perform(post("/test/action")).andExpect(status().isForbidden());
    mvc.perform(post("/api/test/ping"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/csrf"));
  }

  @Test
  void withoutSignInPagesRedirectAndTheApiAnswers401() throws Exception {
    mvc.perform(get("/test/page"))
        .andExpect(status().isFound())
        .andExpect(
            result -> assertThat(result.getResponse().getRedirectedUrl()).endsWith("/login"));
    mvc.perform(get("/api/test/ping")).andExpect(status().isUnauthorized());
  }
}
