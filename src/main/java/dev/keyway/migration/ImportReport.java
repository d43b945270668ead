package dev.keyway.migration;

import java.io.Serializable;
import java.util.List;

/**
 * What an import did (or, for a dry run, would do): one line per integration, then the notes on
 * what was changed or left out. Holds no secret. Serializable: the admin page carries it to the page
 * after its redirect as a flash attribute, which lives in the (JDBC) session.
 */
public record ImportReport(boolean dryRun, List<Line> integrations, List<String> notes) implements Serializable {

	/** One imported integration as Keyway now holds it. */
	public record Line(long magentoId, long keywayId, String name, String status, String consumerKey,
			String tokenStage, String grant) implements Serializable {
	}

	/** The text the command prints. */
	public String text() {
		StringBuilder text = new StringBuilder();
		text.append(this.dryRun ? "Dry run: nothing was written. The import would take over " : "Imported ")
			.append(this.integrations.size())
			.append(" integration(s) from Magento:\n");
		for (Line line : this.integrations) {
			text.append("  - '")
				.append(line.name())
				.append("' (Magento id ")
				.append(line.magentoId())
				.append(this.dryRun ? "" : ", Keyway id " + line.keywayId())
				.append("): status ")
				.append(line.status())
				.append(", consumer key ")
				.append(line.consumerKey())
				.append(", token ")
				.append(line.tokenStage())
				.append(", resources ")
				.append(line.grant())
				.append('\n');
		}
		for (String note : this.notes) {
			text.append("Note: ").append(note).append('\n');
		}
		return text.toString();
	}

}
