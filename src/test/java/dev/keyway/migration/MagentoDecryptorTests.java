package dev.keyway.migration;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Magento's legacy encrypted formats, written by phpseclib3 (Debian's php-phpseclib3), decrypted by
 * the import; and env.php's key entry in the syntaxes merchants have.
 */
@DatabaseIndependent
class MagentoDecryptorTests {

	private static final String OLD_KEY = "0123456789abcdef0123456789abcdef";

	private static final String CURRENT_KEY = "fedcba9876543210fedcba9876543210";

	private static final MagentoKeys KEYS = MagentoKeys.parse(OLD_KEY + "\n" + CURRENT_KEY);

	private static String php(String cipher, String version, String key, String plaintext)
			throws IOException, InterruptedException, URISyntaxException {
		Path script = Path.of(MagentoDecryptorTests.class.getResource("/magento/magento-legacy-encrypt.php").toURI());
		Process php = new ProcessBuilder("php", script.toString(), cipher, version, key, plaintext).start();
		String out = new String(php.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(php.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(php.exitValue()).as(new String(php.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
		return out;
	}

	@ParameterizedTest
	@ValueSource(strings = { "2", "1", "0" })
	void decryptWhenLegacyMcryptFormatThenPlaintext(String cipher) throws Exception {
		String secret = MagentoFixture.random(32);
		String encrypted = php(cipher, "1", CURRENT_KEY, secret);
		assertThat(encrypted).startsWith("1:" + cipher + ":");

		assertThat(new MagentoDecryptor(KEYS).decrypt(encrypted, "test value")).isEqualTo(secret);
	}

	@Test
	void decryptWhenOlderKeyVersionThenThatKeyIsUsed() throws Exception {
		String secret = MagentoFixture.random(32);

		assertThat(new MagentoDecryptor(KEYS).decrypt(php("2", "0", OLD_KEY, secret), "test value")).isEqualTo(secret);
	}

	@Test
	void decryptWhenWrongKeyThenRefusedWithoutTheValue() throws Exception {
		String encrypted = php("1", "1", OLD_KEY, MagentoFixture.random(32));

		assertThatThrownBy(() -> new MagentoDecryptor(KEYS).decrypt(encrypted, "oauth_consumer.secret of integration 7"))
			.isInstanceOf(MagentoImportException.class)
			.hasMessageStartingWith("oauth_consumer.secret of integration 7");
	}

	@Test
	void decryptWhenKeyVersionMissingThenRefusedNamingTheVersions() {
		assertThatThrownBy(() -> new MagentoDecryptor(KEYS).decrypt("5:3:AAAA", "a value"))
			.isInstanceOf(MagentoImportException.class)
			.hasMessageContaining("key version 5 but env.php holds 2 key(s) (versions 0..1)");
	}

	@Test
	void fromEnvFileWhenArraySyntaxAndDoubleQuotesThenKeysInOrder() throws Exception {
		Path env = java.nio.file.Files.createTempFile("env", ".php");
		java.nio.file.Files.writeString(env, "<?php return array(\"crypt\" => array(\"key\" => \"" + OLD_KEY + "\\n"
				+ "base64AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"));");
		try {
			MagentoKeys keys = MagentoKeys.fromEnvFile(env);

			assertThat(keys.keys()).hasSize(2);
			assertThat(new String(keys.version(0), StandardCharsets.ISO_8859_1)).isEqualTo(OLD_KEY);
			assertThat(keys.version(1)).hasSize(32).startsWith(0, 1, 2);
		}
		finally {
			java.nio.file.Files.delete(env);
		}
	}

	@Test
	void fromEnvFileWhenFileMissingThenRefusalSaysSo() {
		assertThatThrownBy(() -> MagentoKeys.fromEnvFile(Path.of("no-such-dir", "env.php")))
			.isInstanceOf(MagentoImportException.class)
			.hasMessage("Cannot read the env.php file " + Path.of("no-such-dir", "env.php") + ": no such file");
	}

	@Test
	void parseWhenBase64KeyIsNotBase64ThenRefusedNamingTheKeyNotItsValue() {
		assertThatThrownBy(() -> MagentoKeys.parse(OLD_KEY + " base64not*base64"))
			.isInstanceOf(MagentoImportException.class)
			.hasMessage("Key 2 of the 'crypt' entry starts with 'base64' but the rest is not Base64; Magento 2.4.7+ "
					+ "writes 'base64' and the key's 32 bytes in Base64")
			.hasMessageNotContaining("not*base64");
	}

}
