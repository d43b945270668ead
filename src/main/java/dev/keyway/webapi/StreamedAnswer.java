package dev.keyway.webapi;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What a handler returns when it writes the response itself (the gateway streams an upstream's
 * answer, issue 15.2) instead of a body for {@link ResponseWriter}. The pipeline has authenticated
 * and authorized the call before; an exception thrown before the response is committed still goes
 * to the one error step.
 */
@FunctionalInterface
public interface StreamedAnswer {

	void answer(HttpServletRequest request, HttpServletResponse response) throws IOException;

	/**
	 * Starts the answer without blocking the event loop the call runs on (the event-loop listener, issue 14.1), or
	 * returns false to have {@link #answer} run on a worker. An answer that starts must end the call.
	 */
	default boolean answerOnEventLoop(EventLoopCall call) {
		return false;
	}

}
