package dev.keyway;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.GrafanaDashboard;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.Scrape;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16.4: {@code docs/grafana/keyway-dashboard.json} is a Grafana dashboard (schema 39, a
 * Prometheus data source variable every panel uses) whose queries name only metrics Keyway exports,
 * so it cannot rot. The gateway's upstream family exists only on a node with a gateway file: that one
 * is checked by {@code GatewayTests}, whose node has one.
 */
@KeywayIntegrationTest
class GrafanaDashboardTests {

	@LocalServerPort
	int port;

	@Test
	void dashboardWhenParsedThenGrafanaSchemaWithPrometheusVariableUsedByEveryPanel() {
		JsonNode dashboard = GrafanaDashboard.read();

		assertThat(dashboard.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
		assertThat(dashboard.get("uid").asString()).isEqualTo("keyway-operator");
		JsonNode datasource = dashboard.get("templating").get("list").get(0);
		assertThat(datasource.get("type").asString()).isEqualTo("datasource");
		assertThat(datasource.get("query").asString()).isEqualTo("prometheus");
		assertThat(dashboard.get("panels")).hasSizeGreaterThanOrEqualTo(8).allSatisfy((panel) -> {
			assertThat(panel.get("datasource").get("uid").asString()).isEqualTo("${datasource}");
			assertThat(panel.get("targets")).isNotEmpty()
				.allSatisfy((target) -> assertThat(target.get("expr").asString()).isNotBlank());
		});
		assertThat(GrafanaDashboard.queriedMetrics()).contains("keyway_requests_total",
				"keyway_request_duration_seconds_bucket", "keyway_refusals_total", "keyway_nonce_store_live",
				"keyway_nonce_claims_total", "cache_gets_total", "keyway_credentials_posts_total",
				"keyway_upstream_latency_seconds_bucket", "keyway_verifications_total");
	}

	@Test
	void dashboardWhenReadThenAPanelShowsTheVerifyOnlyChecksRateByStatusAndEndpoint() {
		JsonNode dashboard = GrafanaDashboard.read();

		// with nginx or Envoy in front, keyway_verifications_total is the request rate (docs/DEPLOYMENT.md)
		assertThat(dashboard.get("panels")).filteredOn((panel) -> panel.get("targets")
			.valueStream()
			.anyMatch((target) -> target.get("expr").asString().contains("keyway_verifications_total")))
			.singleElement()
			.satisfies((panel) -> {
				assertThat(panel.get("type").asString()).isEqualTo("timeseries");
				assertThat(panel.get("fieldConfig").get("defaults").get("unit").asString()).isEqualTo("reqps");
				assertThat(panel.get("targets").get(0).get("expr").asString())
					.containsPattern("^sum by \\((endpoint, status|status, endpoint)\\) \\(rate\\(")
					.contains("{job=~\"$job\", instance=~\"$instance\"}[$__rate_interval]");
			});
		assertThat(dashboard.get("panels").valueStream().map((panel) -> panel.get("id").asInt()))
			.as("panel ids").doesNotHaveDuplicates();
	}

	@Test
	void dashboardWhenScrapedAfterACallThenEveryQueriedMetricExceptTheGatewaysIsExported() throws InterruptedException {
		Http http = new Http(this.port);
		AdminApi admin = new AdminApi(http);
		// one check of the nginx verify-only endpoint (refused: no credentials), for keyway_verifications_total
		assertThat(http.get("/auth/verify", "X-Original-Method", "GET", "X-Original-URI", "/rest/V1/products").status())
			.isGreaterThanOrEqualTo(400);
		assertThat(admin.get("/rest/V1/integrations").status()).isEqualTo(200);

		Scrape scrape = Scrape.of(http, admin);
		// a check's meters may be recorded just after its answer left
		for (int i = 0; i < 250 && !scrape.names().contains("keyway_verifications_total"); i++) {
			Thread.sleep(20);
			scrape = Scrape.of(http, admin);
		}

		assertThat(scrape.names()).containsAll(GrafanaDashboard.queriedMetrics()
			.stream()
			.filter((name) -> !name.startsWith("keyway_upstream_"))
			.toList());
	}

}
