package dev.keyway.integration;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;

import dev.keyway.acl.AclTree;
import dev.keyway.acl.Grant;
import dev.keyway.oauth.EchoedValue;
import dev.keyway.outbound.OutboundPolicy;

import org.springframework.stereotype.Component;

/**
 * The server-side rules of SPEC 2.1 for a submitted integration. Each message names the broken rule
 * and shows the value, cut after 64 characters ({@link EchoedValue}: a refused value may be a megabyte). E-mail syntax is Hibernate Validator's, plus a dot in the domain.
 */
@Component
class IntegrationRules {

	static final int NAME_MAX = 255;

	static final int EMAIL_MAX = 254;

	static final int URL_MAX = 255;

	private final AclTree tree;

	private final Validator validator;

	IntegrationRules(AclTree tree, Validator validator) {
		this.tree = tree;
		this.validator = validator;
	}

	/** A draft with blank values turned into nulls and names trimmed. */
	IntegrationDraft clean(IntegrationDraft draft) {
		return new IntegrationDraft(trimToNull(draft.name()), trimToNull(draft.email()), trimToNull(draft.endpoint()),
				trimToNull(draft.identityLinkUrl()), draft.allResources(),
				draft.resources().stream().map(String::strip).filter((id) -> !id.isEmpty()).distinct().toList(),
				draft.exactResources());
	}

	/** Every broken rule of a cleaned draft, in field order. */
	List<FieldError> check(IntegrationDraft draft) {
		List<FieldError> errors = new ArrayList<>();
		if (draft.name() == null) {
			errors.add(new FieldError("name", "\"Name\" is required. Enter and try again."));
		}
		else if (draft.name().length() > NAME_MAX) {
			errors.add(new FieldError("name", "Name must be at most %d characters; got %d characters."
				.formatted(NAME_MAX, draft.name().length())));
		}
		checkPrintable("name", "Name", draft.name(), errors);
		if (draft.email() != null && checkPrintable("email", "Email", draft.email(), errors) && !validEmail(draft.email())) {
			errors.add(new FieldError("email", "Email must be a valid email address of at most %d characters; got %s."
				.formatted(EMAIL_MAX, EchoedValue.shown(draft.email()))));
		}
		if (checkPrintable("endpoint", "Callback URL", draft.endpoint(), errors)) {
			checkUrl("endpoint", "Callback URL", draft.endpoint(), errors);
		}
		if (checkPrintable("identity_link_url", "Identity link URL", draft.identityLinkUrl(), errors)) {
			checkUrl("identity_link_url", "Identity link URL", draft.identityLinkUrl(), errors);
		}
		if (!draft.allResources()) {
			for (String unknown : this.tree.unknown(draft.resources())) {
				errors.add(new FieldError("resources",
						"Resource %s is not in the ACL resource tree.".formatted(EchoedValue.shown(unknown))));
			}
		}
		return errors;
	}

	/**
	 * The grant a valid draft asks for: All, or the checked resources (exactly those from the admin
	 * form, whose tree already checked the subtree the admin saw checked, issue 12.1; with their
	 * descendants from the management API and declared integrations). With All, only the checked
	 * management resources are kept (All never includes them, issue 11.1).
	 */
	Grant grantOf(IntegrationDraft draft) {
		return new Grant(draft.allResources(), draft.exactResources() ? new LinkedHashSet<>(draft.resources())
				: this.tree.withDescendants(draft.resources()));
	}

	/** False (and an error) when the value holds a control character, which no field accepts. */
	private static boolean checkPrintable(String field, String label, String value, List<FieldError> errors) {
		if (value == null) {
			return true;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c)) {
				errors.add(new FieldError(field, "%s must not contain control characters; found U+%04X at position %d."
					.formatted(label, (int) c, i + 1)));
				return false;
			}
		}
		return true;
	}

	private boolean validEmail(String email) {
		return email.length() <= EMAIL_MAX && this.validator.validateValue(EmailValue.class, "value", email).isEmpty();
	}

	private static void checkUrl(String field, String label, String url, List<FieldError> errors) {
		if (url != null && !validUrl(url)) {
			// without its user info: a declared entry's refusal stops the start-up and is logged
			errors.add(new FieldError(field, "%s must be an absolute http:// or https:// URL of at most %d characters; got %s."
				.formatted(label, URL_MAX, EchoedValue.shown(OutboundPolicy.withoutUserInfo(url)))));
		}
	}

	static boolean validUrl(String url) {
		if (url.length() > URL_MAX) {
			return false;
		}
		try {
			URI uri = new URI(url);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			return Set.of("http", "https").contains(scheme) && uri.getHost() != null && !uri.getHost().isEmpty();
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private static String trimToNull(String value) {
		if (value == null) {
			return null;
		}
		String trimmed = value.strip();
		return trimmed.isEmpty() ? null : trimmed;
	}

	/** Holder for Bean Validation's e-mail rule; a dot is required in the domain, as mail needs one. */
	record EmailValue(@Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+") String value) {
	}

}
