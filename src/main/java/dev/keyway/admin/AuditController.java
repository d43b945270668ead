package dev.keyway.admin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.audit.AuditEntry;
import dev.keyway.audit.AuditTrail;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * System › Action Logs › Audit Log: who did what, when, from where, and what changed (only the
 * fields that changed); filterable by integration; never a secret (none is recorded).
 */
@AdminUi
@Controller
class AuditController {

	static final int PAGE_SIZE = 50;

	/** The last page whose offset fits an int. */
	static final int MAX_PAGE = Integer.MAX_VALUE / PAGE_SIZE;

	/** One entry as the page shows it: its time (UTC), source address and changed fields. */
	record Row(String time, String from, AuditEntry entry, List<Change> changes) {
	}

	/** One field: its value before and after (null where there is none). */
	record Change(String field, String before, String after) {
	}

	private final AuditTrail audit;

	private final JsonMapper json;

	AuditController(AuditTrail audit, JsonMapper json) {
		this.audit = audit;
		this.json = json;
	}

	@GetMapping(AdminPaths.AUDIT)
	String list(@RequestParam(name = "integration", required = false) String integrationId,
			@RequestParam(defaultValue = "1") String page, Model model) {
		int current = page(page);
		// not a number (or beyond a long): no filter, as an empty field
		Long integration = AdminParams.idOrNull(integrationId);
		List<AuditEntry> entries = this.audit.find((integration != null) ? "integration" : null,
				(integration != null) ? integration.toString() : null, PAGE_SIZE + 1, (current - 1) * PAGE_SIZE);
		model.addAttribute("entries", entries.subList(0, Math.min(PAGE_SIZE, entries.size()))
			.stream()
			.map((entry) -> new Row(AdminTime.FORMAT.format(entry.occurredAt()), shortAddress(entry.sourceAddress()), entry,
					changes(entry)))
			.toList());
		model.addAttribute("hasNext", entries.size() > PAGE_SIZE);
		model.addAttribute("page", current);
		model.addAttribute("integration", integration);
		return AdminViews.AUDIT;
	}

	/**
	 * The page asked for, clamped to 1..{@link #MAX_PAGE}: a hand-edited URL gets a page (an empty
	 * one past the end), never an error. Not a number: the first page.
	 */
	static int page(String value) {
		return AdminParams.clamped(value, 1, MAX_PAGE, 1);
	}

	/** IPv6 addresses in their short form (RFC 5952): {@code ::1}, not {@code 0:0:0:0:0:0:0:1}. */
	static String shortAddress(String address) {
		if (address == null || !address.contains(":") || address.contains("::")) {
			return address;
		}
		String[] groups = address.split(":", -1);
		if (groups.length != 8) {
			return address;
		}
		int bestStart = -1;
		int bestLength = 1;
		for (int i = 0; i < 8;) {
			int j = i;
			while (j < 8 && groups[j].replaceFirst("^0+(?!$)", "").equals("0")) {
				j++;
			}
			if (j - i > bestLength) {
				bestStart = i;
				bestLength = j - i;
			}
			i = (j == i) ? i + 1 : j;
		}
		List<String> parts = new ArrayList<>();
		for (String group : groups) {
			parts.add(group.replaceFirst("^0+(?!$)", "").toLowerCase(java.util.Locale.ROOT));
		}
		if (bestStart < 0) {
			return String.join(":", parts);
		}
		String head = String.join(":", parts.subList(0, bestStart));
		String tail = String.join(":", parts.subList(bestStart + bestLength, 8));
		return head + "::" + tail;
	}

	List<Change> changes(AuditEntry entry) {
		JsonNode before = parse(entry.before());
		JsonNode after = parse(entry.after());
		Set<String> fields = new LinkedHashSet<>();
		for (JsonNode node : new JsonNode[] { before, after }) {
			if (node != null && node.isObject()) {
				for (Map.Entry<String, JsonNode> field : node.properties()) {
					fields.add(field.getKey());
				}
			}
		}
		List<Change> changes = new ArrayList<>();
		for (String field : fields) {
			String was = text(before, field);
			String now = text(after, field);
			if (before == null || after == null || !Objects.equals(was, now)) {
				changes.add(new Change(field, was, now));
			}
		}
		return changes;
	}

	private JsonNode parse(String text) {
		if (text == null) {
			return null;
		}
		try {
			return this.json.readTree(text);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static String text(JsonNode object, String field) {
		if (object == null || !object.has(field) || object.get(field).isNull()) {
			return null;
		}
		JsonNode value = object.get(field);
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(item.asString()));
			return String.join(", ", items);
		}
		return value.isValueNode() ? value.asString() : value.toString();
	}

}
