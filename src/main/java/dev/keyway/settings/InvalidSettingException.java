package dev.keyway.settings;

/** A submitted setting value that breaks its rule; the message names the rule and shows the value. */
public class InvalidSettingException extends RuntimeException {

	private final String path;

	private final String value;

	InvalidSettingException(Setting setting, String value, String message) {
		this(setting.path(), value, message);
	}

	InvalidSettingException(String path, String value, String message) {
		super(message);
		this.path = cut(path);
		this.value = cut(value);
	}

	/** Kept (and answered) cut to 64 characters: a refused value may be as long as a request body. */
	private static String cut(String text) {
		return (text == null || text.length() <= 64) ? text : text.substring(0, 64) + "…";
	}

	public String path() {
		return this.path;
	}

	public String value() {
		return this.value;
	}

}
