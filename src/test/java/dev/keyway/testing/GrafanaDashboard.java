package dev.keyway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The operator's Grafana dashboard, {@code docs/grafana/keyway-dashboard.json}, read for tests. */
public final class GrafanaDashboard {

	public static final Path FILE = Path.of("docs/grafana/keyway-dashboard.json");

	/** A metric family name of the scrape: Keyway's, the caches', Spring's HTTP server requests. */
	private static final Pattern METRIC = Pattern.compile("\\b((?:keyway|cache|http_server)_[a-z0-9_]+)\\b");

	private GrafanaDashboard() {
	}

	public static JsonNode read() {
		try {
			return JsonMapper.shared().readTree(Files.readString(FILE));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** Every PromQL expression of every panel's targets. */
	public static List<String> expressions() {
		List<String> expressions = new ArrayList<>();
		for (JsonNode panel : read().get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				expressions.add(target.get("expr").asString());
			}
		}
		return expressions;
	}

	/** The metric names the panels and the template variables query (sample names, such as {@code _bucket}). */
	public static Set<String> queriedMetrics() {
		Set<String> names = new TreeSet<>();
		List<String> queries = new ArrayList<>(expressions());
		for (JsonNode variable : read().get("templating").get("list")) {
			if (variable.has("definition")) {
				queries.add(variable.get("definition").asString());
			}
		}
		for (String query : queries) {
			Matcher matcher = METRIC.matcher(query);
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
		}
		return names;
	}

}
