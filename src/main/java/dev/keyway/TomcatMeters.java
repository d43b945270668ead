package dev.keyway;

import java.util.List;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.tomcat.TomcatMetrics;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Manager;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Tomcat's meters ({@code tomcat_sessions_*}, and {@code tomcat_threads_*} and the like when an operator
 * turns on {@code server.tomcat.mbeanregistry.enabled}), bound as Spring Boot's own binder does, which is
 * excluded ({@link KeywayApplication}) for one reason: Micrometer's {@link TomcatMetrics} asks for the JVM's
 * platform MBean server when no MBean server exists yet, and creating that server registers every platform
 * MXBean, whose diagnostic-command MBean has Java Flight Recorder parse its settings files to describe its
 * commands, for MBeans Keyway never reads: 0.05–0.1 s of the fast-start launcher's ~3.7 s on one core
 * (docs/DECISIONS.md, "Start-up, twenty-second session"). Here an existing MBean server is used as before
 * (Tomcat's, when its MBean registry is on, so the same meters come out), and otherwise an empty one that
 * no one else sees, which gives what the platform server gave: no Tomcat MBeans, the session meters from
 * the context's manager.
 */
@Component
class TomcatMeters implements ApplicationListener<ApplicationStartedEvent>, DisposableBean {

	private final MeterRegistry registry;

	private volatile TomcatMetrics metrics;

	TomcatMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		if (this.metrics == null && event.getApplicationContext() instanceof WebServerApplicationContext context
				&& context.getWebServer() instanceof TomcatWebServer tomcat) {
			this.metrics = new TomcatMetrics(manager(tomcat), List.of(), mBeanServer());
			this.metrics.bindTo(this.registry);
		}
	}

	/** The first MBean server someone created, or a new one of this binder's own (never the platform's). */
	static MBeanServer mBeanServer() {
		List<MBeanServer> servers = MBeanServerFactory.findMBeanServer(null);
		return servers.isEmpty() ? MBeanServerFactory.newMBeanServer() : servers.get(0);
	}

	private static Manager manager(TomcatWebServer tomcat) {
		for (Container child : tomcat.getTomcat().getHost().findChildren()) {
			if (child instanceof Context context) {
				return context.getManager();
			}
		}
		return null;
	}

	@Override
	public void destroy() {
		TomcatMetrics bound = this.metrics;
		if (bound != null) {
			bound.close();
		}
	}

}
