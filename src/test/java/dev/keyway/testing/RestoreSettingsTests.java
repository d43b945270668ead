package dev.keyway.testing;

import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.keyway.audit.Actor;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;
import dev.keyway.settings.SettingsService;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The extension puts back what a test changed, before the next test runs (the methods run in order). */
@ExtendWith(RestoreSettings.class)
@KeywayIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreSettingsTests {

	@Autowired
	SettingsService service;

	@Autowired
	RuntimeSettings settings;

	@Test
	@Order(1)
	void firstWhenGuestSwitchTurnedOnThenOnForThisTest() {
		assertThat(this.settings.enabled(Setting.GUEST_ACCESS)).isFalse();
		this.service.update(Map.of(Setting.GUEST_ACCESS.path(), "1"), Actor.system("RestoreSettingsTests"));
		assertThat(this.settings.enabled(Setting.GUEST_ACCESS)).isTrue();
	}

	@Test
	@Order(2)
	void secondWhenPreviousTestChangedASettingThenItIsBack() {
		assertThat(this.settings.enabled(Setting.GUEST_ACCESS)).isFalse();
	}

}
