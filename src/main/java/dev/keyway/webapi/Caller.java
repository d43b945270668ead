package dev.keyway.webapi;

import dev.keyway.acl.Grant;
import dev.keyway.audit.Actor;

/** Who makes a Web API call (SPEC 5.2): a guest, an admin (token) or an integration. */
public sealed interface Caller {

	/** True when the caller holds every one of the route's resources (SPEC 5.3). */
	boolean allows(java.util.List<String> resources);

	/** The audit actor for this caller. */
	Actor actor(String sourceAddress);

	/**
	 * No credentials, or credentials that identify nobody. {@code because} says why credentials that
	 * were sent only make a guest (an unknown or disabled Bearer token, an inactive integration), so a
	 * later refusal of the route can be explained (issue 16.1); null for a call without credentials.
	 *
	 * @param consumerId the consumer the credentials named, or 0
	 */
	record Guest(dev.keyway.oauth.RefusalReason because, long consumerId) implements Caller {

		public static final Guest INSTANCE = new Guest(null, 0);

		@Override
		public boolean allows(java.util.List<String> resources) {
			return Grant.none().allows(resources);
		}

		@Override
		public Actor actor(String sourceAddress) {
			return new Actor(Actor.Kind.SYSTEM, null, "guest", sourceAddress);
		}

	}

	/** An admin, through an admin token: every resource. */
	record Admin(long id, String username) implements Caller {

		@Override
		public boolean allows(java.util.List<String> resources) {
			return true;
		}

		@Override
		public Actor actor(String sourceAddress) {
			return Actor.admin(this.id, this.username, sourceAddress);
		}

	}

	/** An Active integration with its grant. */
	record Integration(long id, String name, Grant grant) implements Caller {

		@Override
		public boolean allows(java.util.List<String> resources) {
			return this.grant.allows(resources);
		}

		@Override
		public Actor actor(String sourceAddress) {
			return Actor.integration(this.id, this.name, sourceAddress);
		}

	}

}
