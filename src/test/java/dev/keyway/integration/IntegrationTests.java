package dev.keyway.integration;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.keyway.acl.Grant;
import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

@DatabaseIndependent
class IntegrationTests {

	@Test
	void usesHandshakeWhenBothUrlsSetThenTrueElseFalse() {
		assertThat(integration("https://a.example/cb", "https://a.example/link").usesHandshake()).isTrue();
		assertThat(integration("https://a.example/cb", null).usesHandshake()).isFalse();
		assertThat(integration(null, "https://a.example/link").usesHandshake()).isFalse();
		assertThat(integration("https://a.example/cb", " ").usesHandshake()).isFalse();
	}

	@Test
	void insecureWhenAUrlStartsWithHttpThenTrue() {
		assertThat(integration("http://a.example/cb", null).insecure()).isTrue();
		assertThat(integration(null, "HTTP://a.example/link").insecure()).isTrue();
		assertThat(integration("https://a.example/cb", "https://a.example/link").insecure()).isFalse();
		assertThat(integration(null, null).insecure()).isFalse();
	}

	@Test
	void readOnlyWhenConfigSetupTypeThenTrue() {
		assertThat(integration(null, null).readOnly()).isFalse();
		Integration config = new Integration(1, "n", null, null, null, IntegrationStatus.INACTIVE, SetupType.CONFIG,
				Grant.none(), 1, "k", Instant.EPOCH, Instant.EPOCH);
		assertThat(config.readOnly()).isTrue();
	}

	@Test
	void ofCodeWhenMagentoCodesThenStatusesAndSetupTypes() {
		assertThat(IntegrationStatus.ofCode(0)).isEqualTo(IntegrationStatus.INACTIVE);
		assertThat(IntegrationStatus.ofCode(1)).isEqualTo(IntegrationStatus.ACTIVE);
		assertThat(IntegrationStatus.ofCode(2)).isEqualTo(IntegrationStatus.RESET);
		assertThat(IntegrationStatus.RESET.label()).isEqualTo("Reset");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> IntegrationStatus.ofCode(3))
			.withMessage("No integration status with code 3; known: 0, 1, 2");
		assertThat(SetupType.ofCode(0)).isEqualTo(SetupType.MANUAL);
		assertThat(SetupType.ofCode(1)).isEqualTo(SetupType.CONFIG);
	}

	private static Integration integration(String endpoint, String identityLink) {
		return new Integration(1, "n", null, endpoint, identityLink, IntegrationStatus.INACTIVE, SetupType.MANUAL,
				Grant.none(), 1, "k", Instant.EPOCH, Instant.EPOCH);
	}

}
