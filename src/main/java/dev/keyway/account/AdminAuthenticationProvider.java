package dev.keyway.account;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Admin sign-in for Spring Security (the admin UI's form login) through {@link AdminAccounts}, so a
 * failed sign-in counts toward the lock-out like every other password check, and the sign-in limit of
 * the caller's address applies. The principal is the {@link AdminUser}.
 */
// none on an API node (keyway.admin.enabled=false), which checks no admin password (a review: a chain added there
// later with form login or HTTP Basic would have checked them quietly); the name is dev.keyway.admin.AdminUi's switch
@ConditionalOnBooleanProperty(name = "keyway.admin.enabled", matchIfMissing = true)
@Component
class AdminAuthenticationProvider implements AuthenticationProvider {

	static final String ROLE = "ROLE_ADMIN";

	private final AdminAccounts accounts;

	AdminAuthenticationProvider(AdminAccounts accounts) {
		this.accounts = accounts;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String username = String.valueOf(authentication.getPrincipal());
		String password = (authentication.getCredentials() != null) ? authentication.getCredentials().toString() : null;
		try {
			AdminUser user = this.accounts.signIn(username, password, source(authentication));
			return UsernamePasswordAuthenticationToken.authenticated(user, null,
					List.of(new SimpleGrantedAuthority(ROLE)));
		}
		catch (SignInFailedException ex) {
			if (ex.throttled()) {
				throw new SignInThrottledException(ex.getMessage());
			}
			if (ex.locked()) {
				throw new LockedException(ex.getMessage());
			}
			throw new BadCredentialsException(ex.getMessage());
		}
	}

	/** The caller's address as the servlet saw it (forwarded headers only from trusted proxies). */
	private static String source(Authentication authentication) {
		return (authentication.getDetails() instanceof WebAuthenticationDetails details) ? details.getRemoteAddress()
				: null;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
