package dev.keyway.integration;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.keyway.oauth.ConfiguredFile;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import dev.keyway.acl.AclTree;
import dev.keyway.acl.Grant;
import dev.keyway.oauth.EchoedValue;

/**
 * Reads the integrations file (SPEC 2.7) into {@link DeclaredIntegrations.Declared} entries: every entry checked
 * against the rules of 2.1 and the file's own (keys, guardrails), each refusal naming the file, the entry and the
 * rule ({@link IntegrationsFileRefused}); nothing is written. {@link DeclaredIntegrations} applies what it reads.
 */
final class IntegrationsFileReader {

	private static final Set<String> KEYS = Set.of("name", "email", "endpoint", "identity_link_url", "all_resources",
			"resources", "rate_limit", "ip_allowlist", "expires_at", "lifecycle_webhooks");

	private static final Set<String> RATE_LIMIT_KEYS = Set.of("per_second", "per_minute", "burst");

	private final IntegrationService service;

	private final AclTree tree;

	IntegrationsFileReader(IntegrationService service, AclTree tree) {
		this.service = service;
		this.tree = tree;
	}

	List<DeclaredIntegrations.Declared> read(Path file) {
		ConfiguredFile.problem(file).ifPresent((problem) -> {
			throw new IntegrationsFileRefused(
					"Cannot read the integrations file " + file + " (keyway.integrations-file): " + problem);
		});
		Object document;
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			// a key given twice is refused: SnakeYAML would keep the last one silently (a second all_resources or
			// ip_allowlist would change an integration's grant or guardrails without a word)
			LoaderOptions options = new LoaderOptions();
			options.setAllowDuplicateKeys(false);
			document = new Yaml(new SafeConstructor(options)).load(reader);
		}
		catch (IOException ex) {
			throw new IntegrationsFileRefused("Cannot read the integrations file " + file + " (keyway.integrations-file): "
					+ ConfiguredFile.reason(ex), ex);
		}
		catch (YAMLException ex) {
			throw new IntegrationsFileRefused("The integrations file " + file + " is not valid YAML: " + ex.getMessage(),
					ex);
		}
		return parse(document, file.toString());
	}

	List<DeclaredIntegrations.Declared> parse(Object document, String source) {
		if (document == null) {
			// an empty (or truncated) file would remove every config integration and revoke its credentials:
			// declaring none takes an explicit empty list (SPEC 2.7: a file that lacks the list stops the start-up)
			throw new IntegrationsFileRefused(source + " is empty; it must hold a list under the key \"integrations\" "
					+ "(\"integrations: []\" declares none)");
		}
		if (!(document instanceof Map<?, ?> root) || !(root.get("integrations") instanceof List<?> entries)) {
			throw new IntegrationsFileRefused(source + " must hold a list under the key \"integrations\"");
		}
		List<DeclaredIntegrations.Declared> declared = new ArrayList<>();
		Map<String, Integer> entryByName = new LinkedHashMap<>();
		int index = 0;
		for (Object item : entries) {
			index++;
			if (!(item instanceof Map<?, ?> map)) {
				throw new IntegrationsFileRefused(source + ": entry " + index + " must be a mapping with a name");
			}
			for (Object key : map.keySet()) {
				if (!KEYS.contains(String.valueOf(key))) {
					throw new IntegrationsFileRefused(source + ": entry " + index + " has the unknown key "
							+ EchoedValue.shown(String.valueOf(key)) + "; known keys: " + String.join(", ", new TreeSet<>(KEYS)));
				}
			}
			Object allValue = map.get("all_resources");
			if (allValue != null && !(allValue instanceof Boolean)) {
				throw new IntegrationsFileRefused(source + ": entry " + index + ": \"all_resources\" must be true or false; got "
						+ EchoedValue.shown(String.valueOf(allValue)));
			}
			boolean all = Boolean.TRUE.equals(allValue);
			Object lifecycleValue = map.get("lifecycle_webhooks");
			if (lifecycleValue != null && !(lifecycleValue instanceof Boolean)) {
				throw new IntegrationsFileRefused(source + ": entry " + index
						+ ": \"lifecycle_webhooks\" must be true or false; got " + EchoedValue.shown(String.valueOf(lifecycleValue)));
			}
			List<String> resources = new ArrayList<>();
			if (map.get("resources") instanceof List<?> list) {
				list.forEach((resource) -> resources.add(String.valueOf(resource)));
			}
			else if (map.get("resources") != null) {
				throw new IntegrationsFileRefused(source + ": entry " + index + ": \"resources\" must be a list of ids");
			}
			IntegrationDraft draft = new IntegrationDraft(text(map.get("name")), text(map.get("email")),
					text(map.get("endpoint")), text(map.get("identity_link_url")), all, resources);
			try {
				draft = this.service.validated(draft);
			}
			catch (IntegrationException ex) {
				throw new IntegrationsFileRefused(source + ": entry " + index + ": " + ex.getMessage(), ex);
			}
			Integer earlier = entryByName.putIfAbsent(IntegrationStore.nameKey(draft.name()), index);
			if (earlier != null) {
				throw new IntegrationsFileRefused(source + ": entry " + index + " repeats the name of entry " + earlier
						+ " (\"" + draft.name() + "\"); integration names are unique, regardless of case");
			}
			Grant grant = all ? Grant.allResources() : Grant.custom(this.tree.withAncestors(draft.resources()));
			declared.add(new DeclaredIntegrations.Declared(draft, grant, DeclaredIntegrations.digest(draft), rateLimit(map.get("rate_limit"),
					source + ": entry " + index), allowList(map, source, index), expiresAt(map, source, index),
					Boolean.TRUE.equals(lifecycleValue)));
		}
		return declared;
	}

	/** A declared {@code rate_limit}: the management API's shape (SPEC 5.12), null for the default. */
	private static RateLimit rateLimit(Object value, String where) {
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw new IntegrationsFileRefused(where + ": \"rate_limit\" must be a mapping such as {per_second: 10, "
					+ "per_minute: 300, burst: 20}; got " + EchoedValue.shown(String.valueOf(value)));
		}
		for (Object key : map.keySet()) {
			if (!RATE_LIMIT_KEYS.contains(String.valueOf(key))) {
				throw new IntegrationsFileRefused(where + ": \"rate_limit\" has the unknown key "
						+ EchoedValue.shown(String.valueOf(key)) + "; known keys: " + String.join(", ", new TreeSet<>(RATE_LIMIT_KEYS)));
			}
		}
		try {
			return new RateLimit(whole(map.get("per_second"), where), whole(map.get("per_minute"), where),
					whole(map.get("burst"), where));
		}
		catch (IntegrationException ex) {
			throw new IntegrationsFileRefused(where + ": " + ex.fieldErrors().get(0).message(), ex);
		}
	}

	private static int whole(Object value, String where) {
		if (value == null) {
			return 0;
		}
		if (value instanceof Integer number) {
			return number;
		}
		throw new IntegrationsFileRefused(where + ": \"rate_limit\" values must be whole numbers; got "
				+ EchoedValue.shown(String.valueOf(value)));
	}

	// ---- guardrails (issue 17): ip_allowlist, expires_at ----

	private static IpAllowList allowList(Map<?, ?> map, String source, int index) {
		Object value = map.get("ip_allowlist");
		if (value == null) {
			return IpAllowList.anywhere();
		}
		if (!(value instanceof List<?> list)) {
			throw new IntegrationsFileRefused(source + ": entry " + index + ": \"ip_allowlist\" must be a list of CIDR blocks");
		}
		try {
			return IpAllowList.of(list.stream().map(String::valueOf).toList());
		}
		catch (IntegrationException ex) {
			throw new IntegrationsFileRefused(source + ": entry " + index + ": " + ex.getMessage(), ex);
		}
	}

	/** An ISO-8601 instant with an offset; YAML reads an unquoted one as a date already. */
	private static Instant expiresAt(Map<?, ?> map, String source, int index) {
		Object value = map.get("expires_at");
		if (value == null) {
			return null;
		}
		if (value instanceof Date date) {
			return date.toInstant().truncatedTo(ChronoUnit.SECONDS);
		}
		try {
			return OffsetDateTime.parse(String.valueOf(value).strip()).toInstant().truncatedTo(ChronoUnit.SECONDS);
		}
		catch (DateTimeParseException ex) {
			throw new IntegrationsFileRefused(source + ": entry " + index + ": \"expires_at\" must be an ISO-8601 date and "
					+ "time with an offset, such as 2027-01-31T00:00:00Z; got " + EchoedValue.shown(String.valueOf(value)), ex);
		}
	}

	private static String text(Object value) {
		return (value != null) ? String.valueOf(value) : null;
	}

}
