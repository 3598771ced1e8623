package dev.cortexgateway.web;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.xml.MappingJackson2XmlHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * jackson-dataformat-xml is on the classpath for {@link XmlAnswers}; Spring MVC would then offer XML
 * from its own handlers too (and pick it for a browser's {@code Accept}, which ranks XML above
 * {@code *}{@code /*}). The gateway's XML is only what {@link ContentNegotiationFilter} writes, so the
 * MVC converters stay JSON.
 */
@Configuration(proxyBeanMethods = false)
public class JsonOnlyMvcConverters implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.removeIf(MappingJackson2XmlHttpMessageConverter.class::isInstance);
    }
}
