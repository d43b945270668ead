package dev.keyway.audit;

/**
 * Who did something: an admin, an integration (through the management API) or the system itself
 * (start-up tasks), with the network address the request came from.
 */
public record Actor(Kind kind, Long id, String name, String sourceAddress) {

	/** The kinds of actor. */
	public enum Kind {

		ADMIN, INTEGRATION, SYSTEM;

		String column() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	public static Actor admin(long id, String name, String sourceAddress) {
		return new Actor(Kind.ADMIN, id, name, sourceAddress);
	}

	public static Actor integration(long id, String name, String sourceAddress) {
		return new Actor(Kind.INTEGRATION, id, name, sourceAddress);
	}

	public static Actor system(String what) {
		return new Actor(Kind.SYSTEM, null, what, null);
	}

}
