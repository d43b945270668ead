package dev.keyway.webapi;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The servlet response of the event-loop listener keeps Tomcat's rules where Keyway's pipeline relies on them. */
class LoopResponseTests {

	@Test
	void contentTypeWhenEncodingSetThenCharsetAppendedAsTomcatDoes() {
		LoopResponse response = new LoopResponse();
		response.setContentType("application/json");
		assertThat(response.getContentType()).isEqualTo("application/json");

		response.setCharacterEncoding("UTF-8");

		assertThat(response.getContentType()).isEqualTo("application/json;charset=UTF-8");
		assertThat(response.headersToSend().get("Content-Type")).isEqualTo("application/json;charset=UTF-8");
	}

	@Test
	void contentTypeWhenSetAsHeaderWithCharsetThenTheSameAsSetContentType() {
		LoopResponse response = new LoopResponse();

		response.setHeader("Content-Type", "text/plain; charset=ISO-8859-1");

		assertThat(response.getContentType()).isEqualTo("text/plain;charset=ISO-8859-1");
		assertThat(response.getCharacterEncoding()).isEqualTo("ISO-8859-1");
	}

	@Test
	void writerWhenEncodingSetThenBodyInThatEncodingAndStreamRefused() {
		LoopResponse response = new LoopResponse();
		response.setCharacterEncoding("UTF-8");

		PrintWriter writer = response.getWriter();
		writer.print("café");

		assertThat(new String(response.bodyToSend(), StandardCharsets.UTF_8)).isEqualTo("café");
		assertThatIllegalStateException().isThrownBy(response::getOutputStream);
	}

	@Test
	void bodyBufferWhenTakenForSendingThenSameBytesUncopiedAndLateWritesRefused() throws Exception {
		LoopResponse response = new LoopResponse();
		jakarta.servlet.ServletOutputStream out = response.getOutputStream();
		out.write("{\"a\":1}".getBytes(StandardCharsets.UTF_8));

		io.netty.buffer.ByteBuf sent = response.bodyBuffer();

		assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
		assertThat(response.isCommitted()).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> out.write('x'));
		assertThatIllegalStateException().isThrownBy(response::resetBuffer);
		assertThat(sent.toString(StandardCharsets.UTF_8)).as("the bytes on their way out stay as they were")
			.isEqualTo("{\"a\":1}");
	}

	@Test
	void bodyBufferWhenNothingWrittenThenEmpty() {
		LoopResponse response = new LoopResponse();
		response.setStatus(200);

		assertThat(response.bodyBuffer().readableBytes()).isZero();
	}

	@Test
	void bodyBufferWhenWrittenByteByByteAndInPiecesThenEveryByteInOrder() throws Exception {
		LoopResponse response = new LoopResponse();
		jakarta.servlet.ServletOutputStream out = response.getOutputStream();
		StringBuilder expected = new StringBuilder();
		for (int i = 0; i < 3000; i++) {
			char c = (char) ('a' + i % 26);
			if (i % 7 == 0) {
				out.write(String.valueOf(c).repeat(i % 5 + 1).getBytes(StandardCharsets.US_ASCII));
				expected.append(String.valueOf(c).repeat(i % 5 + 1));
			}
			else {
				out.write(c);
				expected.append(c);
			}
		}

		assertThat(response.bodyBuffer().toString(StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
	}

	@Test
	void sendErrorWhenWriterHeldUnflushedTextThenTheErrorPageAlone() {
		LoopResponse response = new LoopResponse();
		response.getWriter().print("half an answer");

		response.sendError(404);
		response.errorPage("/rest/V1/x");

		String body = response.bodyBuffer().toString(StandardCharsets.UTF_8);
		assertThat(body).startsWith("{\"timestamp\":").contains("\"status\":404").doesNotContain("half an answer");
	}

	@Test
	void commitWhenFlushedThenStatusAndHeadersNoLongerChange() throws Exception {
		LoopResponse response = new LoopResponse();
		response.setStatus(201);
		response.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
		assertThat(response.isCommitted()).isFalse();

		response.flushBuffer();
		response.setStatus(500);
		response.setHeader("X-Late", "1");

		assertThat(response.isCommitted()).isTrue();
		assertThat(response.getStatus()).isEqualTo(201);
		assertThat(response.containsHeader("X-Late")).isFalse();
		assertThatIllegalStateException().isThrownBy(response::reset);
	}

	@Test
	void commitWhenBodyOutgrowsBufferThenCommittedAsTomcat() throws Exception {
		LoopResponse response = new LoopResponse();
		response.setBufferSize(16);

		response.getOutputStream().write(new byte[17]);

		assertThat(response.isCommitted()).isTrue();
		assertThat(response.bodyToSend()).hasSize(17);
	}

	@Test
	void streamWhenOnAWorkerAndBodyOutgrowsBufferThenHeadOnceThenPiecesAndTheRestAtTheEnd() throws Exception {
		java.util.List<String> sent = new java.util.ArrayList<>();
		LoopResponse response = new LoopResponse();
		response.sink(new LoopResponse.Sink() {
			@Override
			public void head(LoopResponse answer) {
				sent.add("head " + answer.getStatus() + " length " + answer.declaredLength());
			}

			@Override
			public void piece(byte[] bytes) {
				sent.add("piece " + bytes.length);
			}
		});
		response.setStatus(207);
		response.setHeader("Content-Length", "20000");

		response.getOutputStream().write(new byte[8000]);
		assertThat(sent).isEmpty();
		response.getOutputStream().write(new byte[500]);
		response.getOutputStream().write(new byte[9000]);
		response.getOutputStream().write(new byte[100]);

		assertThat(sent).containsExactly("head 207 length 20000", "piece 8500", "piece 9000");
		assertThat(response.isCommitted()).isTrue();
		assertThat(response.streaming()).isTrue();
		assertThat(response.bodyToSend()).hasSize(100);
	}

	@Test
	void streamWhenNoSinkThenWholeBodyKeptForTheEnd() throws Exception {
		LoopResponse response = new LoopResponse();

		response.getOutputStream().write(new byte[20000]);
		response.getOutputStream().flush();

		assertThat(response.streaming()).isFalse();
		assertThat(response.isCommitted()).isTrue();
		assertThat(response.bodyToSend()).hasSize(20000);
	}

	@Test
	void sendErrorWhenCalledThenSpringBootErrorPageShapeWithThePath() {
		LoopResponse response = new LoopResponse();
		response.setHeader("X-Keep", "1");

		response.sendError(400, "never shown");
		response.errorPage("/rest/V1/a\"b");

		String body = new String(response.bodyToSend(), StandardCharsets.UTF_8);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentType()).isEqualTo("application/json");
		assertThat(body).matches("\\{\"timestamp\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",\"status\":400,"
				+ "\"error\":\"Bad Request\",\"path\":\"/rest/V1/a\\\\\"b\"}");
		assertThat(body).doesNotContain("never shown");
		assertThat(response.isCommitted()).isTrue();
	}

	@Test
	void headerWhenValueWouldSplitTheHeaderBlockThenRefused() {
		LoopResponse response = new LoopResponse();

		assertThatIllegalArgumentException().isThrownBy(() -> response.setHeader("X-Evil", "a\r\nSet-Cookie: x=1"));
		assertThatIllegalArgumentException().isThrownBy(() -> response.addHeader("X-Evil\r\n", "1"));
	}

	@Test
	void headersWhenSetAndAddedThenCaseInsensitiveAndInOrder() {
		LoopResponse response = new LoopResponse();
		response.addHeader("X-Rate", "1");
		response.addHeader("x-rate", "2");
		response.setIntHeader("X-Count", 3);
		response.setContentLength(99);

		assertThat(response.getHeaders("X-RATE")).containsExactly("1", "2");
		assertThat(response.getHeader("x-count")).isEqualTo("3");
		assertThat(response.containsHeader("Content-Length")).isFalse();
		assertThat(response.headersToSend().contains("Date")).isTrue();
	}


	@Test
	void headersWhenKnownNameSetInAnyCaseThenOneHeaderFoundByAnyCase() {
		LoopResponse response = new LoopResponse();
		response.setHeader("Cache-Control", "a");
		response.setHeader("cache-control", "b");
		response.setHeader("CACHE-CONTROL", "c");
		response.addHeader("X-Frame-Options", "DENY");

		assertThat(response.getHeaders("Cache-Control")).containsExactly("c");
		assertThat(response.containsHeader("x-frame-options")).isTrue();
		assertThat(response.getHeader("X-FRAME-OPTIONS")).isEqualTo("DENY");
		response.setHeader("x-frame-options", null);
		assertThat(response.containsHeader("X-Frame-Options")).isFalse();
	}

	@Test
	void headersToSendWhenNoDateSetThenTheCurrentSecondAsRfc1123() {
		LoopResponse response = new LoopResponse();

		String date = response.headersToSend().get("Date");

		java.time.Instant sent = java.time.ZonedDateTime.parse(date, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
			.toInstant();
		assertThat(date).endsWith(" GMT");
		assertThat(java.time.Duration.between(sent, java.time.Instant.now()).abs()).isLessThan(java.time.Duration.ofSeconds(3));
	}

}
