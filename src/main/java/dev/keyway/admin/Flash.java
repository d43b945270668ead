package dev.keyway.admin;

import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Messages shown once, on the page after a redirect (POST → redirect → GET). */
final class Flash {

	static final String SUCCESS = "flashSuccess";

	static final String ERROR = "flashError";

	static final String NOTICE = "flashNotice";

	private Flash() {
	}

	static void success(RedirectAttributes redirect, String text) {
		redirect.addFlashAttribute(SUCCESS, text);
	}

	static void error(RedirectAttributes redirect, String text) {
		redirect.addFlashAttribute(ERROR, text);
	}

	static void notice(RedirectAttributes redirect, String text) {
		redirect.addFlashAttribute(NOTICE, text);
	}

}
