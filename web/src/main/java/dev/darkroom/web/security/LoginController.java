package dev.darkroom.web.security;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security's form login handles the POST. */
@Controller
class LoginController {

  static final String VIEW = "security/login";

  @GetMapping("/login")
  String login() {
    return VIEW;
  }
}
