package dev.keyway.admin;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.HtmlUtils;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * MockMvc over the shared application context (no context of its own), with the real security
 * filters, signed in as an admin of the test's own (never the shared first admin, whose failure
 * count the browser tests rely on).
 */
final class AdminMvc {

	private AdminMvc() {
	}

	static MockMvc mockMvc(WebApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
	}

	/** Creates an admin for a test class. */
	static AdminUser newAdmin(AdminAccounts accounts, String prefix, String password) {
		return accounts.create(prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8), password);
	}

	/** Signs the request in as {@code admin}, as the form login would. */
	static RequestPostProcessor as(AdminUser admin) {
		return authentication(UsernamePasswordAuthenticationToken.authenticated(admin, null,
				List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
	}

	static String body(MvcResult result) throws Exception {
		return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
	}

	/** A text as a Thymeleaf page shows it (quotes and apostrophes escaped). */
	static String html(String text) {
		return HtmlUtils.htmlEscape(text);
	}

	/** The flash attributes a redirect carries to the next page. */
	static Map<String, Object> flash(MvcResult result) {
		return new java.util.LinkedHashMap<>(result.getFlashMap());
	}

	@SuppressWarnings("unchecked")
	static Map<String, String> errors(MvcResult result) {
		return (Map<String, String>) result.getModelAndView().getModel().get("errors");
	}

}
