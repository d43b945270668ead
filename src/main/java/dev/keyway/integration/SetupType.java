package dev.keyway.integration;

/** How an integration came to be (SPEC 2.1), with Magento's numeric codes. */
public enum SetupType {

	/** Created by an admin or through the management API. */
	MANUAL(0),

	/** Declared in the operator's integrations file (SPEC 2.7); read-only. */
	CONFIG(1);

	private final int code;

	SetupType(int code) {
		this.code = code;
	}

	public int code() {
		return this.code;
	}

	public static SetupType ofCode(int code) {
		return (code == 1) ? CONFIG : MANUAL;
	}

}
