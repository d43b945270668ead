package dev.keyway.oauth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The master key ring and what is built on it. */
@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

	@Bean
	MasterKeyRing masterKeyRing(CryptoProperties properties) {
		if (properties.rotate()) {
			if (!properties.masterKeys().isEmpty()) {
				throw new IllegalStateException("keyway.crypto.rotate=true needs a key file, but keyway.crypto.master-keys "
						+ "is set: put a new base64 key first in keyway.crypto.master-keys and start with "
						+ "keyway.crypto.reencrypt=true instead");
			}
			MasterKeyRing.load(properties);
			return MasterKeyRing.rotateFile(properties.masterKeyFile());
		}
		return MasterKeyRing.load(properties);
	}

	@Bean
	SecretCipher secretCipher(MasterKeyRing ring) {
		return new SecretCipher(ring);
	}

	@Bean
	TokenHasher tokenHasher(MasterKeyRing ring) {
		return new TokenHasher(ring);
	}

	@Bean
	TokenGenerator tokenGenerator() {
		return new TokenGenerator();
	}

}
