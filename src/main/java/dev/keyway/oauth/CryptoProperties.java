package dev.keyway.oauth;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Start-up configuration of the master key ring that protects secrets at rest.
 *
 * @param masterKeys base64 256-bit AES keys separated by commas, the first one active; when empty
 * the ring is read from (or created in) {@code masterKeyFile}
 * @param masterKeyFile key ring file: one base64 key per line, the first one active
 * @param reencrypt re-encrypt every stored secret and re-hash every token under the active key at
 * start-up
 * @param rotate put a new active key at the top of the key file, then re-encrypt
 */
@ConfigurationProperties("keyway.crypto")
public record CryptoProperties(String masterKeys, Path masterKeyFile, boolean reencrypt, boolean rotate) {

	public CryptoProperties {
		masterKeys = (masterKeys != null) ? masterKeys.strip() : "";
	}

}
