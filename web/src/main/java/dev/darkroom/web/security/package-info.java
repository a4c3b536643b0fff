/**
 * Who may do what: the admin account, API tokens, the access rules for pages and {@code /api}, CSRF
 * and the security headers. docs/security.md describes it for operators.
 */
@NullMarked
package dev.darkroom.web.security;

import org.jspecify.annotations.NullMarked;
