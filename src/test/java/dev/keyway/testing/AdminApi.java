package dev.keyway.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Management API calls as the test context's first admin. */
public final class AdminApi {

	private final Http http;

	private final String token;

	public AdminApi(Http http) {
		this.http = http;
		Http.Response response = http.post("/rest/V1/integration/admin/token",
				"{\"username\":\"" + KeywayTestContextCustomizerFactory.ADMIN_USERNAME + "\",\"password\":\""
						+ KeywayTestContextCustomizerFactory.ADMIN_PASSWORD + "\"}");
		if (response.status() != 200) {
			throw new IllegalStateException("Admin token refused: " + response);
		}
		this.token = response.body().replace("\"", "");
	}

	public String token() {
		return this.token;
	}

	public Http.Response get(String path) {
		return this.http.get(path, "Authorization", "Bearer " + this.token);
	}

	public Http.Response post(String path, String json) {
		return this.http.post(path, json, "Authorization", "Bearer " + this.token);
	}

	public Http.Response put(String path, String json) {
		return this.http.put(path, json, "Authorization", "Bearer " + this.token);
	}

	public Http.Response delete(String path) {
		return this.http.delete(path, "Authorization", "Bearer " + this.token);
	}

	/** Creates an integration and returns its id. */
	public long createIntegration(String json) {
		Http.Response response = post("/rest/V1/integrations", json);
		if (response.status() != 200) {
			throw new IllegalStateException("Create refused: " + response);
		}
		return Long.parseLong(field(response.body(), "id"));
	}

	/** A top-level scalar field of a JSON object (tests only; values without quotes inside). */
	public static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"([^\"]*)\"|([^,}\\s]+))")
			.matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("No field " + name + " in " + json);
		}
		return (matcher.group(2) != null) ? matcher.group(2) : matcher.group(3);
	}

}
