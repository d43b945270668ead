package dev.keyway.management;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;
import dev.keyway.settings.SettingsService;
import dev.keyway.webapi.ApiException;
import dev.keyway.webapi.ApiRequest;
import dev.keyway.webapi.JsonFields;
import dev.keyway.webapi.Shown;

import org.springframework.stereotype.Component;

/**
 * Runtime settings (SPEC 2.8) over the management API: read all, change some, validated and audited
 * (refusals answered by {@link ManagementErrors}).
 */
@Component
class SettingsRoutes {

	private final RuntimeSettings settings;

	private final SettingsService service;

	SettingsRoutes(RuntimeSettings settings, SettingsService service) {
		this.settings = settings;
		this.service = service;
	}

	Object get(ApiRequest request) {
		return Map.of("settings", current());
	}

	Object put(ApiRequest request) {
		JsonNode body = request.body();
		JsonNode values = body.get("settings");
		if (values == null || !values.isObject()) {
			throw ApiException.badRequest("The request body must be {\"settings\": {\"<path>\": \"<value>\", ...}}.");
		}
		// as the integration writes do: a field beside "settings" is a mistake to name, not to ignore (a DevOps trial)
		JsonFields.checkKnown(body, java.util.Set.of("settings"), java.util.Set.of());
		Map<String, String> submitted = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : values.properties()) {
			JsonNode value = entry.getValue();
			if (!(value.isString() || value.isNumber() || value.isBoolean())) {
				throw ApiException.badRequest("Setting " + Shown.shown(entry.getKey()) + " must be given as a string or a number; got "
						+ JsonFields.describe(value) + ".");
			}
			submitted.put(entry.getKey(), value.isBoolean() ? (value.booleanValue() ? "1" : "0") : value.asString());
		}
		this.service.update(submitted, request.actor());
		return Map.of("settings", current());
	}

	private Map<String, String> current() {
		Map<String, String> values = new LinkedHashMap<>();
		for (Map.Entry<Setting, String> entry : this.settings.all().entrySet()) {
			values.put(entry.getKey().path(), entry.getValue());
		}
		return values;
	}

}
