package dev.keyway.admin;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.keyway.account.AdminAccounts;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upload over {@code keyway.migration.max-upload-size} from a browser without JavaScript, on the real
 * server (Tomcat's multipart limit, Spring Security's CSRF check): the admin reads the rule, the limit and
 * the file's size on the import page, with the other fields kept, instead of a bare 403; the CSRF check
 * still refuses such a request without the form's token.
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MagentoImportOverLimitTests {

	private static final String PAGE = "/admin/system/import-magento";

	private static final String PASSWORD = "magento-over-limit-1";

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	@Autowired
	AdminAccounts accounts;

	@Value("${keyway.migration.max-upload-size}")
	DataSize limit;

	String username;

	@BeforeAll
	void setUp() {
		this.username = AdminMvc.newAdmin(this.accounts, "import-over-limit", PASSWORD).username();
	}

	@Test
	void runWhenUploadOverTheLimitWithoutScriptThenTheLimitIsSaidOnThePageWithTheFieldsKept() throws Exception {
		HttpClient client = client();
		signIn(client);
		String token = csrf(get(client, PAGE).body());
		long dumpBytes = this.limit.toBytes() + 1;

		HttpResponse<String> answer = upload(client, token, dumpBytes);

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
		assertThat(answer.headers().firstValue("Location")).hasValueSatisfying((location) -> assertThat(location).endsWith(PAGE));
		String page = get(client, PAGE).body();
		assertThat(page).contains(AdminMvc.html("Nothing was imported: the files sent, 'shop.sql' (256.0 MB), 'env.php' (0.0 MB), are 256.0 MB together, and this page takes at most 256 MB (keyway.migration.max-upload-size)."))
			.contains("value=\"mg_\"")
			.containsPattern("id=\"import-skip-unknown\"[^>]*checked");
	}

	@Test
	void runWhenUploadOverTheLimitWithAWrongCsrfTokenThenStillRefused() throws Exception {
		HttpClient client = client();
		signIn(client);
		String token = csrf(get(client, PAGE).body());

		HttpResponse<String> answer = upload(client, "not-" + token, this.limit.toBytes() + 1);

		assertThat(answer.statusCode()).as(answer.headers().firstValue("Location").orElse("")).isEqualTo(403);
	}

	private HttpResponse<String> upload(HttpClient client, String token, long dumpBytes) throws Exception {
		String boundary = "----keyway" + Long.toHexString(System.nanoTime());
		String head = field(boundary, "_csrf", token)
				+ "--" + boundary + "\r\nContent-Disposition: form-data; name=\"dump\"; filename=\"shop.sql\"\r\n"
				+ "Content-Type: application/sql\r\n\r\n";
		String tail = "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"env\"; filename=\"env.php\"\r\n"
				+ "Content-Type: text/plain\r\n\r\n<?php return [];\r\n" + field(boundary, "cryptKey", "")
				+ field(boundary, "tablePrefix", "mg_") + field(boundary, "skipUnknownResources", "true")
				+ field(boundary, "mode", "preview") + "--" + boundary + "--\r\n";
		byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
		byte[] tailBytes = tail.getBytes(StandardCharsets.UTF_8);
		long length = headBytes.length + dumpBytes + tailBytes.length;
		HttpRequest request = HttpRequest.newBuilder(URI.create(url(PAGE)))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
					() -> new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(headBytes),
							zeros(dumpBytes), new ByteArrayInputStream(tailBytes))))),
					length))
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String field(String boundary, String name, String value) {
		return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
	}

	/** A file's content of {@code bytes} bytes, made as it is read (nothing held in memory). */
	private static InputStream zeros(long bytes) {
		return new InputStream() {

			private long left = bytes;

			@Override
			public int read() {
				return (this.left-- > 0) ? 'x' : -1;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (this.left <= 0) {
					return -1;
				}
				int n = (int) Math.min(length, this.left);
				java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'x');
				this.left -= n;
				return n;
			}

		};
	}

	private HttpClient client() {
		return HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	private void signIn(HttpClient client) throws Exception {
		String token = csrf(get(client, AdminPaths.LOGIN).body());
		String form = "username=" + URLEncoder.encode(this.username, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
		HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(url(AdminPaths.LOGIN)))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(302);
		assertThat(answer.headers().firstValue("Location").orElse("")).doesNotContain("error");
	}

	private HttpResponse<String> get(HttpClient client, String path) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String csrf(String page) {
		Matcher matcher = CSRF.matcher(page);
		assertThat(matcher.find()).as("a CSRF token in %s", page).isTrue();
		return matcher.group(1);
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
