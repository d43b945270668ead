package dev.keyway.admin;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Sign-in page; {@code /} and {@code /admin} lead to the integrations grid. */
@Controller
class LoginController {

	@GetMapping(AdminPaths.LOGIN)
	String login() {
		return AdminViews.LOGIN;
	}

	@GetMapping({ "/", AdminPaths.HOME, AdminPaths.HOME + "/" })
	String home() {
		return AdminPaths.redirect(AdminPaths.GRID);
	}

}
