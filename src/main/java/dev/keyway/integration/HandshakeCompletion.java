package dev.keyway.integration;

import dev.keyway.audit.Actor;
import dev.keyway.oauth.AccessTokenIssued;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Ends the handshake (SPEC 2.4 step 4): when {@code /oauth/token/access} issues the access token,
 * the integration becomes Active in the same transaction.
 */
@Component
class HandshakeCompletion {

	private final IntegrationStore store;

	private final IntegrationService service;

	HandshakeCompletion(IntegrationStore store, IntegrationService service) {
		this.store = store;
		this.service = service;
	}

	@EventListener
	void on(AccessTokenIssued event) {
		this.store.findByConsumer(event.consumerId()).ifPresent((row) -> {
			Integration integration = this.service.get(row.id());
			this.service.setStatus(integration, IntegrationStatus.ACTIVE,
					Actor.integration(integration.id(), integration.name(), event.sourceAddress()), "integration.handshake_complete");
		});
	}

}
