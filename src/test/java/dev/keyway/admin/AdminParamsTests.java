package dev.keyway.admin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

@DatabaseIndependent
class AdminParamsTests {

	@ParameterizedTest
	@CsvSource(nullValues = "NULL", value = { "42, 42", "' 42 ', 42", "+42, 42", "-5, -5", "0042, 42",
			"9223372036854775807, 9223372036854775807", "99999999999999999999, NULL", "abc, NULL", "4x2, NULL",
			"1.5, NULL", "'', NULL", "-, NULL", "NULL, NULL" })
	void idWhenTextThenNumberOrNoneNeverAnError(String text, Long expected) {
		assertThat(AdminParams.id(text)).isEqualTo(java.util.Optional.ofNullable(expected));
		assertThat(AdminParams.idOrNull(text)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(nullValues = "NULL", value = { "3, 3", "' 3 ', 3", "0, 1", "-5, 1", "-99999999999999999999, 1",
			"200, 200", "201, 200", "99999, 200", "99999999999999999999, 200", "abc, 20", "'', 20", "NULL, 20",
			"2.5, 20" })
	void clampedWhenTextThenWithinRangeOrOtherwise(String text, int expected) {
		assertThat(AdminParams.clamped(text, 1, 200, 20)).isEqualTo(expected);
	}

}
