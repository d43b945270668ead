package dev.keyway.integration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationContext;

/**
 * Declares integrations as the operator's integrations file does (SPEC 2.7), in a running test
 * context: what {@code keyway.integrations-file} applies at start-up, without a new context. The
 * integrations already declared stay declared unchanged, so other tests' config integrations are
 * neither reset nor removed.
 */
public final class DeclaredIntegrationsFixture {

	private final DeclaredIntegrations declared;

	private final IntegrationStore store;

	private final IntegrationService service;

	public DeclaredIntegrationsFixture(ApplicationContext context) {
		this.declared = context.getBean(DeclaredIntegrations.class);
		this.store = context.getBean(IntegrationStore.class);
		this.service = context.getBean(IntegrationService.class);
	}

	/**
	 * Declares (or re-declares, changed) one integration; keys as in the file: {@code name},
	 * {@code email}, {@code endpoint}, {@code identity_link_url}, {@code all_resources},
	 * {@code resources}. Returns how many integrations were reset.
	 */
	public int declare(Map<String, Object> entry) {
		String key = IntegrationStore.nameKey(String.valueOf(entry.get("name")));
		List<Object> entries = new ArrayList<>();
		for (Map<String, Object> existing : current()) {
			if (!IntegrationStore.nameKey(String.valueOf(existing.get("name"))).equals(key)) {
				entries.add(existing);
			}
		}
		entries.add(entry);
		return this.declared.apply(this.declared.parse(Map.of("integrations", entries), "test declarations"));
	}

	/** Stops declaring the integration called {@code name}: it is removed, as when its extension is uninstalled. */
	public void undeclare(String name) {
		List<Object> entries = new ArrayList<>();
		for (Map<String, Object> existing : current()) {
			if (!IntegrationStore.nameKey(String.valueOf(existing.get("name"))).equals(IntegrationStore.nameKey(name))) {
				entries.add(existing);
			}
		}
		this.declared.apply(this.declared.parse(Map.of("integrations", entries), "test declarations"));
	}

	/** The config integrations in the database as declarations that reproduce them exactly (same digest). */
	private List<Map<String, Object>> current() {
		List<Map<String, Object>> entries = new ArrayList<>();
		for (IntegrationStore.Row row : this.store.findBySetupType(SetupType.CONFIG)) {
			Integration integration = this.service.get(row.id());
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", integration.name());
			if (integration.email() != null) {
				entry.put("email", integration.email());
			}
			if (integration.endpoint() != null) {
				entry.put("endpoint", integration.endpoint());
			}
			if (integration.identityLinkUrl() != null) {
				entry.put("identity_link_url", integration.identityLinkUrl());
			}
			entry.put("all_resources", integration.grant().all());
			entry.put("resources", new ArrayList<>(integration.grant().sortedResources()));
			entries.add(entry);
		}
		return entries;
	}

}
