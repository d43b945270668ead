package dev.keyway.webapi;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * BENCHMARK ONLY (bench/eventloop): when {@code keyway.probe.loop-port} and {@code keyway.probe.worker-port} are
 * set, the Web API also answers on those two Reactor Netty ports (on the event loop; handed to a pool of 200
 * workers, Tomcat's default maximum), beside Tomcat on {@code server.port}.
 */
@AutoConfiguration
class EventLoopProbeConfiguration {

	@Bean
	SmartLifecycle eventLoopProbes(ListableBeanFactory beans, CallMetrics metrics, Environment environment) {
		return new SmartLifecycle() {

			private EventLoopProbe loop;

			private EventLoopProbe worker;

			@Override
			public void start() {
				Integer loopPort = environment.getProperty("keyway.probe.loop-port", Integer.class);
				Integer workerPort = environment.getProperty("keyway.probe.worker-port", Integer.class);
				if (loopPort == null || workerPort == null) {
					return;
				}
				WebApiServlet servlet = null;
				for (ServletRegistrationBean<?> registration : beans.getBeansOfType(ServletRegistrationBean.class)
					.values()) {
					if (registration.getServlet() instanceof WebApiServlet webApi) {
						servlet = webApi;
					}
				}
				String host = environment.getProperty("server.address", "127.0.0.1");
				this.loop = new EventLoopProbe(servlet, metrics, beans, null);
				this.loop.start(host, loopPort);
				ThreadPoolExecutor pool = new ThreadPoolExecutor(10, 200, 60, TimeUnit.SECONDS,
						new LinkedBlockingQueue<>());
				this.worker = new EventLoopProbe(servlet, metrics, beans, pool);
				this.worker.start(host, workerPort);
			}

			@Override
			public void stop() {
				if (this.loop != null) {
					this.loop.stop();
					this.worker.stop();
				}
			}

			@Override
			public boolean isRunning() {
				return this.loop != null;
			}

		};
	}

}
