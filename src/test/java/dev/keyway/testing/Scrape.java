package dev.keyway.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /actuator/prometheus} (Prometheus text format), read into samples: the
 * families' names, labels and values, so tests compare values before and after a call.
 */
public final class Scrape {

	/** One sample line: metric name, labels, value. */
	public record Sample(String name, Map<String, String> labels, double value) {
	}

	private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)(?: \\S+)?$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final String text;

	private final List<Sample> samples;

	private Scrape(String text) {
		this.text = text;
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher matcher = LINE.matcher(line.strip());
			if (!matcher.matches()) {
				throw new AssertionError("Not a Prometheus sample line: " + line);
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (matcher.group(2) != null) {
				Matcher label = LABEL.matcher(matcher.group(2));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			samples.add(new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(3))));
		}
		this.samples = List.copyOf(samples);
	}

	/** Scrapes {@code /actuator/prometheus} with an admin token. */
	public static Scrape of(Http http, AdminApi admin) {
		Http.Response response = http.get("/actuator/prometheus", "Authorization", "Bearer " + admin.token());
		if (response.status() != 200) {
			throw new AssertionError("Scraping the metrics answered " + response.status() + ": " + response.body());
		}
		return new Scrape(response.body());
	}

	public String text() {
		return this.text;
	}

	public List<Sample> samples() {
		return this.samples;
	}

	/** The sum of the samples of {@code name} whose labels include all of {@code labels} (0 when none). */
	public double value(String name, Map<String, String> labels) {
		return this.samples.stream()
			.filter((sample) -> sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet()))
			.mapToDouble(Sample::value)
			.sum();
	}

	/** True when a sample of {@code name} has all of {@code labels}. */
	public boolean has(String name, Map<String, String> labels) {
		return this.samples.stream()
			.anyMatch((sample) -> sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet()));
	}

	/** The names of every sample. */
	public Set<String> names() {
		Set<String> names = new TreeSet<>();
		this.samples.forEach((sample) -> names.add(sample.name()));
		return names;
	}

}
