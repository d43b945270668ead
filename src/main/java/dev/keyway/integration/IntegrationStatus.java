package dev.keyway.integration;

/** Status of an integration (SPEC 2.1), with Magento's numeric codes. */
public enum IntegrationStatus {

	INACTIVE(0, "Inactive"), ACTIVE(1, "Active"), RESET(2, "Reset");

	private final int code;

	private final String label;

	IntegrationStatus(int code, String label) {
		this.code = code;
		this.label = label;
	}

	public int code() {
		return this.code;
	}

	public String label() {
		return this.label;
	}

	public static IntegrationStatus ofCode(int code) {
		for (IntegrationStatus status : values()) {
			if (status.code == code) {
				return status;
			}
		}
		throw new IllegalArgumentException("No integration status with code " + code + "; known: 0, 1, 2");
	}

}
