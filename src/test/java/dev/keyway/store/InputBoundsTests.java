package dev.keyway.store;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import dev.keyway.settings.Setting;
import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link InputBounds}: digits counted without formatting, values shown cut, one row ceiling. */
@DatabaseIndependent
class InputBoundsTests {

	@Test
	void decimalWhenWithinBoundsThenParsedAndTrailingZerosDoNotCount() {
		assertThat(InputBounds.decimal(" 19.99 ")).isEqualByComparingTo("19.99");
		assertThat(InputBounds.decimal("999999999999999.999999999999")).isNotNull();
		assertThat(InputBounds.decimal("1.5000000000000000000")).isEqualByComparingTo("1.5");
		assertThat(InputBounds.decimal("0e999999999")).isEqualByComparingTo("0");
	}

	@Test
	void decimalWhenHugeTinyOrLongThenNull() {
		assertThat(InputBounds.decimal("1e999999999")).isNull();
		assertThat(InputBounds.decimal("-1e2000000000")).isNull();
		assertThat(InputBounds.decimal("1e-999999999")).isNull();
		assertThat(InputBounds.decimal("1000000000000000")).isNull();
		assertThat(InputBounds.decimal("0.1234567890123")).isNull();
		assertThat(InputBounds.decimal("0." + "1".repeat(10_000))).isNull();
		assertThat(InputBounds.decimal("twelve")).isNull();
	}

	@Test
	void boundedWhenScaleNearIntegerLimitsThenNoOverflow() {
		assertThat(InputBounds.bounded(new BigDecimal("1e2147483647"))).isNull();
		assertThat(InputBounds.bounded(new BigDecimal("1e-2147483647"))).isNull();
	}

	@Test
	void shownWhenLongThenCutWithLength() {
		assertThat(InputBounds.shown("abc")).isEqualTo("\"abc\"");
		assertThat(InputBounds.shown("7".repeat(100))).isEqualTo("\"" + "7".repeat(64) + "…\" (100 characters)");
		assertThat(InputBounds.shown(new BigDecimal("1e999999999"))).isEqualTo("1E+999999999");
		assertThat(InputBounds.shown(new BigDecimal("123456789.5"))).isEqualTo("123456789.5");
	}

	@Test
	void maxRowsWhenComparedWithTheSettingsBoundThenEqual() {
		assertThat(InputBounds.MAX_ROWS).isEqualTo(Setting.MAX_ROWS);
	}

}
