package dev.keyway.integration;

import java.util.Arrays;
import java.util.List;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.keyway.acl.AclTree;
import dev.keyway.acl.Grant;
import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

@DatabaseIndependent
class IntegrationRulesTests {

	private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

	private final IntegrationRules rules = new IntegrationRules(new AclTree(), VALIDATION.getValidator());

	@AfterAll
	static void close() {
		VALIDATION.close();
	}

	@Test
	void checkWhenMinimalDraftThenNoError() {
		assertThat(check(draft("Shop sync"))).isEmpty();
	}

	@Test
	void checkWhenEveryFieldValidThenNoError() {
		IntegrationDraft draft = new IntegrationDraft("Shop sync", "ops@example.com", "https://partner.example.com/cb",
				"http://partner.example.com/link?x=1", false, List.of("Magento_Cms::page", "Magento_Sales::actions_view"));
		assertThat(check(draft)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t \n" })
	void checkWhenNameBlankThenRequired(String name) {
		assertThat(check(draft(name)))
			.containsExactly(new FieldError("name", "\"Name\" is required. Enter and try again."));
	}

	@Test
	void checkWhenNameNullThenRequired() {
		assertThat(check(draft(null)))
			.containsExactly(new FieldError("name", "\"Name\" is required. Enter and try again."));
	}

	@Test
	void checkWhenName255CharactersThenAcceptedAnd256ThenError() {
		assertThat(check(draft("n".repeat(255)))).isEmpty();
		assertThat(check(draft("n".repeat(256))))
			.containsExactly(new FieldError("name", "Name must be at most 255 characters; got 256 characters."));
	}

	@Test
	void cleanWhenValuesHaveSpacesThenTrimmedAndBlanksAreNull() {
		IntegrationDraft cleaned = this.rules.clean(new IntegrationDraft("  Shop sync  ", "  ", " https://a.example/cb ",
				"", false, List.of(" Magento_Cms::page ", "", "Magento_Cms::page", "Magento_Cms::block")));
		assertThat(cleaned.name()).isEqualTo("Shop sync");
		assertThat(cleaned.email()).isNull();
		assertThat(cleaned.endpoint()).isEqualTo("https://a.example/cb");
		assertThat(cleaned.identityLinkUrl()).isNull();
		assertThat(cleaned.resources()).containsExactly("Magento_Cms::page", "Magento_Cms::block");
	}

	@Test
	void checkWhenNameHasSpacesAround255CharactersThenLengthCountedAfterTrim() {
		assertThat(check(draft("  " + "n".repeat(255) + "  "))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ops@example.com", "first.last+tag@sub.example.co.uk", "o'hara@example.org" })
	void checkWhenEmailValidThenNoError(String email) {
		assertThat(check(withEmail(email))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "not-an-email", "a@b", "@example.com", "a@", "a b@example.com", "a@@example.com",
			"a@example..com" })
	void checkWhenEmailInvalidThenErrorShowingTheValue(String email) {
		assertThat(check(withEmail(email))).containsExactly(new FieldError("email",
				"Email must be a valid email address of at most 254 characters; got \"" + email + "\"."));
	}

	@Test
	void checkWhenEmail254CharactersThenAcceptedAnd255ThenError() {
		String domain = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(57) + ".com";
		String email254 = "l".repeat(64) + "@" + domain;
		assertThat(email254).hasSize(254);
		assertThat(check(withEmail(email254))).isEmpty();
		String email255 = "l".repeat(64) + "@d" + domain;
		assertThat(email255).hasSize(255);
		assertThat(check(withEmail(email255))).containsExactly(new FieldError("email",
				"Email must be a valid email address of at most 254 characters; got \"" + email255.substring(0, 64)
						+ "…\" (255 characters)."));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://partner.example.com/cb", "http://localhost:8081/cb?x=1", "HTTPS://EXAMPLE.COM",
			"http://192.0.2.1/" })
	void checkWhenUrlsValidThenNoError(String url) {
		assertThat(check(withUrls(url, url))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://example.com/cb", "example.com/cb", "/relative/cb", "http://", "https:///path",
			"javascript:alert(1)", "http://exa mple.com/", "mailto:ops@example.com" })
	void checkWhenCallbackUrlInvalidThenErrorShowingTheValue(String url) {
		assertThat(check(withUrls(url, null))).containsExactly(new FieldError("endpoint",
				"Callback URL must be an absolute http:// or https:// URL of at most 255 characters; got \"" + url + "\"."));
	}

	@Test
	void checkWhenRefusedUrlHoldsUserInfoThenErrorShowsNoPassword() {
		// the integrations file's refusal of such an entry stops the start-up and is logged
		assertThat(check(withUrls("https://erp:p@ss-w0rd@partner.example.com/cb", "https://erp:s3cret@partner.example.com/"
				+ "p".repeat(300))))
			.extracting(FieldError::message)
			.containsExactly("Callback URL must be an absolute http:// or https:// URL of at most 255 characters; got "
					+ "\"https://(user info)@partner.example.com/cb\".",
					"Identity link URL must be an absolute http:// or https:// URL of at most 255 characters; got "
							+ "\"https://(user info)@partner.example.com/" + "p".repeat(24) + "…\" (340 characters).");
	}

	@Test
	void checkWhenIdentityLinkUrlInvalidThenErrorOnItsField() {
		assertThat(check(withUrls(null, "ftp://example.com/link"))).containsExactly(new FieldError("identity_link_url",
				"Identity link URL must be an absolute http:// or https:// URL of at most 255 characters; got "
						+ "\"ftp://example.com/link\"."));
	}

	@Test
	void checkWhenUrl255CharactersThenAcceptedAnd256ThenError() {
		String prefix = "https://example.com/";
		String url255 = prefix + "p".repeat(255 - prefix.length());
		String url256 = url255 + "p";
		assertThat(check(withUrls(url255, url255))).isEmpty();
		assertThat(check(withUrls(url256, null))).extracting(FieldError::field).containsExactly("endpoint");
	}

	@Test
	void checkWhenResourceUnknownThenOneErrorPerUnknownId() {
		IntegrationDraft draft = new IntegrationDraft("n", null, null, null, false,
				List.of("Magento_Cms::page", "Magento_Foo::bar", "Magento_Backend::all"));
		assertThat(check(draft)).containsExactly(
				new FieldError("resources", "Resource \"Magento_Foo::bar\" is not in the ACL resource tree."),
				new FieldError("resources", "Resource \"Magento_Backend::all\" is not in the ACL resource tree."));
	}

	@Test
	void checkWhenEmailIsLongThenErrorShowsItsFirst64CharactersAndLength() {
		String email = "x".repeat(10_000) + "@example.com";
		assertThat(check(withEmail(email))).containsExactly(new FieldError("email",
				"Email must be a valid email address of at most 254 characters; got \"" + "x".repeat(64)
						+ "…\" (10012 characters)."));
	}

	@Test
	void checkWhenCallbackUrlIsLongThenErrorShowsItsFirst64CharactersAndLength() {
		String url = "https://example.com/" + "p".repeat(10_000);
		assertThat(check(withUrls(url, null))).singleElement().satisfies((error) -> {
			assertThat(error.field()).isEqualTo("endpoint");
			assertThat(error.message()).startsWith("Callback URL must be an absolute http:// or https:// URL of at most "
					+ "255 characters; got \"" + url.substring(0, 64) + "…\" (10020 characters).")
				.hasSizeLessThan(200);
		});
	}

	@Test
	void checkWhenUnknownResourceIsLongThenErrorShowsItsFirst64CharactersAndLength() {
		String resource = "Magento_Foo::" + "b".repeat(10_000);
		assertThat(check(new IntegrationDraft("n", null, null, null, false, List.of(resource)))).containsExactly(
				new FieldError("resources", "Resource \"" + resource.substring(0, 64)
						+ "…\" (10013 characters) is not in the ACL resource tree."));
	}

	@Test
	void checkWhenAllResourcesThenListedResourcesAreNotChecked() {
		IntegrationDraft draft = new IntegrationDraft("n", null, null, null, true, List.of("Magento_Foo::bar"));
		assertThat(check(draft)).isEmpty();
	}

	@Test
	void checkWhenSeveralFieldsBrokenThenErrorsInFieldOrder() {
		IntegrationDraft draft = new IntegrationDraft(" ", "bad", "ftp://x.example", "nope", false,
				List.of("Magento_Foo::bar"));
		assertThat(check(draft)).extracting(FieldError::field)
			.containsExactly("name", "email", "endpoint", "identity_link_url", "resources");
	}

	@Test
	void grantOfWhenCustomThenCheckedResourcesWithDescendants() {
		IntegrationDraft draft = new IntegrationDraft("n", null, null, null, false,
				List.of("Magento_Cms::page", "Magento_Sales::actions_view"));
		assertThat(this.rules.grantOf(draft)).isEqualTo(Grant.custom(
				List.of("Magento_Cms::page", "Magento_Cms::save", "Magento_Cms::page_delete", "Magento_Sales::actions_view")));
	}

	@Test
	void grantOfWhenAllThenAll() {
		assertThat(this.rules.grantOf(new IntegrationDraft("n", null, null, null, true, List.of("Magento_Cms::page"))))
			.isEqualTo(Grant.allResources());
	}

	@Test
	void validUrlWhenCheckedDirectlyThenSchemeAndHostRequired() {
		assertThat(Arrays.asList("https://a.example", "http://a.example:8080/x")).allMatch(IntegrationRules::validUrl);
		assertThat(Arrays.asList("https://", "a.example", "file:///etc/passwd")).noneMatch(IntegrationRules::validUrl);
	}

	private List<FieldError> check(IntegrationDraft draft) {
		return this.rules.check(this.rules.clean(draft));
	}

	private static IntegrationDraft draft(String name) {
		return new IntegrationDraft(name, null, null, null, false, List.of());
	}

	private static IntegrationDraft withEmail(String email) {
		return new IntegrationDraft("n", email, null, null, false, List.of());
	}

	private static IntegrationDraft withUrls(String endpoint, String identityLink) {
		return new IntegrationDraft("n", null, endpoint, identityLink, false, List.of());
	}

}
