package dev.keyway.integration;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** {@code lifecycle_webhooks} in the integrations file (SPEC 2.7, issue 17.5): applied in place, never a reset. */
@KeywayIntegrationTest
class DeclaredLifecycleWebhooksTests {

	@Autowired
	DeclaredIntegrations declared;

	@Autowired
	IntegrationStore store;

	@Autowired
	LifecycleCallbacks callbacks;

	@AfterEach
	void removeDeclared() {
		this.declared.apply(List.of());
	}

	@Test
	void applyWhenLifecycleWebhooksDeclaredThenOnAndCallbackKnownAndRemovedKeyTurnsItOffWithoutReset() {
		String name = "declared lifecycle " + UUID.randomUUID();
		this.declared.apply(parse(("integrations:\n  - name: %s\n    endpoint: https://partner.example.com/keyway\n"
				+ "    lifecycle_webhooks: true\n").formatted(name)));
		IntegrationStore.Row on = this.store.findByName(name).orElseThrow();
		boolean wasOn = this.callbacks.isOn(on.id());
		LifecycleCallbacks.Callback callback = this.callbacks.callbackOf(on.id()).orElseThrow();

		int reset = this.declared.apply(parse("integrations:\n  - name: %s\n    endpoint: https://partner.example.com/keyway\n"
			.formatted(name)));
		IntegrationStore.Row off = this.store.findByName(name).orElseThrow();

		assertThat(wasOn).isTrue();
		assertThat(callback.url()).isEqualTo("https://partner.example.com/keyway");
		assertThat(callback.consumerId()).isEqualTo(on.consumerId());
		assertThat(reset).isZero();
		assertThat(off.id()).isEqualTo(on.id());
		assertThat(this.callbacks.isOn(off.id())).isFalse();
		assertThat(this.callbacks.callbackOf(off.id())).isEmpty();
	}

	@Test
	void parseWhenLifecycleWebhooksNotABooleanThenErrorNamesEntryRuleAndValue() {
		assertThatIllegalStateException()
			.isThrownBy(() -> parse("integrations:\n  - name: x\n    lifecycle_webhooks: sometimes\n"))
			.withMessage("test.yml: entry 1: \"lifecycle_webhooks\" must be true or false; got \"sometimes\"");
	}

	private List<DeclaredIntegrations.Declared> parse(String yaml) {
		Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
		return this.declared.parse(document, "test.yml");
	}

}
