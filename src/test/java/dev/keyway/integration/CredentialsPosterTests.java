package dev.keyway.integration;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.keyway.outbound.OutboundPolicy;
import dev.keyway.outbound.OutboundRefusedException;
import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

@DatabaseIndependent
class CredentialsPosterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final String PROPERTY = "keyway.callbacks.allowed-networks";

	/** As in the test configuration: the callback servers of the tests listen on loopback. */
	private final CredentialsPoster poster = new CredentialsPoster(OutboundPolicy.of(PROPERTY, List.of("127.0.0.0/8", "::1")));

	/** As in production by default. */
	private final CredentialsPoster publicOnly = new CredentialsPoster(OutboundPolicy.publicOnly(PROPERTY));

	private CallbackServer server;

	@BeforeEach
	void start() throws IOException {
		this.server = new CallbackServer();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void postWhenCalledThenExactlyTheFourFormFieldsUrlEncoded() throws IOException {
		this.poster.post(this.server.url("/callback"), form(), TIMEOUT, 0);
		assertThat(this.server.received()).hasSize(1);
		CallbackServer.Received request = this.server.received().get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/callback");
		assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
		assertThat(request.form()).containsExactlyEntriesOf(form());
		assertThat(request.body()).isEqualTo("oauth_consumer_key=k0123456789abcdefghijklmnopqrstu"
				+ "&oauth_consumer_secret=s0123456789abcdefghijklmnopqrstu"
				+ "&store_base_url=https%3A%2F%2Fshop.example.com%2F" + "&oauth_verifier=v0123456789abcdefghijklmnopqrstu");
	}

	@Test
	void encodeWhenValuesHaveReservedCharactersThenPercentEncoded() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("a b", "x&y=z/é");
		assertThat(CredentialsPoster.encode(fields)).isEqualTo("a+b=x%26y%3Dz%2F%C3%A9");
	}

	@Test
	void postWhenServerAnswers500ThenSuccess() {
		this.server.answer("/fails", 500, null);
		assertThatNoException().isThrownBy(() -> this.poster.post(this.server.url("/fails"), form(), TIMEOUT, 0));
		assertThat(this.server.received("/fails")).hasSize(1);
	}

	@Test
	void postWhenServerAnswers404ThenSuccess() {
		this.server.answer("/missing", 404, null);
		assertThatNoException().isThrownBy(() -> this.poster.post(this.server.url("/missing"), form(), TIMEOUT, 0));
	}

	@Test
	void postWhenConnectionRefusedThenIOException() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.poster.post("http://127.0.0.1:" + port + "/cb", form(), TIMEOUT, 0));
	}

	@Test
	void postWhenServerNeverAnswersThenIOExceptionWithinTheTimeout() {
		this.server.hang("/slow");
		long start = System.nanoTime();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.poster.post(this.server.url("/slow"), form(), Duration.ofSeconds(1), 0));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		assertThat(this.server.received("/slow")).hasSize(1);
	}

	@Test
	void postWhenServerClosesWithoutAnswerThenIOException() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Thread closer = new Thread(() -> {
				try (Socket accepted = socket.accept(); InputStream in = accepted.getInputStream()) {
					in.read(new byte[256]);
				}
				catch (IOException ex) {
					// the test is over
				}
			});
			closer.start();
			assertThatExceptionOfType(IOException.class).isThrownBy(
					() -> this.poster.post("http://127.0.0.1:" + socket.getLocalPort() + "/cb", form(), TIMEOUT, 0));
		}
	}

	@Test
	void postWhenRedirectAndNoneAllowedThenNotFollowedAndSuccess() throws IOException {
		this.server.answer("/first", 302, "/second");
		this.poster.post(this.server.url("/first"), form(), TIMEOUT, 0);
		assertThat(this.server.received("/first")).hasSize(1);
		assertThat(this.server.received("/second")).isEmpty();
	}

	@Test
	void postWhenRedirectsWithinTheLimitThenFollowed() throws IOException {
		this.server.answer("/a", 302, "/b").answer("/b", 301, this.server.url("/c"));
		this.poster.post(this.server.url("/a"), form(), TIMEOUT, 2);
		assertThat(this.server.received("/b")).hasSize(1);
		assertThat(this.server.received("/c")).hasSize(1);
		assertThat(this.server.received("/c").get(0).method()).as("301/302 continue with GET").isEqualTo("GET");
	}

	@Test
	void postWhenMoreRedirectsThanAllowedThenStopsAtTheLimitAndSucceeds() throws IOException {
		this.server.answer("/a", 302, "/b").answer("/b", 302, "/c");
		this.poster.post(this.server.url("/a"), form(), TIMEOUT, 1);
		assertThat(this.server.received("/b")).hasSize(1);
		assertThat(this.server.received("/c")).isEmpty();
	}

	@Test
	void postWhenRedirect307ThenThePostIsRepeatedWithTheForm() throws IOException {
		this.server.answer("/old", 307, "/new");
		this.poster.post(this.server.url("/old"), form(), TIMEOUT, 1);
		assertThat(this.server.received("/new")).hasSize(1);
		CallbackServer.Received repeated = this.server.received("/new").get(0);
		assertThat(repeated.method()).isEqualTo("POST");
		assertThat(repeated.contentType()).isEqualTo("application/x-www-form-urlencoded");
		assertThat(repeated.form()).containsExactlyEntriesOf(form());
	}

	@Test
	void postWhenRedirect308ThenThePostIsRepeated() throws IOException {
		this.server.answer("/old", 308, "/new");
		this.poster.post(this.server.url("/old"), form(), TIMEOUT, 1);
		assertThat(this.server.received("/new")).extracting(CallbackServer.Received::method).containsExactly("POST");
	}

	@Test
	void postWhenRedirect303ThenGetWithoutTheForm() throws IOException {
		this.server.answer("/old", 303, "/new");
		this.poster.post(this.server.url("/old"), form(), TIMEOUT, 1);
		assertThat(this.server.received("/new")).hasSize(1);
		assertThat(this.server.received("/new").get(0).method()).isEqualTo("GET");
		assertThat(this.server.received("/new").get(0).body()).isEmpty();
	}

	@Test
	void postWhenRedirectTargetNeverAnswersThenIOException() {
		this.server.answer("/old", 307, "/slow").hang("/slow");
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.poster.post(this.server.url("/old"), form(), Duration.ofSeconds(1), 1));
	}

	@Test
	void postWhenRedirectToNonHttpSchemeThenNotFollowed() {
		this.server.answer("/old", 302, "ftp://127.0.0.1/x");
		assertThatNoException().isThrownBy(() -> this.poster.post(this.server.url("/old"), form(), TIMEOUT, 3));
	}

	@Test
	void postWhenCallbackOnLoopbackAndNotAllowedThenRefusedNamingUrlAddressAndPropertyAndNothingPosted() {
		String url = this.server.url("/callback");
		assertThatExceptionOfType(OutboundRefusedException.class)
			.isThrownBy(() -> this.publicOnly.post(url, form(), TIMEOUT, 0))
			.withMessageStartingWith("Refused " + url + ": its host is 127.0.0.1, in the loopback block 127.0.0.0/8.")
			.withMessageContaining(PROPERTY);
		assertThat(this.server.received()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "2130706433", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "127.0.0.1" })
	void postWhenLoopbackSpelledOtherwiseAndNotAllowedThenRefusedAndNothingPosted(String host) {
		String url = "http://" + host + ":" + this.server.port() + "/callback";
		assertThatExceptionOfType(OutboundRefusedException.class)
			.isThrownBy(() -> this.publicOnly.post(url, form(), TIMEOUT, 0))
			.withMessageStartingWith("Refused " + url + ": its host is 127.0.0.1, in the loopback block");
		assertThat(this.server.received()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "2130706433", "[::ffff:127.0.0.1]", "127.0.0.1" })
	void postWhenLoopbackSpelledOtherwiseAndLoopbackAllowedThenPostedToTheCheckedAddress(String host)
			throws IOException {
		this.poster.post("http://" + host + ":" + this.server.port() + "/callback", form(), TIMEOUT, 0);
		assertThat(this.server.received("/callback")).extracting(CallbackServer.Received::form)
			.containsExactly(form());
	}

	@Test
	void postWhenHostNameListedThenPostedAndWhenNotListedRefused() throws IOException {
		CredentialsPoster byName = new CredentialsPoster(OutboundPolicy.of(PROPERTY, List.of("localhost")));
		byName.post("http://localhost:" + this.server.port() + "/named", form(), TIMEOUT, 0);
		assertThat(this.server.received("/named")).hasSize(1);
		assertThatExceptionOfType(OutboundRefusedException.class)
			.isThrownBy(() -> byName.post(this.server.url("/by-address"), form(), TIMEOUT, 0));
		assertThat(this.server.received("/by-address")).isEmpty();
	}

	@Test
	void postWhenOctalSpellingThenRefusedBeforeAnyConnection() {
		// Java reads 0177.0.0.1 as 177.0.0.1 and the C library as 127.0.0.1: refused, whatever is allowed
		CredentialsPoster everything = new CredentialsPoster(OutboundPolicy.of(PROPERTY, List.of("0.0.0.0/0", "::/0")));
		assertThatExceptionOfType(OutboundRefusedException.class)
			.isThrownBy(() -> everything.post("http://0177.0.0.1:" + this.server.port() + "/callback", form(), TIMEOUT, 0))
			.withMessageContaining("leading zeros or hex");
		assertThat(this.server.received()).isEmpty();
	}

	/** Refused by the policy before any connection: these addresses are never contacted. */
	@ParameterizedTest
	@ValueSource(strings = { "http://10.0.0.1/callback", "http://169.254.169.254/latest/meta-data/",
			"http://224.0.0.1/callback", "http://100.64.0.1/callback", "http://[fe80::1]/callback",
			"http://[::1]:9/callback", "http://0:9/callback" })
	void postWhenNonPublicAddressThenRefusedBeforeConnecting(String url) {
		assertThatExceptionOfType(OutboundRefusedException.class).isThrownBy(() -> this.publicOnly.post(url, form(), TIMEOUT, 0))
			.withMessageStartingWith("Refused " + url + ": its host is ")
			.withMessageContaining(PROPERTY);
	}

	@Test
	void postWhen307ToAnotherOriginThenNotResentAndRefusedNamingTheLocation() throws IOException {
		try (CallbackServer other = new CallbackServer()) {
			String location = other.url("/steal");
			this.server.answer("/old", 307, location);
			assertThatExceptionOfType(OutboundRefusedException.class)
				.isThrownBy(() -> this.poster.post(this.server.url("/old"), form(), TIMEOUT, 3))
				.withMessage("The callback URL " + this.server.url("/old") + " redirected (307) to " + location
						+ ", another origin; Keyway sends credentials to the callback URL's origin only. "
						+ "Set the callback URL to the final address.");
			assertThat(this.server.received("/old")).hasSize(1);
			assertThat(other.received()).isEmpty();
		}
	}

	@Test
	void postWhen302ToAnotherOriginThenNotFollowedAndRefused() throws IOException {
		try (CallbackServer other = new CallbackServer()) {
			this.server.answer("/old", 302, other.url("/elsewhere"));
			assertThatExceptionOfType(OutboundRefusedException.class)
				.isThrownBy(() -> this.poster.post(this.server.url("/old"), form(), TIMEOUT, 3));
			assertThat(other.received()).isEmpty();
		}
	}

	@Test
	void postWhen308ToAnotherHostSpellingOfTheSameAddressThenNotResent() {
		this.server.answer("/old", 308, "http://localhost:" + this.server.port() + "/new");
		assertThatExceptionOfType(OutboundRefusedException.class)
			.isThrownBy(() -> this.poster.post(this.server.url("/old"), form(), TIMEOUT, 3))
			.withMessageContaining("another origin");
		assertThat(this.server.received("/new")).isEmpty();
	}

	static Map<String, String> form() {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("oauth_consumer_key", "k0123456789abcdefghijklmnopqrstu");
		form.put("oauth_consumer_secret", "s0123456789abcdefghijklmnopqrstu");
		form.put("store_base_url", "https://shop.example.com/");
		form.put("oauth_verifier", "v0123456789abcdefghijklmnopqrstu");
		return form;
	}

}
