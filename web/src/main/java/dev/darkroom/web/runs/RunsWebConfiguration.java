package dev.darkroom.web.runs;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The runs dashboard's settings ({@code darkroom.web.sse.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RunStreamProperties.class)
class RunsWebConfiguration {}
