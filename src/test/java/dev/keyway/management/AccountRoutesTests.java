package dev.keyway.management;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.account.SignInLimitProperties;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.Parallel;
import dev.keyway.testing.Sources;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /rest/V1/integration/admin/token} and the sign-in limit per source address (issue 11.5),
 * through the Web API's servlet with the address a trusted proxy chain would have given.
 */
@KeywayIntegrationTest
class AccountRoutesTests {

	private static final String PASSWORD = "account-routes-password-1";

	private static final String REFUSED = "{\"message\":\"The account sign-in was incorrect or your account is disabled "
			+ "temporarily. Please wait and try again later.\"}";

	@Autowired
	@Qualifier("webApiServlet")
	ServletRegistrationBean<?> webApi;

	@Autowired
	AdminAccounts accounts;

	@Autowired
	SignInLimitProperties limit;

	@Test
	void adminTokenWhenSourceOverItsLimitThenSame401WithoutPasswordCheckAndOtherSourceGetsItsToken()
			throws Exception {
		AdminUser admin = this.accounts.create("routes-" + UUID.randomUUID().toString().substring(0, 8), PASSWORD);
		int burst = this.limit.burst();
		int extra = 4;
		String source = Sources.unique();
		long checksBefore = this.accounts.passwordChecks();
		long throttledBefore = this.accounts.throttledSignIns();
		List<MockHttpServletResponse> responses = Parallel.run(burst + extra,
				(i) -> token(source, "nobody-" + UUID.randomUUID().toString().substring(0, 8), "wrong-password"));

		assertThat(responses).allSatisfy((response) -> {
			assertThat(response.getStatus()).isEqualTo(401);
			assertThat(response.getContentAsString()).isEqualTo(REFUSED);
		});
		assertThat(this.accounts.passwordChecks() - checksBefore).as("passwords checked").isEqualTo(burst);
		assertThat(this.accounts.throttledSignIns() - throttledBefore).isEqualTo(extra);
		MockHttpServletResponse rightButThrottled = token(source, admin.username(), PASSWORD);
		assertThat(rightButThrottled.getStatus()).isEqualTo(401);
		assertThat(rightButThrottled.getContentAsString()).isEqualTo(REFUSED);
		assertThat(this.accounts.passwordChecks() - checksBefore).isEqualTo(burst);
		MockHttpServletResponse otherSource = token(Sources.unique(), admin.username(), PASSWORD);
		assertThat(otherSource.getStatus()).isEqualTo(200);
		assertThat(otherSource.getContentAsString()).matches("\"[0-9a-z]{32}\"");
	}

	@Test
	void adminTokenWhenRightPasswordRepeatedFromOneSourceThenNeverThrottled() throws Exception {
		AdminUser admin = this.accounts.create("routes-" + UUID.randomUUID().toString().substring(0, 8), PASSWORD);
		String source = Sources.unique();
		for (int i = 0; i < this.limit.burst() + 2; i++) {
			assertThat(token(source, admin.username(), PASSWORD).getStatus()).isEqualTo(200);
		}
	}

	private MockHttpServletResponse token(String source, String username, String password) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/rest/V1/integration/admin/token");
		request.setRemoteAddr(source);
		request.setContentType("application/json");
		request.setContent(("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
			.getBytes(StandardCharsets.UTF_8));
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.webApi.getServlet().service(request, response);
		return response;
	}

}
