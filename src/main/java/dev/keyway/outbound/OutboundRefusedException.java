package dev.keyway.outbound;

import java.io.IOException;

/**
 * An outbound call Keyway refused to make, before any connection: the message names the URL, the
 * address and the rule (and the property that would allow it), for the admin to read.
 */
public class OutboundRefusedException extends IOException {

	public OutboundRefusedException(String message) {
		super(message);
	}

}
