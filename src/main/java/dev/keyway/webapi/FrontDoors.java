package dev.keyway.webapi;

import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.core.Ordered;

/**
 * Puts a {@link FrontDoor} before every {@link ApiEndpoint} servlet, on the servlet's own URL
 * patterns. It is the first initializer, so each front door is the first filter Tomcat runs for its
 * paths (FrontDoorTests reads Tomcat's filter maps); for the {@code REQUEST} dispatch only — an error
 * page dispatch goes through the usual filters.
 */
final class FrontDoors implements ServletContextInitializer, Ordered {

	private final ListableBeanFactory beans;

	private final CallMetrics metrics;

	FrontDoors(ListableBeanFactory beans, CallMetrics metrics) {
		this.beans = beans;
		this.metrics = metrics;
	}

	@Override
	public void onStartup(ServletContext context) {
		for (ServletRegistrationBean<?> registration : this.beans.getBeansOfType(ServletRegistrationBean.class)
			.values()) {
			if (registration.isEnabled() && registration.getServlet() instanceof ApiEndpoint
					&& registration.getServlet() instanceof HttpServlet servlet) {
				FilterRegistration.Dynamic filter = context.addFilter(frontDoorName(registration.getServletName()),
						new FrontDoor(registration.getServletName(), servlet, this.metrics, this.beans));
				filter.setAsyncSupported(true);
				filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false,
						registration.getUrlMappings().toArray(String[]::new));
			}
		}
	}

	static String frontDoorName(String servletName) {
		return servletName + "FrontDoor";
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
