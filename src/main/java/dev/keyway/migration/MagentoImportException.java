package dev.keyway.migration;

/** Why an import (or export) stops: its message names the broken rule and the value, never a secret. */
public class MagentoImportException extends RuntimeException {

	public MagentoImportException(String message) {
		super(message);
	}

	public MagentoImportException(String message, Throwable cause) {
		super(message, cause);
	}

}
