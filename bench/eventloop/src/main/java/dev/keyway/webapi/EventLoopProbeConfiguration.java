package dev.keyway.webapi;

import java.util.concurrent.TimeUnit;

import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * BENCHMARK ONLY (bench/eventloop): when {@code keyway.probe.loop-port} and {@code keyway.probe.worker-port} are
 * set, the Web API also answers on those two Reactor Netty ports (on the event loop; handed to a worker pool), beside
 * Tomcat on {@code server.port}. The worker pool is Tomcat's own executor with Tomcat's defaults (10 threads kept,
 * up to 200, a new thread only when every thread is busy), so the two hand-offs differ in the server only.
 */
@AutoConfiguration
class EventLoopProbeConfiguration {

	@Bean
	SmartLifecycle eventLoopProbes(ListableBeanFactory beans, CallMetrics metrics, Environment environment) {
		return new SmartLifecycle() {

			private EventLoopProbe loop;

			private EventLoopProbe worker;

			private ThreadPoolExecutor pool;

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
				TaskQueue queue = new TaskQueue();
				this.pool = new ThreadPoolExecutor(10, 200, 60, TimeUnit.SECONDS, queue);
				queue.setParent(this.pool);
				this.worker = new EventLoopProbe(servlet, metrics, beans, this.pool);
				this.worker.start(host, workerPort);
			}

			@Override
			public void stop() {
				if (this.loop != null) {
					this.loop.stop();
					this.worker.stop();
					this.pool.shutdown();
				}
			}

			@Override
			public boolean isRunning() {
				return this.loop != null;
			}

		};
	}

}
