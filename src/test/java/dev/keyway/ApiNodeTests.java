package dev.keyway;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.github.scribejava.core.model.Verb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.KeywayTestContextCustomizerFactory;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.ScribeOAuthClient;
import dev.keyway.testing.TestDatabases;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.session.SessionRepository;
import org.thymeleaf.ITemplateEngine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An API node ({@code keyway.admin.enabled=false}, docs/DEPLOYMENT.md § 9) beside a node with the admin, on one
 * database: the API node serves signed calls for an integration the other node activated, its management API and
 * its API documents, and has no admin page, no admin bean, no Thymeleaf and no Spring Session.
 */
class ApiNodeTests {

	private static KeywayNode adminNode;

	private static KeywayNode apiNode;

	@BeforeAll
	static void startBoth() {
		TestDatabases.Database database = TestDatabases.newDatabase();
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		String masterKey = Base64.getEncoder().encodeToString(key);
		// two nodes on one embedded database (a test's shortcut; H2 serves one node): nonces in the shared table, or the
		// second node reads the first one's in-memory nonce table as a crash and refuses timestamps up to its start
		Map<String, Object> nonces = TestDatabases.postgres() ? Map.of() : Map.of("keyway.oauth.nonce-store", "per-request");
		adminNode = KeywayNode.start(database, masterKey, nonces);
		Map<String, Object> api = new java.util.HashMap<>(nonces);
		api.put("keyway.admin.enabled", "false");
		apiNode = KeywayNode.start(database, masterKey, api);
	}

	@AfterAll
	static void stopBoth() {
		if (apiNode != null) {
			apiNode.close();
		}
		if (adminNode != null) {
			adminNode.close();
		}
	}

	@Test
	void apiNodeWhenIntegrationActivatedOnAdminNodeThenSignedCallServed() throws IOException {
		AdminApi admin = new AdminApi(adminNode.http());
		long id = admin.createIntegration("{\"name\":\"api node " + UUID.randomUUID() + "\",\"all_resources\":true}");
		Http.Response activation = admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		OAuthClientCredentials credentials = new OAuthClientCredentials(
				AdminApi.field(activation.body(), "consumer_key"), AdminApi.field(activation.body(), "consumer_secret"),
				AdminApi.field(activation.body(), "access_token"), AdminApi.field(activation.body(), "access_token_secret"));

		Http.Response call = ScribeOAuthClient.call(Verb.GET, apiNode.url("/rest/V1/store/storeConfigs"), credentials, null);

		assertThat(call.status()).as(call.body()).isEqualTo(200);
		assertThat(call.body()).contains("\"code\":\"default\"");
	}

	@Test
	void apiNodeWhenManagementApiThenServedWithAnAdminTokenFromTheAdminNode() {
		AdminApi admin = new AdminApi(adminNode.http());

		Http.Response integrations = apiNode.http().get("/rest/V1/integrations", "Authorization", "Bearer " + admin.token());

		assertThat(integrations.status()).as(integrations.body()).isEqualTo(200);
	}

	/** An operator trial: wrong passwords sent to an internet-facing API node locked the admin out everywhere. */
	@Test
	void apiNodeWhenAdminTokenAskedForThenNoPasswordCheckedAndTheAnswerSaysWhere() {
		String body = "{\"username\":\"" + KeywayTestContextCustomizerFactory.ADMIN_USERNAME + "\",\"password\":\""
				+ KeywayTestContextCustomizerFactory.ADMIN_PASSWORD + "\"}";

		Http.Response answer = apiNode.http().post("/rest/V1/integration/admin/token", body);

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.body()).contains("This node takes no admin password").doesNotContain("\"token");
		assertThat(apiNode.bean(dev.keyway.account.AdminAccounts.class).passwordChecks()).isZero();
		assertThat(adminNode.http().post("/rest/V1/integration/admin/token", body).status()).isEqualTo(200);
	}

	@Test
	void apiNodeWhenLogoutThenNotFound() {
		assertThat(apiNode.http().get("/logout").status()).isEqualTo(404);
		assertThat(apiNode.http().post("/logout", "").status()).isEqualTo(404);
	}

	@Test
	void apiNodeWhenAdminPathsThenNotFoundWithTheSecurityHeaders() {
		for (String path : new String[] { "/admin", "/admin/login", "/admin/integrations", "/admin/integrations/new" }) {
			Http.Response page = apiNode.http().get(path);
			assertThat(page.status()).as(path).isEqualTo(404);
			assertThat(page.header("Content-Security-Policy")).as(path).isEqualTo(ApiNodeSecurity.CSP);
			assertThat(page.header("Set-Cookie")).as(path).isNull();
		}
		Http.Response signIn = apiNode.http().post("/admin/login", "username=admin&password=x",
				"Content-Type", "application/x-www-form-urlencoded");
		assertThat(signIn.status()).isEqualTo(404);
		assertThat(adminNode.http().get("/admin/login").status()).as("the node with the admin").isEqualTo(200);
	}

	@Test
	void apiNodeWhenApiDocumentsThenServedAsOnTheAdminNode() {
		Http.Response document = apiNode.http().get("/v3/api-docs");

		assertThat(document.status()).isEqualTo(200);
		assertThat(document.body()).contains("/V1/integrations");
		assertThat(document.header("Content-Security-Policy")).isEqualTo(ApiDocsSecurity.CSP);
		assertThat(adminNode.http().get("/v3/api-docs").header("Content-Security-Policy")).isEqualTo(ApiDocsSecurity.CSP);
	}

	@Test
	void apiNodeWhenStartedThenNoAdminBeanThymeleafOrSpringSession() {
		String[] adminBeans = Arrays.stream(apiNode.context().getBeanDefinitionNames())
			.filter((name) -> {
				Class<?> type = apiNode.context().getType(name);
				return type != null && type.getName().startsWith("dev.keyway.admin.");
			})
			.toArray(String[]::new);
		assertThat(adminBeans).isEmpty();
		assertThat(apiNode.context().getBeanNamesForType(ITemplateEngine.class)).isEmpty();
		assertThat(apiNode.context().getBeanNamesForType(SessionRepository.class)).isEmpty();
		assertThat(adminNode.context().getBeanNamesForType(ITemplateEngine.class)).isNotEmpty();
		assertThat(adminNode.context().getBeanNamesForType(SessionRepository.class)).isNotEmpty();
	}

	/** Every bean class of the admin package carries the switch: on the admin node, each one is an {@code @AdminUi}. */
	@Test
	void adminNodeWhenStartedThenEveryAdminBeanCarriesTheSwitch() {
		long adminBeans = Arrays.stream(adminNode.context().getBeanDefinitionNames())
			.map((name) -> adminNode.context().getType(name))
			.filter((type) -> type != null && type.getName().startsWith("dev.keyway.admin."))
			.peek((type) -> {
				Class<?> declared = type.getName().contains("$$") ? type.getSuperclass() : type;
				assertThat(declared.isAnnotationPresent(dev.keyway.admin.AdminUi.class) || declared.getEnclosingClass() != null
						&& declared.getEnclosingClass().isAnnotationPresent(dev.keyway.admin.AdminUi.class))
					.as(declared.getName())
					.isTrue();
			})
			.count();
		assertThat(adminBeans).isGreaterThan(20);
	}

	@Test
	void adminSwitchWhenNotTrueOrFalseThenRefusedWithTheValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> AdminSwitch.adminEnabled("yes"))
			.withMessage("keyway.admin.enabled must be true or false; got \"yes\"");
		assertThatIllegalArgumentException().isThrownBy(() -> AdminSwitch.adminEnabled(" false"));
		assertThat(AdminSwitch.adminEnabled(null)).isTrue();
		assertThat(AdminSwitch.adminEnabled("TRUE")).isTrue();
		assertThat(AdminSwitch.adminEnabled("False")).isFalse();
	}

	@Test
	void adminSwitchWhenNodeStartedWithABadValueThenRefusedBeforeTheDatabase() {
		assertThatThrownBy(() -> KeywayNode.start(TestDatabases.newH2Database(), "x", Map.of("keyway.admin.enabled", "off")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("keyway.admin.enabled must be true or false; got \"off\"");
	}

	/** As a fast-start launcher built with the admin (Spring AOT froze its beans) started as an API node. */
	@Test
	void adminSwitchCheckWhenBeansDisagreeWithTheSwitchThenRefusedWithTheBuildCommand() {
		DefaultListableBeanFactory withAdmin = new DefaultListableBeanFactory();
		withAdmin.registerBeanDefinition("adminBean", new RootBeanDefinition(AdminBean.class));
		DefaultListableBeanFactory withoutAdmin = new DefaultListableBeanFactory();

		assertThatIllegalStateException().isThrownBy(() -> check(withAdmin, "false"))
			.withMessage("keyway.admin.enabled=false, but this artifact was built with the admin (Spring AOT decides it at "
					+ "build time): build it with tools/build-fast-start -Dkeyway.admin.enabled=false, or start it without that setting");
		assertThatIllegalStateException().isThrownBy(() -> check(withoutAdmin, null))
			.withMessageStartingWith("keyway.admin.enabled=true, but this artifact was built without the admin");
		check(withAdmin, null);
		check(withoutAdmin, "false");
	}

	private static void check(DefaultListableBeanFactory beans, String value) {
		AdminSwitchCheck check = new AdminSwitchCheck();
		MockEnvironment environment = new MockEnvironment();
		if (value != null) {
			environment.setProperty("keyway.admin.enabled", value);
		}
		check.setEnvironment(environment);
		check.postProcessBeanFactory(beans);
	}

	@dev.keyway.admin.AdminUi
	static class AdminBean {

	}

	@Test
	void adminSwitchWhenApiNodeThenTheOperatorsExclusionsKept() {
		MockEnvironment environment = new MockEnvironment().withProperty("keyway.admin.enabled", "false")
			.withProperty("spring.autoconfigure.exclude[0]", "com.example.One")
			.withProperty("spring.autoconfigure.exclude[1]", "com.example.Two");

		new AdminSwitch().postProcessEnvironment(environment, null);

		assertThat(Binder.get(environment).bind(AdminSwitch.EXCLUDE, String[].class).get()).startsWith("com.example.One",
				"com.example.Two")
			.contains(AdminSwitch.ADMIN_ONLY.toArray(String[]::new))
			.hasSize(2 + AdminSwitch.ADMIN_ONLY.size());
	}

	@Test
	void adminSwitchWhenAdminNodeThenEnvironmentUntouched() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.autoconfigure.exclude", "com.example.One");

		new AdminSwitch().postProcessEnvironment(environment, null);

		assertThat(environment.getProperty(AdminSwitch.EXCLUDE)).isEqualTo("com.example.One");
	}

}
