package dev.keyway.webapi;

/**
 * How a module tells the Web API what its domain exceptions mean in Magento's terms (status,
 * message, parameters, SPEC 5.5). Handlers throw their module's exceptions; the pipeline's one
 * error step ({@link ApiErrors}) asks the translator registered for the exception's class (or the
 * nearest superclass).
 * @param <E> the exception this translator answers
 */
public interface ErrorTranslator<E extends RuntimeException> {

	Class<E> type();

	ApiException translate(E exception);

	/** A translator from a class and a function. */
	static <E extends RuntimeException> ErrorTranslator<E> of(Class<E> type,
			java.util.function.Function<E, ApiException> translation) {
		return new ErrorTranslator<>() {

			@Override
			public Class<E> type() {
				return type;
			}

			@Override
			public ApiException translate(E exception) {
				return translation.apply(exception);
			}

		};
	}

}
