package dev.keyway.admin;

import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Sign-in page; {@code /} and {@code /admin} lead to the integrations grid. A failed sign-in has one
 * message whatever the cause (wrong password, unknown user name, locked account), so the page never
 * tells which user names exist; it says how long a lock lasts, from the runtime settings.
 */
@AdminUi
@Controller
class LoginController {

	private final RuntimeSettings settings;

	private final AdminText text;

	LoginController(RuntimeSettings settings, AdminText text) {
		this.settings = settings;
		this.text = text;
	}

	@GetMapping(AdminPaths.LOGIN)
	String login(Model model) {
		int maxFailures = this.settings.number(Setting.MAX_LOGIN_FAILURES);
		String lockTime = duration(this.settings.number(Setting.LOCKOUT_TIME));
		model.addAttribute("failedMessage", (maxFailures == 0) ? this.text.get("login.error")
				: this.text.get("login.errorWithLock", maxFailures, lockTime));
		model.addAttribute("lockedMessage", this.text.get("login.locked", lockTime));
		return AdminViews.LOGIN;
	}

	@GetMapping({ "/", AdminPaths.HOME, AdminPaths.HOME + "/" })
	String home() {
		return AdminPaths.redirect(AdminPaths.GRID);
	}

	/** "30 minutes", "2 hours", "90 seconds": the largest whole unit. */
	private String duration(int seconds) {
		if (seconds % 3600 == 0) {
			return this.text.get("duration.hours", seconds / 3600);
		}
		if (seconds % 60 == 0) {
			return this.text.get("duration.minutes", seconds / 60);
		}
		return this.text.get("duration.seconds", seconds);
	}

}
