package dev.cortexgateway.playground;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The playground (docs/decisions/0020-playground-and-browser-tests.md): a plain HTML/JS page under
 * {@code /playground} that chats with this gateway as the {@code demo-web} client, and {@code /}
 * redirecting to it. Only with {@code gateway.playground.enabled=true} (the {@code local} profile);
 * otherwise nothing is mapped and both paths answer the 404 envelope like any unknown path.
 *
 * <p>Its files are Spring static resources from {@code classpath:/playground/} (not {@code /static},
 * which Spring would serve whatever the setting); Spring picks each file's content type from its
 * extension, and a file that is not there is the 404 envelope too. The chart scripts come from the
 * vega, vega-lite and vega-embed webjars under {@code /webjars}, as Swagger UI's do.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.playground.enabled", havingValue = "true")
public class PlaygroundConfiguration implements WebMvcConfigurer {

    static final String PAGE = "/playground";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", PAGE);
        registry.addViewController(PAGE).setViewName("forward:" + PAGE + "/index.html");
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // no-cache: the browser revalidates (ETag from the jar's last-modified), so a new jar's
        // page and scripts are picked up together
        registry.addResourceHandler(PAGE + "/**")
                .addResourceLocations("classpath:/playground/")
                .setCacheControl(CacheControl.noCache());
    }
}
