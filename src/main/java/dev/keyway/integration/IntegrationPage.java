package dev.keyway.integration;

import java.util.List;

/** One page of integrations and how many match in all. */
public record IntegrationPage(List<Integration> items, long total, IntegrationQuery query) {

	public int pages() {
		return (int) Math.max(1, (this.total + this.query.pageSize() - 1) / this.query.pageSize());
	}

}
