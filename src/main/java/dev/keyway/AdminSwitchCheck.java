package dev.keyway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.keyway.admin.AdminUi;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses a start whose admin beans disagree with {@code keyway.admin.enabled}: with Spring AOT (the fast-start
 * launcher) the beans are decided when the artifact is built, so a launcher built with the admin and started with
 * {@code --keyway.admin.enabled=false} would still serve the admin on a node the operator meant to have none (and
 * the other way round). The refusal says how to build the launcher that was meant. It reads the bean definitions
 * before any bean exists (a review: as a bean of its own it could run after the first admin was created and its
 * password logged, or the database migrated).
 */
@Component
class AdminSwitchCheck implements BeanFactoryPostProcessor, EnvironmentAware {

	private static final Logger log = LoggerFactory.getLogger(AdminSwitchCheck.class);

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beans) {
		boolean wanted = AdminSwitch.adminEnabled(this.environment.getProperty(AdminUi.ENABLED));
		boolean built = beans.getBeanNamesForAnnotation(AdminUi.class).length > 0;
		if (wanted != built) {
			throw new IllegalStateException(AdminUi.ENABLED + "=" + wanted + ", but this artifact was built "
					+ (built ? "with" : "without") + " the admin (Spring AOT decides it at build time): build it with "
					+ "tools/build-fast-start -D" + AdminUi.ENABLED + "=" + wanted + ", or start it without that setting");
		}
		if (!wanted) {
			log.info("An API node ({}=false): no admin UI and no admin password on this node (docs/DEPLOYMENT.md § 9)",
					AdminUi.ENABLED);
		}
	}

}
