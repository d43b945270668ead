package dev.keyway.oauth;

/**
 * Told of every refused call (Web API, token endpoints, verify-only endpoints), on the request's
 * thread: implementations must return at once (count in memory, queue the record).
 */
public interface RefusalObserver {

	void refused(Refusal refusal);

}
