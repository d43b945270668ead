package dev.keyway.webapi;

/** Which first segments of {@code /rest/<segment>/V1/...} are store codes (SPEC 5.1). */
public interface StoreCodes {

	/** The store code of {@code /rest/V1/...}. */
	String DEFAULT = "default";

	/** The code that addresses all store views; GET is refused with it. */
	String ALL = "all";

	boolean exists(String code);

}
