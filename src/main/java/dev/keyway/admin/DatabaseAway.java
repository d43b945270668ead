package dev.keyway.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.keyway.oauth.DatabaseUnavailability;
import dev.keyway.oauth.WarningEvery;

import org.springframework.web.util.HtmlUtils;

/**
 * An admin page the database's absence stopped: a 503 page that says so, instead of a 500 after the error page
 * itself failed (an operator's trial with PostgreSQL stopped: "Something went wrong" and several stack traces a
 * page). Runs before the session filter, whose session load is the first to fail; the page is plain HTML, since
 * the layout's CSRF token needs the session. Logged in one WARN line at most every 10 s, with the count since.
 */
final class DatabaseAway implements Filter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseAway.class);

	private final byte[] page;

	private final WarningEvery warnings = new WarningEvery(Duration.ofSeconds(10));

	DatabaseAway(AdminText text) {
		String title = HtmlUtils.htmlEscape(text.get("databaseAway.title"));
		this.page = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
				+ " · Keyway</title></head><body><main><h1>" + title + "</h1><p>"
				+ HtmlUtils.htmlEscape(text.get("databaseAway.text")) + "</p></main></body></html>")
			.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (!DatabaseUnavailability.is(ex) || response.isCommitted()) {
				throw ex;
			}
			warn((HttpServletRequest) request, ex);
			HttpServletResponse http = (HttpServletResponse) response;
			http.reset();
			http.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			http.setHeader("Retry-After", "5");
			http.setHeader("Cache-Control", "no-store");
			http.setContentType("text/html;charset=UTF-8");
			http.setContentLength(this.page.length);
			http.getOutputStream().write(this.page);
		}
	}

	private void warn(HttpServletRequest request, Exception failure) {
		int more = this.warnings.due();
		if (more < 0) {
			return;
		}
		log.warn("Admin page {} {}: the database is unavailable ({}); admin pages answer 503 meanwhile, logged at most "
				+ "every 10 s{}", request.getMethod(), cut(request.getRequestURI()), failure.toString(),
				WarningEvery.andMore(more, "pages"));
	}

	private static String cut(String path) {
		return (path.length() <= 64) ? path : path.substring(0, 64) + "…";
	}

}
