package dev.keyway.admin;

import dev.keyway.testing.DatabaseIndependent;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** Which uploads {@link UploadOverLimit} reads past to say the limit on the page. */
@DatabaseIndependent
class UploadOverLimitTests {

	private final UploadOverLimit filter = new UploadOverLimit("/admin/system/import-magento", DataSize.ofMegabytes(256));

	@Test
	void shouldNotFilterWhenOverTheLimitThenReadPastUpToFourTimesItAndNotBeyond() {
		// a review: a signed-in session could declare any length and hold a request thread reading it
		long limit = DataSize.ofMegabytes(256).toBytes();
		assertThat(this.filter.shouldNotFilter(upload(limit))).as("within the limit: the usual path").isTrue();
		assertThat(this.filter.shouldNotFilter(upload(limit + 1))).as("just over: said on the page").isFalse();
		assertThat(this.filter.shouldNotFilter(upload(4 * limit))).isFalse();
		assertThat(this.filter.shouldNotFilter(upload(4 * limit + 1))).as("far over: refused as before").isTrue();
		assertThat(this.filter.shouldNotFilter(upload(Long.MAX_VALUE))).isTrue();
	}

	/** A browser's upload declaring {@code length} bytes (nothing of the body is read to decide). */
	private static MockHttpServletRequest upload(long length) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/admin/system/import-magento") {
			@Override
			public long getContentLengthLong() {
				return length;
			}
		};
		request.setContentType("multipart/form-data; boundary=----keyway");
		return request;
	}

}
