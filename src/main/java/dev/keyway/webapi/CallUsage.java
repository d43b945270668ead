package dev.keyway.webapi;

/**
 * Told of every call an integration makes that passes authorization (issue 16.3), on the request's
 * thread: implementations must return at once (count in memory, write in batches).
 */
public interface CallUsage {

	void used(long integrationId, String remoteAddress);

}
