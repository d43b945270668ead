package dev.keyway.webapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@DatabaseIndependent
class PathTemplateTests {

	@Test
	void ofWhenPathStartsWithV1ThenSegments() {
		PathTemplate template = PathTemplate.of("/V1/integrations/:id/activate");
		assertThat(template.text()).isEqualTo("/V1/integrations/:id/activate");
		assertThat(template.segments()).containsExactly("V1", "integrations", ":id", "activate");
	}

	@Test
	void ofWhenPathDoesNotStartWithV1ThenClearError() {
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.of("/integrations"))
			.withMessage("A route path starts with /V1/; got \"/integrations\"");
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.of("V1/integrations"))
			.withMessage("A route path starts with /V1/; got \"V1/integrations\"");
	}

	@Test
	void ofWhenLongPathDoesNotStartWithV1ThenErrorShowsItsFirst64CharactersAndLength() {
		String path = "/" + "p".repeat(10_000);
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.of(path))
			.withMessage("A route path starts with /V1/; got \"" + path.substring(0, 64) + "…\" (10001 characters)");
	}

	@Test
	void segmentsWhenLongSegmentHasMalformedEscapeThenErrorShowsItsFirst64CharactersAndLength() {
		String segment = "s".repeat(10_000) + "%zz";
		org.assertj.core.api.Assertions.assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> CallAuthorizer.segments("/V1/products/" + segment))
			.withMessage("The URL path has a malformed percent-encoding in \"" + "s".repeat(64)
					+ "… (10003 characters)\".");
	}

	@Test
	void matchWhenLiteralPathEqualThenNoVariables() {
		assertThat(PathTemplate.of("/V1/integrations").match(List.of("V1", "integrations"))).isEqualTo(Map.of());
	}

	@Test
	void matchWhenVariablesThenTheirValuesInOrder() {
		Map<String, String> variables = PathTemplate.of("/V1/products/:sku/media/:entryId")
			.match(List.of("V1", "products", "24-MB01", "media", "7"));
		assertThat(variables).containsExactly(Map.entry("sku", "24-MB01"), Map.entry("entryId", "7"));
	}

	@Test
	void matchWhenVariableHoldsDecodedSlashOrSpaceThenKeptAsIs() {
		assertThat(PathTemplate.of("/V1/products/:sku").match(List.of("V1", "products", "a/b c")))
			.containsEntry("sku", "a/b c");
	}

	@Test
	void matchWhenLiteralDiffersThenNull() {
		assertThat(PathTemplate.of("/V1/integrations").match(List.of("V1", "integration"))).isNull();
		assertThat(PathTemplate.of("/V1/integrations").match(List.of("V1", "Integrations"))).as("case-sensitive")
			.isNull();
	}

	@Test
	void matchWhenSegmentCountDiffersThenNull() {
		PathTemplate template = PathTemplate.of("/V1/integrations/:id");
		assertThat(template.match(List.of("V1", "integrations"))).isNull();
		assertThat(template.match(List.of("V1", "integrations", "1", "activate"))).isNull();
	}

	@Test
	void matchWhenVariableSegmentEmptyThenNull() {
		assertThat(PathTemplate.of("/V1/integrations/:id").match(List.of("V1", "integrations", ""))).isNull();
	}

	@Test
	void mostSpecificFirstWhenALiteralMeetsAVariableThenLiteralFirstReadingLeftToRight() {
		List<PathTemplate> templates = new ArrayList<>(List.of(PathTemplate.of("/V1/:a/:b"),
				PathTemplate.of("/V1/cmsPage/:id"), PathTemplate.of("/V1/products/:sku/media"),
				PathTemplate.of("/V1/products/attributes/:code"), PathTemplate.of("/V1/cmsPage/search")));
		templates.sort(PathTemplate.MOST_SPECIFIC_FIRST);
		assertThat(templates.stream().map(PathTemplate::text)).containsExactly("/V1/products/attributes/:code",
				"/V1/cmsPage/search", "/V1/cmsPage/:id", "/V1/products/:sku/media", "/V1/:a/:b");
	}

	@Test
	void variablesWhenTemplateHasSomeThenNamesInOrder() {
		assertThat(PathTemplate.of("/V1/a/:first/b/:second").variables()).containsExactly("first", "second");
		assertThat(PathTemplate.of("/V1/a").variables()).isEmpty();
	}

	@Test
	void matchWhenTheRequestEscapesWhatTheTemplateWritesRawThenMatchedPastTheFirewall() {
		// a review of the gateway file's route path check: a route written /V1/erp/café (or with a space or '|') matches
		// the escaped request a client sends, so the check must accept it (a first version refused it)
		for (String[] call : List.of(new String[] { "/rest/V1/erp/caf%C3%A9", "/rest/V1/erp/café", "/V1/erp/café" },
				new String[] { "/rest/V1/erp/a%20b", "/rest/V1/erp/a b", "/V1/erp/a b" },
				new String[] { "/rest/V1/erp/a%7Cb", "/rest/V1/erp/a|b", "/V1/erp/a|b" })) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", call[0]);
			request.setServletPath(call[1]);
			new StrictHttpFirewall().getFirewalledRequest(request); // RequestRejectedException when refused
			List<String> segments = CallAuthorizer.segments(call[0].substring("/rest".length()));
			assertThat(PathTemplate.of(call[2]).match(segments)).as(call[0]).isNotNull();
		}
	}

}
