package dev.coda.platform;

import com.fasterxml.jackson.databind.Module;
import dev.coda.platform.http.NulFreeParameters;
import dev.coda.platform.http.NulFreeText;
import dev.coda.platform.problems.ApiProblems;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Shared HTTP-edge behaviour of the Boot 3 services. */
@AutoConfiguration
@Import(ApiProblems.class)
public class ProblemsAutoConfiguration {

    /** Request bodies with a NUL character in a string are the client's mistake (400), never stored. */
    @Bean
    Module nulFreeText() {
        return new NulFreeText();
    }

    /** So are query parameters with one. */
    @Bean
    WebMvcConfigurer nulFreeParameters() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new NulFreeParameters());
            }
        };
    }
}
