package dev.keyway.gateway;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Start-up configuration of the gateway.
 *
 * @param file the operator's YAML file of ACL resources and upstreams (docs/GATEWAY.md), or null for none
 */
@ConfigurationProperties("keyway.gateway")
public record GatewayProperties(Path file) {
}
