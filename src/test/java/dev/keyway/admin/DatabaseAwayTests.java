package dev.keyway.admin;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import org.springframework.context.support.StaticMessageSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** An admin page the database's absence stopped: a 503 page that says so, not "Something went wrong" and traces. */
@DatabaseIndependent
class DatabaseAwayTests {

	private final DatabaseAway filter = new DatabaseAway(new AdminText(messages()));

	@Test
	void doFilterWhenDatabaseUnavailableThen503PageThatSaysSo() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(new MockHttpServletRequest("GET", "/admin/login"), response, (request, answer) -> {
			throw new IllegalStateException("session load failed",
					new DataAccessResourceFailureException("Connection is not available, request timed out after 2000ms"));
		});

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("5");
		assertThat(response.getContentType()).isEqualTo("text/html;charset=UTF-8");
		assertThat(response.getContentAsString()).contains("<h1>The database &lt;is&gt; away</h1>")
			.contains("Try again.").doesNotContain("Exception");
	}

	@Test
	void doFilterWhenAnotherFailureThenItGoesOnAsItWas() {
		assertThatIllegalStateException().isThrownBy(() -> this.filter.doFilter(
				new MockHttpServletRequest("GET", "/admin/integrations"), new MockHttpServletResponse(), (request, answer) -> {
					throw new IllegalStateException("a defect");
				}))
			.withMessage("a defect");
	}

	@Test
	void doFilterWhenAnswerBegunThenFailureGoesOn() {
		MockHttpServletResponse begun = new MockHttpServletResponse();
		begun.setCommitted(true);
		assertThatIllegalStateException().isThrownBy(() -> this.filter.doFilter(
				new MockHttpServletRequest("GET", "/admin/audit"), begun, (request, answer) -> {
					throw new IllegalStateException("late", new DataAccessResourceFailureException("gone"));
				}));
	}

	private static StaticMessageSource messages() {
		StaticMessageSource messages = new StaticMessageSource();
		messages.addMessage("databaseAway.title", Locale.ENGLISH, "The database <is> away");
		messages.addMessage("databaseAway.text", Locale.ENGLISH, "Try again.");
		return messages;
	}

}
