package dev.keyway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.openqa.selenium.JavascriptExecutor;

/**
 * axe-core (Deque, npm package {@code axe-core}, kept unmodified in {@code src/test/resources/axe/})
 * run inside the browser session: injects {@code axe.min.js} into the current page and lists the
 * WCAG 2.2 A/AA violations, each with the CSS targets of its nodes, for an assertion message.
 */
public final class Axe {

	/** The rule tags checked: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
	public static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

	private static final String SOURCE = load();

	private static final String RUN = """
			var done = arguments[arguments.length - 1];
			axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
				.then(function (results) {
					done(results.violations.map(function (v) {
						return v.id + ' (' + v.impact + '): ' + v.help + ' -> ' + v.nodes.map(function (n) {
							return n.target.join(' ') + ' [' + (n.failureSummary || '').replace(/\\s+/g, ' ') + ']';
						}).join('; ');
					}));
				})
				.catch(function (error) { done(['axe failed: ' + error]); });
			""";

	private Axe() {
	}

	/** The violations on the browser's current page (empty when there are none). */
	@SuppressWarnings("unchecked")
	public static List<String> violations(AdminBrowser browser) {
		JavascriptExecutor js = (JavascriptExecutor) browser.driver();
		if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
			js.executeScript(SOURCE);
		}
		Object result = js.executeAsyncScript(RUN, TAGS);
		return (List<String>) result;
	}

	private static String load() {
		try (InputStream in = Axe.class.getResourceAsStream("/axe/axe.min.js")) {
			if (in == null) {
				throw new IllegalStateException("axe/axe.min.js is missing from the test class path");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
