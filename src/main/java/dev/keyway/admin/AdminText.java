package dev.keyway.admin;

import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** The admin UI's own texts, from {@code messages.properties} (every UI text lives there). */
@AdminUi
@Component
class AdminText {

	private final MessageSource messages;

	AdminText(MessageSource messages) {
		this.messages = messages;
	}

	String get(String code, Object... arguments) {
		return this.messages.getMessage(code, arguments, Locale.ENGLISH);
	}

	/** The text, or null when messages.properties has no such key. */
	String getOrNull(String code, Object... arguments) {
		return this.messages.getMessage(code, arguments, null, Locale.ENGLISH);
	}

}
