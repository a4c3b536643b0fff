package dev.darkroom.web.security;

import jakarta.validation.Valid;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * API tokens over REST, for the admin (the access rules require ADMIN on {@code /api/tokens}; no
 * token is an admin, so this is the signed-in admin's browser session or a script holding it).
 */
@RestController
@RequestMapping("/api/tokens")
class TokenApiController {

  private final ApiTokens tokens;

  TokenApiController(ApiTokens tokens) {
    this.tokens = tokens;
  }

  /** Every token, newest first, revoked and expired ones included (see {@code state}). */
  @GetMapping
  List<TokenView> list() {
    Instant now = Instant.now();
    return tokens.list().stream().map(t -> TokenView.of(t, now)).toList();
  }

  @GetMapping("/{id}")
  TokenView get(@PathVariable long id) {
    return TokenView.of(tokens.get(id), Instant.now());
  }

  /** Creates a token; the answer holds the secret ({@code token}) this once. */
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  ResponseEntity<TokenView> create(@Valid @RequestBody TokenRequest request, Principal user) {
    NewApiToken created =
        tokens.create(request.name(), request.role(), request.expiresAt(), user.getName());
    return ResponseEntity.created(
            ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{id}")
                .buildAndExpand(created.token().id())
                .toUri())
        .body(TokenView.created(created, Instant.now()));
  }

  /** Revokes a token: it stops working at once; it stays listed as REVOKED. */
  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(@PathVariable long id) {
    tokens.revoke(id);
  }
}
