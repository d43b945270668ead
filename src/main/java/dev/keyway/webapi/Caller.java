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
	record Guest(dev.keyway.oauth.RefusalReason because, java.util.function.LongSupplier consumer) implements Caller {

		public static final Guest INSTANCE = new Guest(null, 0);

		Guest(dev.keyway.oauth.RefusalReason because, long consumerId) {
			this(because, () -> consumerId);
		}

		/**
		 * The consumer the refusal is recorded under (0: none), found only when the route refuses the guest: a
		 * Bearer token sent while the setting is off is looked up then, not on every call that carries one (a
		 * review: random well-formed tokens cost a look-up each, on guest routes too).
		 */
		long consumerId() {
			return this.consumer.getAsLong();
		}

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
