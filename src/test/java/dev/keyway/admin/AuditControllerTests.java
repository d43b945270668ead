package dev.keyway.admin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

@DatabaseIndependent
class AuditControllerTests {

	@ParameterizedTest
	@CsvSource(nullValues = "NULL", value = { "0:0:0:0:0:0:0:1, ::1", "fe80:0:0:0:0:0:0:1, fe80::1",
			"2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1", "2001:DB8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
			"0:0:0:0:0:0:0:0, ::", "127.0.0.1, 127.0.0.1", "::1, ::1", "NULL, NULL" })
	void shortAddressWhenIpv6ThenRfc5952ShortForm(String address, String expected) {
		assertThat(AuditController.shortAddress(address)).isEqualTo(expected);
	}

}
