package dev.keyway.migration;

import java.util.List;

import dev.keyway.integration.IntegrationStatus;
import dev.keyway.oauth.ExistingCredentials;

/**
 * One Magento integration ready to be taken over: its fields, status, decrypted credentials and the
 * resources of its role ({@code all} for {@code Magento_Backend::all}).
 *
 * @param magentoId {@code integration.integration_id}, named in messages
 * @param configDeclared true for Magento's setup type 1 (declared by a module's config), imported as manual
 */
record MagentoIntegration(long magentoId, String name, String email, String endpoint, String identityLinkUrl,
		IntegrationStatus status, boolean configDeclared, ExistingCredentials credentials, boolean all,
		List<String> resources) {

	@Override
	public String toString() {
		return "MagentoIntegration[" + this.magentoId + ", " + this.name + ", secrets hidden]";
	}

}
