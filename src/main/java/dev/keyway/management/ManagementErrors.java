package dev.keyway.management;

import java.util.Map;

import dev.keyway.account.SignInFailedException;
import dev.keyway.integration.FieldError;
import dev.keyway.integration.IntegrationException;
import dev.keyway.settings.InvalidSettingsException;
import dev.keyway.webapi.ApiException;
import dev.keyway.webapi.ErrorTranslator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the management modules' refusals mean on the Web API (issue 13.3): the handlers throw them,
 * the pipeline's error step answers them with these translations.
 */
@Configuration(proxyBeanMethods = false)
class ManagementErrors {

	/** The lifecycle's refusals (SPEC 2) with their messages; field errors aggregated as Magento does. */
	@Bean
	ErrorTranslator<IntegrationException> integrationErrors() {
		return ErrorTranslator.of(IntegrationException.class, ManagementErrors::integration);
	}

	/** Invalid runtime settings (SPEC 2.8): one input error per setting, with its path and value. */
	@Bean
	ErrorTranslator<InvalidSettingsException> settingsErrors() {
		return ErrorTranslator.of(InvalidSettingsException.class, (ex) -> ApiException.inputErrors(ex.errors()
			.stream()
			.map((error) -> new ApiException.Item(error.getMessage(),
					Map.of("path", error.path(), "value", String.valueOf(error.value()))))
			.toList()));
	}

	/**
	 * A refused admin sign-in (SPEC 5.2): 401 with Magento's message, also when the source address
	 * made too many attempts (Magento answers its own throttling so).
	 */
	@Bean
	ErrorTranslator<SignInFailedException> signInErrors() {
		return ErrorTranslator.of(SignInFailedException.class,
				(ex) -> new ApiException(401, SignInFailedException.MESSAGE));
	}

	static ApiException integration(IntegrationException ex) {
		return switch (ex.reason()) {
			case INVALID -> ApiException.inputErrors(ex.fieldErrors()
				.stream()
				.map((FieldError error) -> new ApiException.Item(error.message(), Map.of("field", error.field())))
				.toList());
			case NOT_FOUND -> ApiException.notFound(ex.getMessage());
			case FORBIDDEN -> new ApiException(403, ex.getMessage());
			case CALLBACK_FAILED -> new ApiException(502, ex.getMessage());
			case CONFLICT -> new ApiException(409, ex.getMessage());
			case DUPLICATE_NAME, READ_ONLY, WRONG_STATUS -> ApiException.badRequest(ex.getMessage());
		};
	}

}
