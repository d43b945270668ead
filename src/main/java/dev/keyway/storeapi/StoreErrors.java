package dev.keyway.storeapi;

import dev.keyway.store.StoreException;
import dev.keyway.webapi.ApiException;
import dev.keyway.webapi.ErrorTranslator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the store's refusals mean on the Web API (issue 13.3): not found is a 404, anything else a
 * 400 with the store's message and parameters; several problems are aggregated as Magento does.
 * The handlers throw {@link StoreException}; the pipeline's error step answers it with this.
 */
@Configuration(proxyBeanMethods = false)
class StoreErrors {

	@Bean
	ErrorTranslator<StoreException> storeExceptionTranslator() {
		return ErrorTranslator.of(StoreException.class, StoreErrors::translate);
	}

	static ApiException translate(StoreException ex) {
		return switch (ex.reason()) {
			case NOT_FOUND -> new ApiException(404, ex.getMessage(), ex.parameters());
			case INVALID -> (ex.problems().size() > 1) ? ApiException
				.inputErrors(ex.problems().stream().map((problem) -> new ApiException.Item(problem, null)).toList())
					: new ApiException(400, ex.getMessage(), ex.parameters());
			default -> new ApiException(400, ex.getMessage(), ex.parameters());
		};
	}

}
