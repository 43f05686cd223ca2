package dev.coda.platform;

import com.fasterxml.jackson.databind.Module;
import dev.coda.platform.http.NulFreeParameters;
import dev.coda.platform.http.NulFreeText;
import dev.coda.platform.http.ProblemReportValve;
import dev.coda.platform.http.RequestSizeLimit;
import dev.coda.platform.problems.ApiProblems;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
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

    /**
     * What Tomcat refuses before Spring sees it is answered as problem+json too: the host's error valve is ours
     * (added when the host starts, inside any valve added before, so it answers first).
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
        return factory -> factory.addContextCustomizers(context ->
                ((StandardHost) context.getParent()).setErrorReportValveClass(ProblemReportValve.class.getName()));
    }

    /**
     * Bodies over {@code coda.http.max-request-size} (16 MB: the largest legal feature or log batch is about
     * 12 MB of JSON) are answered 413 before they are read; first in the chain, before any filter reads one.
     */
    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(
            @Value("${coda.http.max-request-size:16MB}") DataSize maxRequestSize) {
        FilterRegistrationBean<RequestSizeLimit> registration =
                new FilterRegistrationBean<>(new RequestSizeLimit(maxRequestSize.toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
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
