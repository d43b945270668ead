package dev.keyway.oauth;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /oauth/token/request} and {@code POST /oauth/token/access} (SPEC 4.1, 4.7): success
 * {@code oauth_token=...&oauth_token_secret=...}; failure {@code oauth_problem=<text>} with 400, 401,
 * or 500 ({@code internal_error&message=...}), encoded as PHP's {@code http_build_query} does.
 */
@RestController
class TokenEndpoints {

	private static final Logger log = LoggerFactory.getLogger(TokenEndpoints.class);

	private static final MediaType FORM = MediaType.parseMediaType(OAuthProblem.FORM_TYPE);

	/** Form bodies larger than this are not OAuth requests; refused before they are read. */
	static final int MAX_FORM_BYTES = 64 * 1024;

	private static final RequestBody.Refusals FORM_REFUSALS = new RequestBody.Refusals() {

		@Override
		public RuntimeException tooLarge(long size, long max) {
			return OAuthProblem.input("The form body is larger than " + MAX_FORM_BYTES + " bytes.");
		}

		@Override
		public RuntimeException unreadable(IOException ex) {
			return OAuthProblem.input("The request body could not be read: " + ex.getMessage());
		}

	};

	private final TokenExchange exchange;

	private final List<RefusalObserver> observers;

	TokenEndpoints(TokenExchange exchange, List<RefusalObserver> observers) {
		this.exchange = exchange;
		this.observers = List.copyOf(observers);
	}

	@PostMapping("/oauth/token/request")
	ResponseEntity<String> request(HttpServletRequest request) {
		return answer(request, this.exchange::requestToken);
	}

	@PostMapping("/oauth/token/access")
	ResponseEntity<String> access(HttpServletRequest request) {
		return answer(request, (oauth) -> this.exchange.accessToken(oauth, request.getRemoteAddr()));
	}

	/**
	 * Any other method (SPEC 4.7): 405 in the endpoints' own form, saying which method they take, rather
	 * than the container's JSON error page, which an OAuth client does not parse. HEAD is GET's. Told to the
	 * {@link RefusalObserver}s as a malformed request, under the consumer the request names when it is known.
	 */
	@RequestMapping(path = { "/oauth/token/request", "/oauth/token/access" }, method = { RequestMethod.GET,
			RequestMethod.PUT, RequestMethod.DELETE, RequestMethod.PATCH })
	ResponseEntity<String> otherMethod(HttpServletRequest request) {
		RefusalFacts facts;
		try {
			// the header's or the query's parameters (a form body is read for POST only)
			facts = this.exchange.wrongMethod(OAuthRequest.of(request, null));
		}
		catch (RuntimeException unnamed) {
			// a parameter given twice (no consumer named), or a look-up that failed (the database away): the 405
			// does not depend on it
			facts = RefusalFacts.NONE.withHint(Hints.POST_ONLY);
		}
		tell(new Refusal(RefusalReason.MALFORMED_REQUEST, facts.consumerId(), 0, request.getMethod(),
				request.getRequestURI(), request.getRemoteAddr(), facts));
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
			.header("Allow", "POST")
			.contentType(FORM)
			.body(OAuthProblem.formBody("The OAuth token endpoints take POST only; got " + request.getMethod() + "."));
	}

	/** OPTIONS says what the 405 says (Spring's own answer would list the methods mapped above to refuse them). */
	@RequestMapping(path = { "/oauth/token/request", "/oauth/token/access" }, method = RequestMethod.OPTIONS)
	ResponseEntity<Void> options() {
		return ResponseEntity.ok().header("Allow", "POST, OPTIONS").build();
	}

	ResponseEntity<String> answer(HttpServletRequest request, Function<OAuthRequest, TokenExchange.Issued> step) {
		try {
			TokenExchange.Issued issued = step.apply(OAuthRequest.of(request, formBody(request)));
			return ResponseEntity.ok()
				.contentType(FORM)
				.body("oauth_token=" + OAuthProblem.urlencode(issued.token())
						+ "&oauth_token_secret=" + OAuthProblem.urlencode(issued.secret()));
		}
		catch (OAuthProblem problem) {
			Refusal refusal = new Refusal(problem.reason(), problem.facts().consumerId(), 0, request.getMethod(),
					request.getRequestURI(), request.getRemoteAddr(), problem.facts());
			tell(refusal);
			return ResponseEntity.status(problem.status()).contentType(FORM).body(OAuthProblem.formBody(problem.getMessage()));
		}
		catch (RuntimeException ex) {
			if (DatabaseUnavailability.is(ex)) {
				log.warn("OAuth token request {}: the database is unavailable ({})", request.getRequestURI(), ex.toString());
				return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
					.header("Retry-After", "5")
					.contentType(FORM)
					.body(OAuthProblem.formBody("internal_error&message=The database cannot be reached. Try again later."));
			}
			log.error("OAuth token request {} failed", request.getRequestURI(), ex);
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
				.contentType(FORM)
				.body(OAuthProblem.formBody("internal_error&message=" + describe(ex)));
		}
	}

	private void tell(Refusal refusal) {
		this.observers.forEach((observer) -> observer.refused(refusal));
	}

	/** The raw body when it is form-encoded, else null. */
	static byte[] formBody(HttpServletRequest request) {
		if (!RequestBody.isForm(request)) {
			return null;
		}
		return RequestBody.read(request, MAX_FORM_BYTES, FORM_REFUSALS);
	}

	/** The kind of failure, not its message: details stay in the log (Magento sends the message). */
	private static String describe(RuntimeException ex) {
		return ex.getClass().getSimpleName();
	}

}
