package dev.coda.platform;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.coda.platform.http.NulFreeParameters;
import dev.coda.platform.http.NulFreeText;
import dev.coda.platform.http.ProblemReportValve;
import dev.coda.platform.http.RequestSizeLimit;
import dev.coda.platform.problems.ApiProblems;
import dev.coda.platform.problems.ErrorDispatchProblems;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
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
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class) // its error controller backs off for ours
@Import({ApiProblems.class, ErrorDispatchProblems.class})
public class ProblemsAutoConfiguration {

    /**
     * Request bodies keep the types the design document gives them, or are a 400 naming the field: no field
     * the API does not know, no fraction cut into an integer (a position of 2.9 is not 2), no number or
     * boolean read as text, no text or number read as a boolean, nothing after the body's value (a second object
     * would be ignored).
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictRequestBodies() {
        return builder -> builder
                .featuresToEnable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .featuresToDisable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

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
