package dev.coda.platform;

import dev.coda.platform.problems.ApiProblems;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** Shared HTTP-edge behaviour of the Boot 3 services. */
@AutoConfiguration
@Import(ApiProblems.class)
public class ProblemsAutoConfiguration {
}
