package dev.keyway.settings;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem of one settings submission; nothing was changed. */
public class InvalidSettingsException extends RuntimeException {

	private final List<InvalidSettingException> errors;

	InvalidSettingsException(List<InvalidSettingException> errors) {
		super(errors.stream().map(Throwable::getMessage).collect(Collectors.joining(" ")));
		this.errors = List.copyOf(errors);
	}

	public List<InvalidSettingException> errors() {
		return this.errors;
	}

}
