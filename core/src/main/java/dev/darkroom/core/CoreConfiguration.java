package dev.darkroom.core;

import dev.darkroom.core.config.DarkroomProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The catalog repositories and shared settings; every Darkroom application imports it. */
@Configuration(proxyBeanMethods = false)
@ComponentScan("dev.darkroom.core")
@EnableConfigurationProperties(DarkroomProperties.class)
public class CoreConfiguration {}
